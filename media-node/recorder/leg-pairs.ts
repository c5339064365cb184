import type { NodeConfig } from '../../functions/services/media-nodes/node-config.js';
import type { NodeLogger } from '../log.js';
import { StereoPairer } from '../siprec/stereo-pairer.js';
import type { AudioWriter } from '../spool/audio-writer.js';
import type { Spool } from '../spool/spool.js';
import { settleRecording } from './settle-recording.js';

/** The header naming the recording two legs belong to, unless RAMAL_RECORDING_JOIN_HEADER says otherwise. */
export const DEFAULT_JOIN_HEADER = 'X-Ramal-Recording-Id';

/** What the node knows of one plain recording leg from its INVITE. */
export interface LegDescription {
  callId: string;
  from: { user: string; uri: string; displayName?: string };
  to: { user: string; uri: string; displayName?: string };
  dialled: string;
  /** From, To and dialled as participants: the recorder's own service code left out. */
  numbers: string[];
}

export interface JoinedLeg {
  /** 0 left (the first leg to arrive), 1 right. */
  readonly channel: 0 | 1;
  /** One 20 ms frame of this leg's audio; call synchronously from the audio subscription. */
  push(frame: Int16Array): void;
  /**
   * This leg's call is over. Resolves when the shared item is settled if this was the last leg,
   * (a lone leg waits for its partner first), at once otherwise.
   */
  end(details: { digits: string; config: () => NodeConfig; /** RTP packets the leg received: none means no audio. */ packetsIn: number }): Promise<void>;
}

interface LegState extends LegDescription {
  channel: 0 | 1;
  startedAt: Date;
  endedAt: Date | null;
  digits: string;
}

export interface LegPairsOptions {
  spool: Spool;
  log: NodeLogger;
  /** How long a pair whose only leg has ended waits for the other direction (default 5 s). */
  partnerWaitMs?: number;
  now?: () => Date;
}

/**
 * Two-leg plain recording, for PBXs without SIPREC that send each direction of a call as its own
 * INVITE: legs carrying the same join value are written into one stereo item from the moment the
 * first arrives (so the spool holds it frame by frame, as for any recording), the first leg on the
 * left. The StereoPairer keeps the channels aligned and fills a side that is absent with silence.
 */
export class LegPairs {
  private readonly open = new Map<string, LegPair>();

  constructor(private readonly options: LegPairsOptions) {}

  /** Adds a leg to its pair (creating it); null when that pair already has two legs. */
  join(joinId: string, leg: LegDescription): JoinedLeg | null {
    let pair = this.open.get(joinId);
    if (!pair) {
      pair = new LegPair(joinId, this.options, () => this.open.delete(joinId));
      this.open.set(joinId, pair);
    }
    return pair.add(leg);
  }

  /** Join values of pairs not yet settled (for tests and diagnostics). */
  get pending(): string[] {
    return [...this.open.keys()];
  }
}

class LegPair {
  private readonly legs: LegState[] = [];
  private readonly early: [Int16Array, Int16Array][] = [];
  private sink = (l: Int16Array, r: Int16Array): void => void this.early.push([l, r]);
  // The right side begins when the second leg arrives; until then the left waits at most 1 s.
  private readonly pairer = new StereoPairer((l, r) => this.sink(l, r), { starts: [0, null], slackFrames: 50 });
  private writer: Promise<AudioWriter | null> = Promise.resolve(null);
  private packetsIn = 0;
  private waitTimer: NodeJS.Timeout | null = null;
  private settled: Promise<void> | null = null;
  private releaseWait: () => void = () => {};
  private readonly now: () => Date;

  constructor(private readonly joinId: string, private readonly options: LegPairsOptions, private readonly forget: () => void) {
    this.now = options.now ?? (() => new Date());
  }

