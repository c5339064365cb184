import { XMLParser } from 'fast-xml-parser';

/**
 * The recording metadata a SIPREC client sends with its INVITE (RFC 7865/7866,
 * `application/rs-metadata+xml`): who takes part in the recorded call and which labelled SDP
 * stream each of them sends. Three shapes are met in the field and all are read here:
 *   - RFC 7865: `participant_id`/`stream_id` attributes, `<nameID aor>` with `<name>`, and
 *     `<participantstreamassoc>` holding `<send>`/`<recv>`, `<participantsessionassoc>` with
 *     `<associate-time>`/`<disassociate-time>`;
 *   - the draft form still sent by older SBCs (Acme Packet/Oracle): `id` attributes, `<aor>` and
 *     `<name>` or `<nameID>` directly in `<participant>`, `<send>` inside the participant;
 *   - either namespace (`urn:ietf:params:xml:ns:recording` with or without `:1`).
 */
export interface MetadataParticipant {
  id: string;
  /** sip:/tel: address of record, as sent. */
  aor: string;
  /** The user part of the AoR (an extension or an external number), '' when none. */
  number: string;
  name: string;
  /** Stream ids this participant sends. */
  sends: string[];
  associatedAt: Date | null;
  disassociatedAt: Date | null;
}

export interface RecordingMetadata {
  /** 'partial' updates (re-INVITE) only carry what changed. */
  dataMode: 'complete' | 'partial';
  /** The recorded communication session's id, '' when absent. */
  sessionId: string;
  participants: MetadataParticipant[];
  /** Stream id → the SDP `a=label` it describes. */
  streams: Map<string, string>;
}

export class MetadataError extends Error {
  readonly code = 'SIPREC_METADATA';
  override readonly name = 'MetadataError';
}

/** Metadata larger than this is refused: a real call's is a few kilobytes. */
export const MAX_METADATA_BYTES = 256 * 1024;

const LISTS = new Set(['participant', 'stream', 'session', 'send', 'recv', 'participantstreamassoc', 'participantsessionassoc', 'nameID', 'name', 'aor', 'label']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  // Entities beyond the five XML ones are refused before parsing (see parseRecordingMetadata).
  processEntities: true,
  isArray: (name) => LISTS.has(name),
});

type Node = Record<string, unknown>;

const list = (value: unknown): Node[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v) => (typeof v === 'object' && v !== null ? (v as Node) : { '#text': String(v) }));
const text = (value: unknown): string => {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined || first === null) return '';
  if (typeof first === 'object') return String((first as Node)['#text'] ?? '').trim();
  return String(first).trim();
};
const attr = (node: Node, ...names: string[]): string => {
  for (const name of names) {
    const value = node[`@${name}`];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return '';
};
const time = (value: unknown): Date | null => {
  const raw = text(value);
  if (!raw) return null;
  const at = new Date(raw);
  return Number.isNaN(at.getTime()) ? null : at;
};

/** `sip:2001@pbx;user=phone` → `2001`; `tel:+5511...` → `+5511...`. */
export function aorNumber(aor: string): string {
  const match = /^(?:sips?|tel):([^@;>?]*)/i.exec(aor.trim().replace(/^<|>$/g, ''));
  return match ? decodeURIComponent(match[1] ?? '').slice(0, 80) : '';
}

/** Parses one metadata document; MetadataError when it is not recording metadata. */
export function parseRecordingMetadata(xml: string | Buffer): RecordingMetadata {
  const source = typeof xml === 'string' ? xml : xml.toString('utf8');
  if (Buffer.byteLength(source) > MAX_METADATA_BYTES) throw new MetadataError('metadata larger than 256 KB');
  // A DOCTYPE can declare entities that expand without bound; recording metadata never needs one.
  if (/<!DOCTYPE|<!ENTITY/i.test(source)) throw new MetadataError('metadata with a DOCTYPE is refused');
  let doc: Node;
  try {
    doc = parser.parse(source, true) as Node;
  } catch (error) {
    throw new MetadataError(`metadata is not well-formed XML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  const root = doc.recording;
  if (typeof root !== 'object' || root === null) throw new MetadataError('metadata has no <recording> element');
  const recording = root as Node;
  const mode = text(recording.datamode ?? recording.dataMode).toLowerCase();

  const streams = new Map<string, string>();
  for (const stream of list(recording.stream)) {
    const id = attr(stream, 'stream_id', 'id');
    const label = text(stream.label);
    if (id && label) streams.set(id, label);
  }

  const participants = new Map<string, MetadataParticipant>();
  for (const p of list(recording.participant)) {
    const id = attr(p, 'participant_id', 'id');
    if (!id) continue;
    const nameId = list(p.nameID)[0];
    const aor = (nameId ? attr(nameId, 'aor') : '') || text(p.aor);
    const name = text(nameId ? nameId.name : undefined) || text(p.name);
    participants.set(id, {
      id, aor, number: aorNumber(aor), name: name.slice(0, 120),
      sends: list(p.send).map((s) => text(s)).filter(Boolean),
      associatedAt: time(p['associate-time'] ?? p['start-time']),
      disassociatedAt: time(p['disassociate-time'] ?? p['end-time']),
    });
  }
  // A partial update may speak of a participant it does not describe again (one who left).
  const known = (id: string): MetadataParticipant | undefined => {
    if (!id) return undefined;
    if (!participants.has(id)) participants.set(id, { id, aor: '', number: '', name: '', sends: [], associatedAt: null, disassociatedAt: null });
    return participants.get(id);
  };
  for (const assoc of list(recording.participantstreamassoc)) {
    const who = known(attr(assoc, 'participant_id', 'participant'));
    if (!who) continue;
    for (const s of list(assoc.send)) {
      const id = text(s);
      if (id && !who.sends.includes(id)) who.sends.push(id);
    }
  }
  for (const assoc of list(recording.participantsessionassoc)) {
    const who = known(attr(assoc, 'participant_id', 'participant'));
    if (!who) continue;
    who.associatedAt = time(assoc['associate-time']) ?? who.associatedAt;
    who.disassociatedAt = time(assoc['disassociate-time']) ?? who.disassociatedAt;
  }
  const session = list(recording.session)[0];
  return {
    dataMode: mode === 'partial' ? 'partial' : 'complete',
    sessionId: session ? attr(session, 'session_id', 'id') : '',
    participants: [...participants.values()],
    streams,
  };
}
