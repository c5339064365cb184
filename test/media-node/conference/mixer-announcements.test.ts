import { describe, expect, it } from 'vitest';
import { PromptQueue } from '../../../media-node/conference/prompt-queue.js';
import { concat, room, silence, sine, type Joined } from './fake-member.js';

const frame = (value: number) => new Int16Array(160).fill(value);

describe('conference mixer: announcements to all but one', () => {
  it('plays a shared prompt to every member except the one it is about', async () => {
    const r = room();
    const [a, b, c] = [r.join('a'), r.join('b'), r.join('c')] as [Joined, Joined, Joined];
    const announcement = sine(600, 4000, 3);
    const played = r.mixer.playToAll(announcement, 'b');
    // The queue learns the prompt is over at the tick after its last frame.
    for (let t = 0; t < 4; t++) await r.step([a, b, c], {}, t);
    await expect(played).resolves.toBe('played');
    expect(concat(a.media.sent.slice(0, 3))).toEqual(concat(announcement));
    expect(concat(c.media.sent.slice(0, 3))).toEqual(concat(announcement));
    expect(concat(b.media.sent)).toEqual(concat(silence(4)));
  });

  it('leaves out only the listener named by the prompt playing now, then everyone hears the next one', async () => {
    const r = room();
    const [a, b] = [r.join('a'), r.join('b')] as [Joined, Joined];
    void r.mixer.playToAll([frame(100)], 'a');
    void r.mixer.playToAll([frame(200)]);
    void r.mixer.playToAll([frame(300)], 'b');
    for (let t = 0; t < 3; t++) await r.step([a, b], {}, t);
    expect(a.media.sent.map((f) => f[0])).toEqual([0, 200, 300]);
    expect(b.media.sent.map((f) => f[0])).toEqual([100, 200, 0]);
  });

  it('still gives the excluded member the others\' voices and their own prompts', async () => {
    const r = room();
    const [a, b] = [r.join('a'), r.join('b')] as [Joined, Joined];
    void r.mixer.playToAll([frame(100)], 'a');
    void r.mixer.playTo('a', [frame(7)]);
    await r.step([a, b], { b: [frame(1000)] }, 0);
    expect(a.media.sent[0]?.[0]).toBe(1007);
    expect(b.media.sent[0]?.[0]).toBe(100);
  });

  it('is not written into the recording', async () => {
    const r = room();
    const [a, b] = [r.join('a'), r.join('b')] as [Joined, Joined];
    const recorded: Int16Array[] = [];
    r.mixer.startRecording({ write: (f) => void recorded.push(f) });
    void r.mixer.playToAll([frame(100), frame(100)], 'a');
    for (let t = 0; t < 2; t++) await r.step([a, b], {}, t);
    expect(recorded).toHaveLength(2);
    expect(recorded.every((f) => f.every((v) => v === 0))).toBe(true);
    r.mixer.end();
  });
});

describe('prompt queue: except', () => {
  it('reports whom the frame just taken leaves out, and nobody once the queue is idle', () => {
    const q = new PromptQueue();
    void q.add([frame(1)], 'x');
    expect(q.next()?.[0]).toBe(1);
    expect(q.except).toBe('x');
    expect(q.next()).toBeUndefined();
    expect(q.except).toBeUndefined();
  });
});
