import type { CallApplication } from '../calls/call-application.js';
import type { Spool } from '../spool/spool.js';
import { recordSiprec } from './siprec-recorder.js';

/**
 * A plain SIP recording leg: the PBX sends the call's audio to the node, which writes every 20 ms
 * frame to the spool as it arrives (synced to disk every second), so neither a hang-up, a crash
 * of the node nor a storage outage loses what was said. The rules, SIPREC metadata and the web
 * side of v-rec build on this item.
 */
export function callRecorderApp(spool: Spool): CallApplication {
  return {
    async run(context) {
      if (context.recording) return recordSiprec({ ...context, recording: context.recording }, spool);
      const { call, media, log } = context;
      const startedAt = new Date();
      // Subscribe before any await: frames that play out while the spool opens its files are
      // held here and written first, so the recording starts with the call.
      const early: Int16Array[] = [];
      const digits: string[] = [];
      let frames = 0;
      let write = (frame: Int16Array): void => void early.push(frame.slice());
      const stopAudio = media.onAudio((frame) => {
        frames++;
        write(frame);
      });
      const stopDtmf = media.onDtmf((event) => digits.push(event.digit));
      const writer = await spool.beginAudio({
        kind: 'call-recording', startedAt,
        metadata: { callId: call.callId, from: call.from.user, fromName: call.from.displayName ?? null, to: call.to.user, dialled: call.dialled },
      });
      for (const frame of early) writer.write(frame);
      write = (frame) => writer.write(frame);
      await new Promise<void>((done) => {
        if (call.signal.aborted) return done();
        call.signal.addEventListener('abort', () => done(), { once: true });
      });
      stopAudio();
      stopDtmf();
      if (frames === 0) {
        // No audio ever arrived: there is nothing to keep, and an empty recording would only confuse.
        await writer.abort();
        log.warn('recording leg ended without audio', { callId: call.callId });
        return;
      }
      const item = await writer.finish({ endedAt: new Date().toISOString(), digits: digits.join('') });
      log.info('recording spooled', { itemId: item.id, durationMs: item.durationMs });
    },
  };
}