  add(leg: LegDescription): JoinedLeg | null {
    if (this.legs.length === 2 || this.settled) return null;
    const state: LegState = { ...leg, channel: this.legs.length as 0 | 1, startedAt: this.now(), endedAt: null, digits: '' };
    this.legs.push(state);
    if (state.channel === 0) this.begin(state);
    // Both legs play one frame per 20 ms from their start: the second begins where its start falls.
    else this.pairer.begin(1, Math.round((state.startedAt.getTime() - (this.legs[0] as LegState).startedAt.getTime()) / 20));
    this.stopWaiting();
    return {
      channel: state.channel,
      push: (frame) => this.pairer.push(state.channel, frame),
      end: ({ digits, config, packetsIn }) => {
        state.endedAt = this.now();
        state.digits = digits;
        this.packetsIn += packetsIn;
        if (this.legs.some((l) => l.endedAt === null)) return Promise.resolve();
        if (this.legs.length === 2) return this.settle(config);
        return this.waitForPartner().then(() => (this.legs.every((l) => l.endedAt) ? this.settle(config) : undefined));
      },
    };
  }

  private begin(first: LegState): void {
    const { spool, log } = this.options;
    // Frames land in `early` until the file is open, then go straight to it.
    this.writer = spool
      .beginAudio({
        kind: 'call-recording', startedAt: first.startedAt, channels: 2,
        metadata: { callId: first.callId, joinId: this.joinId, channels: 2, from: first.from.user, fromName: first.from.displayName ?? null, to: first.to.user, dialled: first.dialled },
      })
      .then((writer) => {
        for (const [l, r] of this.early.splice(0)) writer.write([l, r]);
        this.sink = (l, r) => writer.write([l, r]);
        return writer;
      })
      .catch((error: unknown) => {
        log.error('recording could not be started', { callId: first.callId, error: String(error) });
        this.sink = () => {};
        return null;
      });
  }

  /** Resolves when the other leg arrives or the wait runs out. */
  private waitForPartner(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.releaseWait = resolve;
      this.waitTimer = setTimeout(resolve, this.options.partnerWaitMs ?? 5000);
    });
  }

  private stopWaiting(): void {
    if (this.waitTimer) clearTimeout(this.waitTimer);
    this.waitTimer = null;
    this.releaseWait();
  }

  private settle(config: () => NodeConfig): Promise<void> {
    this.settled ??= (async () => {
      this.forget();
      this.pairer.flush();
      const writer = await this.writer;
      if (!writer) return;
      const first = this.legs[0] as LegState;
      const { log } = this.options;
      if (this.packetsIn === 0) {
        await writer.abort();
        log.warn('recording legs ended without audio', { callId: first.callId, joinId: this.joinId });
        return;
      }
      const endedAt = new Date(Math.max(...this.legs.map((l) => (l.endedAt as Date).getTime())));
      await settleRecording({
        writer, config: config(), log, callId: first.callId,
        durationMs: endedAt.getTime() - first.startedAt.getTime(),
        numbers: this.legs.flatMap((l) => l.numbers),
        metadata: { endedAt: endedAt.toISOString(), digits: this.legs.map((l) => l.digits).join(''), legs: this.legs.map(legSummary), participants: participantsOfLegs(this.legs) },
      });
    })();
    return this.settled;
  }
}

function legSummary(leg: LegState) {
  return { callId: leg.callId, channel: leg.channel, from: leg.from.user, to: leg.to.user, startedAt: leg.startedAt.toISOString(), endedAt: leg.endedAt?.toISOString() ?? null };
}

/**
 * Participants in the shape a SIPREC item carries: each leg's From is heard on that leg's channel;
 * a number only ever seen in To sends no recorded stream (channel null).
 */
function participantsOfLegs(legs: LegState[]) {
  const byNumber = new Map<string, { id: string; aor: string; number: string; name: string; joinedAt: string; leftAt: string | null; channel: number | null }>();
  for (const leg of legs) {
    for (const [party, sends] of [[leg.from, true], [leg.to, false]] as const) {
      if (!leg.numbers.includes(party.user)) continue;
      const known = byNumber.get(party.user);
      const leftAt = leg.endedAt?.toISOString() ?? null;
      if (known) {
        if (sends && known.channel === null) known.channel = leg.channel;
        if (leftAt && (!known.leftAt || leftAt > known.leftAt)) known.leftAt = leftAt;
        known.name ||= party.displayName ?? '';
        continue;
      }
      byNumber.set(party.user, { id: party.user, aor: party.uri, number: party.user, name: party.displayName ?? '', joinedAt: leg.startedAt.toISOString(), leftAt, channel: sends ? leg.channel : null });
    }
  }
  return [...byNumber.values()];
}
