import { afterAll, describe, expect, it } from 'vitest';
import { encodeGsm } from '../../../media-node/codecs/gsm/index.js';
import { encodeMp3 } from '../../../media-node/codecs/mp3.js';
import { workerEncoders } from '../../../media-node/spool/encoders.js';
import { realEncoders, testTone } from './central-fixture.js';

const encoders = realEncoders();
afterAll(() => encoders.close());

describe('worker encoders', () => {
  it('give the same bytes as the codecs called directly', async () => {
    const pcm = testTone(3000, 2);
    expect(Buffer.from(await encoders.gsm(pcm)).equals(Buffer.from(encodeGsm(pcm)))).toBe(true);
    expect(Buffer.from(await encoders.mp3(pcm)).equals(Buffer.from(encodeMp3(pcm)))).toBe(true);
  });

  it('keep the event loop free while two minutes of audio are encoded (a 5 ms timer keeps ticking; on the loop the encode would block it throughout)', async () => {
    const pcm = testTone(120_000, 3);
    await encoders.gsm(testTone(20)); // worker started and modules loaded outside the measurement
    let last = performance.now();
    let worst = 0;
    let ticks = 0;
    const timer = setInterval(() => {
      ticks++;
      const now = performance.now();
      worst = Math.max(worst, now - last - 5);
      last = now;
    }, 5);
    const started = performance.now();
    await Promise.all([encoders.gsm(pcm), encoders.mp3(pcm)]);
    const elapsed = performance.now() - started;
    clearInterval(timer);
    console.log(`worker encode of 120 s (GSM + MP3): ${elapsed.toFixed(0)} ms, ${ticks} ticks of 5 ms, worst timer lag ${worst.toFixed(1)} ms`);
    // Loose bounds because other tests share the CPU; an encode on the loop gives ~0 ticks and lag ≈ elapsed.
    expect(ticks).toBeGreaterThan(elapsed / 5 / 3);
    expect(worst).toBeLessThan(elapsed / 4);
  });

  it('a missing export rejects the job with a clear error', async () => {
    const broken = workerEncoders({
      gsm: { module: new URL('../../../media-node/codecs/mp3.ts', import.meta.url), export: 'noSuchEncoder' },
      mp3: { module: new URL('../../../media-node/codecs/mp3.ts', import.meta.url), export: 'encodeMp3' },
    });
    try {
      await expect(broken.gsm(testTone(20))).rejects.toThrow(/no function export noSuchEncoder/);
    } finally {
      await broken.close();
    }
  });
});
