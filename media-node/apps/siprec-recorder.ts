import type { CallContext, NodeConfig } from '../calls/call-application.js';
import type { EstablishedRecording } from '../calls/recording-media-setup.js';
import { settleRecording } from '../recorder/settle-recording.js';
import { StereoPairer } from '../siprec/stereo-pairer.js';
import type { Spool } from '../spool/spool.js';

/**
 * A SIPREC session (RFC 7866): each side of the call arrives as its own labelled stream and is
 * written to its own channel of one stereo recording (the first stream left), frame by frame into
 * the spool like any recording leg, so a hang-up or a crash keeps what was said. Who was on the
 * call, with their numbers, channels and times, comes from the metadata and goes with the item;
 * the same numbers decide the rules (manual 5.4), read from `config` as it is when the call ends.
 */
export async function recordSiprec(context: CallContext & { recording: EstablishedRecording }, spool: Spool, config: () => NodeConfig = () => context.config): Promise<void> {
  const { call, log, recording } = context;
  const startedAt = new Date();
  const [left, right] = recording.streams;
  if (!left) return;
  const channels = right ? 2 : 1;
  // Frames that play out while the spool opens its files wait here (see call-recorder.ts).
  const early: (Int16Array | [Int16Array, Int16Array])[] = [];
  let sink = (frame: Int16Array | [Int16Array, Int16Array]): void => void early.push(frame);
  const pairer = new StereoPairer((l, r) => sink([l, r]));
  const stops = right
    ? [left.media.onAudio((f) => pairer.push(0, f)), right.media.onAudio((f) => pairer.push(1, f))]
    : [left.media.onAudio((f) => sink(f.slice()))];
  const writer = await spool.beginAudio({
    kind: 'call-recording', startedAt, channels,
    metadata: { callId: call.callId, siprec: true, channels, sessionId: recording.metadata.sessionId, from: call.from.user, to: call.to.user, dialled: call.dialled, labels: recording.streams.map((s) => s.label) },
  });
  for (const frame of early) writer.write(frame);
  sink = (frame) => writer.write(frame);
  await new Promise<void>((done) => {
    if (call.signal.aborted) return done();
    call.signal.addEventListener('abort', () => done(), { once: true });
  });
  for (const stop of stops) stop();
  pairer.flush();
  // Record-only streams play silence from the start, so whether anything was said is told by packets.
  if (recording.streams.every((s) => s.media.stats().packetsIn === 0)) {
    await writer.abort();
    log.warn('recording session ended without audio', { callId: call.callId });
    return;
  }
  const participants = recording.metadata.participants().map((p) => {
    // The channel each participant is heard on: 0 left, 1 right; null when they send no recorded stream.
    const channel = recording.streams.findIndex((s) => p.labels.includes(s.label));
    return { id: p.id, aor: p.aor, number: p.number, name: p.name, joinedAt: p.joinedAt.toISOString(), leftAt: p.leftAt?.toISOString() ?? null, channel: channel === -1 ? null : channel };
  });
  const endedAt = new Date();
  await settleRecording({
    writer, config: config(), log, callId: call.callId,
    durationMs: endedAt.getTime() - startedAt.getTime(),
    numbers: participants.map((p) => p.number),
    metadata: { endedAt: endedAt.toISOString(), participants },
  });
}
