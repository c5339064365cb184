import type { MetadataParticipant, RecordingMetadata } from './rs-metadata.js';

/** A participant as the stored recording keeps it: when they were on the call, by SDP label. */
export interface RecordedParticipant {
  id: string;
  aor: string;
  number: string;
  name: string;
  /** The SDP labels of the streams this participant sends (the channel they are heard on). */
  labels: string[];
  joinedAt: Date;
  leftAt: Date | null;
}

/**
 * The metadata of one recording session as it evolves: the INVITE's document, then each
 * re-INVITE's (complete documents replace what they describe, partial ones add to it). A transfer
 * shows up as a new participant sending on an existing label; the one it replaced gets its
 * disassociate time, or the time the newcomer appeared.
 */
export class MetadataState {
  private readonly people = new Map<string, RecordedParticipant>();
  private readonly streams = new Map<string, string>();
  sessionId = '';

  constructor(private readonly now: () => Date = () => new Date()) {}

  apply(metadata: RecordingMetadata): void {
    if (metadata.sessionId) this.sessionId ||= metadata.sessionId;
    for (const [id, label] of metadata.streams) this.streams.set(id, label);
    const at = this.now();
    for (const incoming of metadata.participants) this.merge(incoming, at);
    if (metadata.dataMode === 'complete') {
      // A complete document lists everyone still on the call; those it leaves out have left.
      const present = new Set(metadata.participants.map((p) => p.id));
      for (const p of this.people.values()) if (!present.has(p.id) && p.leftAt === null) p.leftAt = at;
    }
  }

  /** Everyone seen so far, in order of joining. */
  participants(): RecordedParticipant[] {
    return [...this.people.values()].sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime());
  }

  /** Who sends on this label now (the latest to join of those still on the call). */
  senderOf(label: string): RecordedParticipant | undefined {
    return this.participants().filter((p) => p.labels.includes(label) && p.leftAt === null).at(-1);
  }

  private merge(incoming: MetadataParticipant, at: Date): void {
    const labels = incoming.sends.map((s) => this.streams.get(s) ?? s);
    const known = this.people.get(incoming.id);
    if (known) {
      for (const l of labels) if (!known.labels.includes(l)) known.labels.push(l);
      if (incoming.aor) known.aor = incoming.aor;
      if (incoming.number) known.number = incoming.number;
      if (incoming.name) known.name = incoming.name;
      if (incoming.disassociatedAt) known.leftAt = incoming.disassociatedAt;
      return;
    }
    const joinedAt = incoming.associatedAt ?? at;
    // The newcomer takes over the labels it sends from whoever sent them before (a transfer).
    for (const label of labels) {
      for (const p of this.people.values()) if (p.leftAt === null && p.labels.includes(label)) p.leftAt = joinedAt;
    }
    this.people.set(incoming.id, { id: incoming.id, aor: incoming.aor, number: incoming.number, name: incoming.name, labels, joinedAt, leftAt: incoming.disassociatedAt });
  }
}
