import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db.js';
import { extensions, users, type CallType } from '../../../schema/index.js';

const SiprecParticipantSchema = z.object({
  id: z.string().default(''),
  aor: z.string().default(''),
  number: z.string().default(''),
  name: z.string().default(''),
  joinedAt: z.iso.datetime({ offset: true }),
  leftAt: z.iso.datetime({ offset: true }).nullable().default(null),
  channel: z.number().int().min(0).max(1).nullable().default(null),
});

/**
 * What the node leaves in a call recording's metadata (media-node/apps/call-recorder.ts and
 * siprec-recorder.ts). A SIPREC session lists its participants; a plain leg has only the SIP
 * headers of the leg the PBX sent, whose From is the caller.
 */
export const CallRecordingMetadataSchema = z.object({
  callId: z.string().default(''),
  siprec: z.boolean().default(false),
  sessionId: z.string().default(''),
  from: z.string().default(''),
  fromName: z.string().nullable().default(null),
  to: z.string().default(''),
  dialled: z.string().default(''),
  endedAt: z.iso.datetime({ offset: true }).optional(),
  channels: z.number().int().min(1).max(2).default(1),
  participants: z.array(SiprecParticipantSchema).max(200).optional(),
});
export type CallRecordingMetadata = z.infer<typeof CallRecordingMetadataSchema>;

/** A participant before the site's extensions say who is internal. */
export interface RawParticipant {
  number: string;
  name: string;
  channel: number | null;
  joinedAt: Date;
  leftAt: Date | null;
}

export interface ResolvedParticipant extends RawParticipant {
  internal: boolean;
  userId: string | null;
}

/** "sip:2001@pbx.test" → "2001", "tel:+5511…" → "+5511…": the number when the metadata gave only an address. */
export function numberOfAor(aor: string): string {
  const rest = aor.trim().replace(/^<|>$/g, '').replace(/^(sips?|tel):/i, '');
  return rest.split('@')[0]!.split(';')[0]!;
}

/**
 * The people on the call, in order of joining (ties keep the metadata's order: the first is the
 * caller). A plain leg gives the caller (From) and the callee: To, or the dialled number, unless
 * either is only the recorder's own code the PBX called to reach the node.
 */
export function rawParticipants(meta: CallRecordingMetadata, startedAt: Date, endedAt: Date, recorderCode: string): RawParticipant[] {
  if (meta.participants) {
    const list = meta.participants.map((p) => ({
      number: p.number || numberOfAor(p.aor), name: p.name, channel: p.channel, joinedAt: new Date(p.joinedAt), leftAt: p.leftAt ? new Date(p.leftAt) : null,
    }));
    return list.map((p, i) => ({ p, i })).sort((a, b) => a.p.joinedAt.getTime() - b.p.joinedAt.getTime() || a.i - b.i).map(({ p }) => p);
  }
  // A mono leg carries everyone on its one channel.
  const out: RawParticipant[] = [];
  if (meta.from) out.push({ number: meta.from, name: meta.fromName ?? '', channel: 0, joinedAt: startedAt, leftAt: endedAt });
  const callee = [meta.to, meta.dialled].find((n) => n && n !== recorderCode && n !== meta.from);
  if (callee) out.push({ number: callee, name: '', channel: 0, joinedAt: startedAt, leftAt: endedAt });
  return out;
}

/** Marks each participant internal when its number is an extension of the site, with the extension's user. */
export async function resolveParticipants(db: Db, orgId: string, siteId: string, raw: RawParticipant[]): Promise<ResolvedParticipant[]> {
  const numbers = [...new Set(raw.map((p) => p.number).filter(Boolean))];
  const known = new Map<string, { name: string; userId: string | null; fullName: string | null }>();
  for (let i = 0; i < numbers.length; i += 50) {
    const rows = await db
      .select({ number: extensions.number, name: extensions.name, userId: extensions.userId, fullName: users.fullName })
      .from(extensions)
      .leftJoin(users, and(eq(users.id, extensions.userId), eq(users.orgId, orgId)))
      .where(and(eq(extensions.orgId, orgId), eq(extensions.siteId, siteId), inArray(extensions.number, numbers.slice(i, i + 50))));
    for (const r of rows) known.set(r.number, { name: r.name, userId: r.fullName === null ? null : r.userId, fullName: r.fullName });
  }
  return raw.map((p) => {
    const ext = known.get(p.number);
    if (!ext) return { ...p, internal: false, userId: null };
    return { ...p, name: p.name || ext.name || ext.fullName || '', internal: true, userId: ext.userId };
  });
}

export interface CallSummary {
  type: CallType;
  access: string;
  identification: string;
}

/**
 * Manual 5.3's columns: made when an extension called out, received when an outside caller rang
 * in, internal when only extensions spoke; access is the first extension on the call, and
 * identification the first outside number.
 */
export function summarizeCall(participants: ResolvedParticipant[]): CallSummary {
  const access = participants.find((p) => p.internal)?.number ?? '';
  const identification = participants.find((p) => !p.internal && p.number)?.number ?? '';
  const caller = participants[0];
  const type: CallType = !identification ? 'internal' : caller && !caller.internal ? 'received' : 'made';
  return { type, access, identification };
}
