import { beforeAll, describe, expect, it } from 'vitest';
import { FRAME_SAMPLES } from '../../../media-node/audio/pcm.js';
import { clamp16, concat, correlation, rms, room, sine, type Joined } from './fake-member.js';

const FRAMES = 50; // one second: whole periods of every test tone, so distinct tones are orthogonal

async function run(members: Joined[], signals: Record<string, Int16Array[]>, step: ReturnType<typeof room>['step'], frames = FRAMES): Promise<void> {
  for (let t = 0; t < frames; t++) await step(members, signals, t);
}

function mixOf(signals: Int16Array[][], frames = FRAMES): Float64Array {
  const out = new Float64Array(frames * FRAME_SAMPLES);
  for (const s of signals) concat(s).forEach((v, i) => (out[i] = out[i]! + v));
  return out.map(clamp16);
}

describe('conference mixer: N−1 mix', () => {
  it('gives each member the sum of the others and nothing of its own voice', async () => {
    const r = room();
    const members = ['a', 'b', 'c'].map((id) => r.join(id));
    const signals = { a: sine(300, 6000, FRAMES), b: sine(500, 6000, FRAMES), c: sine(700, 6000, FRAMES) };
    await run(members, signals, r.step);
    for (const m of members) {
      expect(m.media.sent).toHaveLength(FRAMES);
      const heard = concat(m.media.sent);
      const others = Object.entries(signals).filter(([id]) => id !== m.id).map(([, s]) => s);
      expect(correlation(heard, mixOf(others))).toBeGreaterThan(0.999);
      expect(Math.abs(correlation(heard, concat(signals[m.id as keyof typeof signals])))).toBeLessThan(0.01);
    }
  });

  it('saturates three full-scale members at the int16 limits instead of wrapping', async () => {
    const r = room();
    const members = ['a', 'b', 'c'].map((id) => r.join(id));
    const loud = sine(400, 32767, FRAMES);
    await run(members, { a: loud, b: loud, c: loud }, r.step);
    const heard = concat(members[0]!.media.sent);
    const expected = concat(loud).map((v) => clamp16(2 * v));
    expect(heard).toEqual(expected);
    expect(Math.max(...heard)).toBe(32767);
    expect(Math.min(...heard)).toBe(-32768);
  });

  it('lets nobody hear muted and listen-only members, who still hear the others', async () => {
    const r = room();
    const [a, b, c] = [r.join('a', { muted: true }), r.join('b', { listenOnly: true }), r.join('c')] as [Joined, Joined, Joined];
    const signals = { a: sine(300, 8000, FRAMES), b: sine(500, 8000, FRAMES), c: sine(700, 8000, FRAMES) };
    await run([a, b, c], signals, r.step);
    expect(rms(concat(c.media.sent))).toBe(0);
    expect(concat(a.media.sent)).toEqual(concat(signals.c));
    expect(concat(b.media.sent)).toEqual(concat(signals.c));
    expect(r.mixer.unmute('a')).toBe(true);
    await run([a, b, c], signals, r.step);
    expect(concat(c.media.sent.slice(FRAMES))).toEqual(concat(signals.a));
    expect(r.mixer.mute('nobody')).toBe(false);
  });
});

