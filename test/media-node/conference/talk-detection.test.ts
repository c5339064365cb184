import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES } from '../../../media-node/audio/pcm.js';
import { TalkDetector, frameEnergy } from '../../../media-node/conference/talk-detector.js';
import { room, silence, sine } from './fake-member.js';

/** Frame indexes (20 ms each) at which the detector changed state, with the new state. */
function flips(frames: Int16Array[]): Array<[number, boolean]> {
  const detector = new TalkDetector();
  const out: Array<[number, boolean]> = [];
  frames.forEach((f, i) => detector.update(frameEnergy(f)) && out.push([i, detector.talking]));
  return out;
}

describe('talk detection', () => {
  it('starts 60 ms into a 300 ms burst and stops only after 400 ms of quiet', () => {
    const frames = [...silence(10), ...sine(400, 5000, 15), ...silence(40)];
    const changes = flips(frames);
    expect(changes).toHaveLength(2);
    const [[start, on], [stop, off]] = changes as [[number, boolean], [number, boolean]];
    expect(on).toBe(true);
    expect(off).toBe(false);
    expect((start - 10 + 1) * 20).toBe(60);
    // The burst ends at frame 25; the smoothed level needs a frame or two to fall, then 400 ms.
    expect((stop - 25) * 20).toBeGreaterThanOrEqual(400);
    expect((stop - 25) * 20).toBeLessThanOrEqual(460);
  });

  it('rides over a 200 ms pause between words', () => {
    const frames = [...sine(400, 5000, 15), ...silence(10), ...sine(400, 5000, 15), ...silence(40)];
    expect(flips(frames).map(([, s]) => s)).toEqual([true, false]);
  });

  it('ignores a full-scale 20 ms click, even one split across two frames', () => {
    const click = Int16Array.from({ length: FRAME_SAMPLES }, (_, i) => (i % 2 ? 32767 : -32768));
    const half = (from: number, to: number) => Int16Array.from({ length: FRAME_SAMPLES }, (_, i) => (i >= from && i < to ? click[i]! : 0));
    expect(flips([...silence(5), click, ...silence(30)])).toEqual([]);
    expect(flips([...silence(5), half(80, 160), half(0, 80), ...silence(30)])).toEqual([]);
  });

  it("emits 'talking' through the mixer and clears it at once when the member is muted", async () => {
    const r = room();
    const events: Array<{ id: string; talking: boolean }> = [];
    r.mixer.on('talking', (e) => events.push(e));
    const [a, b] = [r.join('a'), r.join('b')];
    const voice = sine(400, 5000, 10);
    for (let t = 0; t < 10; t++) await r.step([a!, b!], { a: voice }, t);
    expect(events).toEqual([{ id: 'a', talking: true }]);
    expect(r.mixer.member('a')?.talking).toBe(true);
    r.mixer.mute('a');
    expect(events).toEqual([{ id: 'a', talking: true }, { id: 'a', talking: false }]);
    for (let t = 0; t < 10; t++) await r.step([a!, b!], { a: voice }, t);
    expect(r.mixer.member('a')?.talking).toBe(false);
  });
});
