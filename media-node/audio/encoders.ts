import { workerEncoders } from '../spool/encoders.js';

/**
 * The GSM and MP3 encoders the uploader uses, run in worker threads: an hour of MP3 takes tens of
 * seconds of CPU in JavaScript, which must not delay the 20 ms RTP ticks of the calls in progress,
 * and with more than one thread the recordings of calls that end together are encoded in parallel.
 */
export function productionEncoders(threads = 1): ReturnType<typeof workerEncoders> {
  // Sources run as .ts under tsx and as .js once built; the worker loads the same kind.
  const ext = import.meta.url.endsWith('.js') ? '.js' : '.ts';
  return workerEncoders({
    gsm: { module: new URL(`../codecs/gsm/index${ext}`, import.meta.url), export: 'encodeGsm' },
    mp3: { module: new URL(`../codecs/mp3${ext}`, import.meta.url), export: 'encodeMp3' },
    threads,
  });
}