describe('conference mixer: levels', () => {
  const level = async (configure: (r: ReturnType<typeof room>) => void, listener = 'b') => {
    const r = room();
    const members = [r.join('a'), r.join('b')];
    configure(r);
    await run(members, { a: sine(400, 4000, FRAMES), b: sine(600, 4000, FRAMES) }, r.step);
    return rms(concat(members.find((m) => m.id === listener)!.media.sent));
  };
  let reference = 0;
  beforeAll(async () => {
    reference = await level(() => {});
  });

  it('raises the whole room by 3 dB per conference step', async () => {
    expect(await level((r) => expect(r.mixer.stepConferenceGain(1)).toBe(3)) / reference).toBeCloseTo(10 ** (3 / 20), 2);
    expect(await level((r) => r.mixer.stepConferenceGain(-2)) / reference).toBeCloseTo(10 ** (-6 / 20), 2);
  });

  it("lowers how loud one member is to the others, not what that member hears", async () => {
    expect(await level((r) => expect(r.mixer.stepMemberInputGain('a', -2)).toBe(-6)) / reference).toBeCloseTo(10 ** (-6 / 20), 2);
    expect(await level((r) => r.mixer.stepMemberInputGain('a', -2), 'a')).toBeCloseTo(reference, 0);
  });

  it("changes only what one member hears with its output gain", async () => {
    expect(await level((r) => r.mixer.setMemberOutputGain('b', 6)) / reference).toBeCloseTo(10 ** (6 / 20), 2);
    expect(await level((r) => r.mixer.setMemberOutputGain('b', 6), 'a')).toBeCloseTo(reference, 0);
  });

  it('clamps levels to ±12 dB in whole 3 dB steps', async () => {
    const r = room();
    r.join('a');
    expect(r.mixer.stepConferenceGain(10)).toBe(12);
    expect(r.mixer.setConferenceGain(-40)).toBe(-12);
    expect(r.mixer.setConferenceGain(4)).toBe(3);
    expect(r.mixer.stepMemberInputGain('a', 5)).toBe(12);
    expect(r.mixer.stepMemberInputGain('nobody', 1)).toBeUndefined();
  });
});

describe('conference mixer: recording and prompts', () => {
  it('records the saturated sum of everyone who may speak, frame by frame', async () => {
    const r = room();
    const frames: Int16Array[] = [];
    r.mixer.startRecording({ write: (f) => frames.push(f) });
    const members = [r.join('a'), r.join('b'), r.join('c'), r.join('d', { muted: true })];
    const signals = { a: sine(300, 20000, FRAMES), b: sine(500, 20000, FRAMES), c: sine(700, 20000, FRAMES), d: sine(900, 20000, FRAMES) };
    await run(members, signals, r.step);
    expect(frames).toHaveLength(FRAMES);
    expect(concat(frames)).toEqual(mixOf([signals.a, signals.b, signals.c]));
    expect(Math.max(...concat(frames))).toBe(32767);
  });

  it('keeps recording an empty room until stopped, then hands the sink back', async () => {
    const r = room();
    const frames: Int16Array[] = [];
    const sink = { write: (f: Int16Array) => frames.push(f) };
    r.mixer.startRecording(sink);
    r.ticks.tick(10);
    expect(frames).toHaveLength(10);
    expect(rms(concat(frames))).toBe(0);
    expect(r.mixer.stopRecording()).toBe(sink);
    r.ticks.tick(5);
    expect(frames).toHaveLength(10);
    expect(r.ticks.registered).toBe(0);
  });

  it('mixes a prompt into everyone and one into a single member without stopping the mix', async () => {
    const r = room();
    const recorded: Int16Array[] = [];
    r.mixer.startRecording({ write: (f) => recorded.push(f) });
    const [a, b] = [r.join('a'), r.join('b')] as [Joined, Joined];
    const tone = sine(1000, 3000, 3);
    const all = r.mixer.playToAll(tone);
    const one = r.mixer.playTo('a', sine(1000, 3000, 2));
    const voices = { a: sine(300, 5000, 5), b: sine(500, 5000, 5) };
    await run([a, b], voices, r.step, 5);
    await expect(all).resolves.toBe('played');
    await expect(one).resolves.toBe('played');
    const expectB = voices.a.map((f, t) => f.map((v, i) => clamp16(v + (tone[t]?.[i] ?? 0))));
    expect(concat(b.media.sent)).toEqual(concat(expectB));
    const expectA = voices.b.map((f, t) => f.map((v, i) => clamp16(v + (tone[t]?.[i] ?? 0) + (t < 2 ? tone[t]![i]! : 0))));
    expect(concat(a.media.sent)).toEqual(concat(expectA));
    expect(concat(recorded)).toEqual(mixOf([voices.a, voices.b], 5));
    await expect(r.mixer.playTo('nobody', tone)).resolves.toBe('stopped');
  });
});
