import type { CallApplication, CallContext, NodeConfig } from '../calls/call-application.js';
import { DEFAULT_JOIN_HEADER, LegPairs } from '../recorder/leg-pairs.js';
import { legNumbers, settleRecording } from '../recorder/settle-recording.js';
import type { Spool } from '../spool/spool.js';
import { recordSiprec } from './siprec-recorder.js';

export interface CallRecorderOptions {
  /** The node's configuration now: the rules are read when a call ends (default: the call's own copy). */
  config?: () => NodeConfig;
  /** SIP header whose value joins two legs of one call into a stereo item (RAMAL_RECORDING_JOIN_HEADER). */
  joinHeader?: string;
  /** How long a lone joined leg waits, once ended, for the other direction (default 5 s). */
  partnerWaitMs?: number;
}

/**
 * A plain SIP recording leg: the PBX sends the call's audio to the node, which writes every 20 ms
 * frame to the spool as it arrives (synced to disk every second), so neither a hang-up, a crash
 * of the node nor a storage outage loses what was said. Two legs carrying the same join header
 * (one per direction) become one stereo item; SIPREC sessions go to recordSiprec. At the end the
 * rules (manual 5.4) keep the item or drop it from the spool.
 */
export function callRecorderApp(spool: Spool, options: CallRecorderOptions = {}): CallApplication {
  let pairs: LegPairs | null = null;
  const joinHeader = options.joinHeader ?? DEFAULT_JOIN_HEADER;
  return {
    async run(context) {
      const config = () => options.config?.() ?? context.config;
      if (context.recording) return recordSiprec({ ...context, recording: context.recording }, spool, config);
      const joinId = context.call.header(joinHeader)?.trim();
      if (joinId) {
        pairs ??= new LegPairs({ spool, log: context.log, partnerWaitMs: options.partnerWaitMs });
        if (await recordJoinedLeg(context, pairs, joinId, config)) return;
      }
      return recordLeg(context, spool, config);
    },
  };
}

function callEnded(signal: AbortSignal): Promise<void> {
  return new Promise<void>((done) => {
    if (signal.aborted) return done();
    signal.addEventListener('abort', () => done(), { once: true });
  });
}

/** One direction of a two-leg call; false when its pair was already complete (it is then recorded alone). */
async function recordJoinedLeg(context: CallContext, pairs: LegPairs, joinId: string, config: () => NodeConfig): Promise<boolean> {
  const { call, media, log } = context;
  const leg = pairs.join(joinId, { callId: call.callId, from: call.from, to: call.to, dialled: call.dialled, numbers: legNumbers(call, context.config) });
  if (!leg) {
    log.warn('a third leg with the same join value: recorded on its own', { callId: call.callId, joinId });
    return false;
  }
  const digits: string[] = [];
  const stopAudio = media.onAudio((frame) => leg.push(frame));
  const stopDtmf = media.onDtmf((event) => digits.push(event.digit));
  log.info('recording leg joined', { joinId, channel: leg.channel });
  await callEnded(call.signal);
  stopAudio();
  stopDtmf();
  await leg.end({ digits: digits.join(''), config, packetsIn: media.stats().packetsIn });
  return true;
}

async function recordLeg(context: CallContext, spool: Spool, config: () => NodeConfig): Promise<void> {
  const { call, media, log } = context;
  const startedAt = new Date();
  // Subscribe before any await: frames that play out while the spool opens its files are
  // held here and written first, so the recording starts with the call.
  const early: Int16Array[] = [];
  const digits: string[] = [];
  let write = (frame: Int16Array): void => void early.push(frame.slice());
  const stopAudio = media.onAudio((frame) => write(frame));
  const stopDtmf = media.onDtmf((event) => digits.push(event.digit));
  const writer = await spool.beginAudio({
    kind: 'call-recording', startedAt,
    metadata: { callId: call.callId, from: call.from.user, fromName: call.from.displayName ?? null, to: call.to.user, dialled: call.dialled },
  });
  for (const frame of early) writer.write(frame);
  write = (frame) => writer.write(frame);
  await callEnded(call.signal);
  stopAudio();
  stopDtmf();
  if (media.stats().packetsIn === 0) {
    // No audio ever arrived (a record-only leg plays silence until it does): nothing to keep.
    await writer.abort();
    log.warn('recording leg ended without audio', { callId: call.callId });
    return;
  }
  const endedAt = new Date();
  const now = config();
  await settleRecording({
    writer, config: now, log, callId: call.callId,
    durationMs: endedAt.getTime() - startedAt.getTime(),
    numbers: legNumbers(call, now),
    metadata: { endedAt: endedAt.toISOString(), digits: digits.join('') },
  });
}
