import { afterEach, describe, expect, it } from 'vitest';
import { nameAudible, NAME_VOICE_LEVEL } from '../../../media-node/apps/conference-announcements.js';
import type { Step } from '../voicemail/scripted-media.js';
import { ConferenceWorld, PARTICIPANT_PIN, heard, openRoom, until, type Call } from './conference-fixture.js';

let world: ConferenceWorld;
afterEach(async () => world?.dispose());

const room = () => world.registry.get('room-1')!;
const pin: Step = { when: 'conference-enter-pin', press: `${PARTICIPANT_PIN}#` };
/** Says a name of `frames` loud 20 ms frames after the beep, ends it with '#', and answers the review with `review`. */
const name = (frames: number, review = '1'): Step[] => [
  { when: 'tone', speakFrames: frames, press: '#' },
  { when: 'conference-name-review', press: review },
];
const NUMBER_3002 = ['conference-number', 'n-3', 'n-0', 'n-0', 'n-2'];

/** What `call` heard from the `from`-th label on. */
const since = (call: Call, from: number) => heard(call.media).slice(from);
const count = (labels: string[], label: string) => labels.filter((l) => l === label).length;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function firstIn(steps: Step[] = [pin]): Promise<Call> {
  const first = world.call({ app: 'conference', room: '42' }, steps, { user: '3001', displayName: 'Ana' });
  await until(() => room()?.mixer.count === 1);
  return first;
}

describe('conference app: entry and exit announcements', () => {
  it('tells the others "number 3002 has joined" and then "has left"; the one entering hears neither', async () => {
    world = new ConferenceWorld({ rooms: { '42': openRoom({ options: { announceJoinLeave: true } }) } });
    const first = await firstIn();
    const mark = heard(first.media).length;
    const second = world.join(PARTICIPANT_PIN, '42', { user: '3002' });
    await until(() => since(first, mark).includes('conference-has-joined'));
    const told = since(first, mark);
    expect(told.slice(told.indexOf('conference-number'), told.indexOf('conference-has-joined') + 1)).toEqual([...NUMBER_3002, 'conference-has-joined']);
    expect(told).not.toContain('tone');
    await pause(60);
    expect(heard(second.media)).not.toContain('conference-has-joined');
    second.media.hangUp();
    await until(() => since(first, mark).includes('conference-has-left'));
  });

  it('says "a participant has joined" when the caller has no number to speak', async () => {
    world = new ConferenceWorld({ rooms: { '42': openRoom({ options: { announceJoinLeave: true } }) } });
    const first = await firstIn();
    world.join(PARTICIPANT_PIN, '42', { user: 'anonymous' });
    await until(() => heard(first.media).includes('conference-participant-joined'));
    expect(heard(first.media)).not.toContain('conference-number');
  });

  it('asks the name, plays it back for review, and announces the recorded name to the others only', async () => {
    world = new ConferenceWorld({ rooms: { '42': openRoom({ options: { announceNames: true } }) } });
    const first = await firstIn([pin, ...name(30)]);
    const mark = heard(first.media).length;
    const second = world.call({ app: 'conference', room: '42' }, [pin, ...name(40)], { user: '3002' });
    await until(() => since(first, mark).includes('conference-has-joined'));
    const own = heard(second.media);
    expect(own.slice(0, 6)).toEqual(['conference-enter-pin', 'conference-say-name', 'tone', 'conference-name-recorded-as', 'speech', 'conference-name-review']);
    // 40 frames said, 10 cut with the '#' key: the others hear the 30 left, then "has joined".
    const told = since(first, mark);
    expect(count(told, 'speech')).toBe(30);
    expect(told.indexOf('conference-has-joined')).toBeGreaterThan(told.lastIndexOf('speech'));
    expect(told).not.toContain('conference-number');
    await pause(60);
    expect(heard(second.media).slice(6)).not.toContain('conference-has-joined');
    const before = heard(first.media).length;
    second.media.hangUp();
    await until(() => since(first, before).includes('conference-has-left'));
    expect(count(since(first, before), 'speech')).toBe(30);
  });

  it('records the name again on 2 and announces the second take', async () => {
    world = new ConferenceWorld({ rooms: { '42': openRoom({ options: { announceNames: true } }) } });
    const first = await firstIn([pin, ...name(30)]);
    const mark = heard(first.media).length;
    const second = world.call({ app: 'conference', room: '42' }, [pin, ...name(40, '2'), ...name(60)], { user: '3002' });
    await until(() => since(first, mark).includes('conference-has-joined'));
    expect(count(heard(second.media), 'conference-say-name')).toBe(2);
    expect(count(since(first, mark), 'speech')).toBe(50);
  });

  it('asks again when the recording is empty or too quiet, and announces the name once one is heard', async () => {
    world = new ConferenceWorld({ rooms: { '42': openRoom({ options: { announceNames: true } }) } });
    const first = await firstIn([pin, ...name(30)]);
    const mark = heard(first.media).length;
    const second = world.call({ app: 'conference', room: '42' }, [pin, { when: 'tone', speakFrames: 0, press: '#' }, { when: 'tone' }, { when: 'conference-name-not-heard' }, ...name(40)], { user: '3002' });
    // The second take is a murmur: loud enough not to be silence, too quiet to be announced.
    await until(() => count(heard(second.media), 'tone') === 2);
    await pause(30);
    for (let i = 0; i < 40; i++) second.media.pushAudio(new Int16Array(160).fill(250));
    second.media.press('#');
    await until(() => since(first, mark).includes('conference-has-joined'));
    expect(count(heard(second.media), 'conference-name-not-heard')).toBe(2);
    expect(count(heard(second.media), 'conference-name-review')).toBe(1);
    expect(count(since(first, mark), 'speech')).toBe(30);
  });

  it('falls back to the number after three recordings nobody could hear', async () => {
    world = new ConferenceWorld({ rooms: { '42': openRoom({ options: { announceNames: true } }) } });
    const first = await firstIn([pin, ...name(30)]);
    const mark = heard(first.media).length;
    const silent: Step = { when: 'tone', speakFrames: 0, press: '#' };
    const second = world.call({ app: 'conference', room: '42' }, [pin, silent, silent, silent], { user: '3002' });
    await until(() => since(first, mark).includes('conference-has-joined'));
    expect(count(heard(second.media), 'conference-name-not-heard')).toBe(2);
    expect(heard(second.media)).not.toContain('conference-name-review');
    const told = since(first, mark);
    expect(told.slice(told.indexOf('conference-number'), told.indexOf('conference-has-joined') + 1)).toEqual([...NUMBER_3002, 'conference-has-joined']);
  });

  it('quiet mode asks no name and plays no tone and no announcement, on entry or exit', async () => {
    world = new ConferenceWorld({ rooms: { '42': openRoom({ options: { quiet: true, announceJoinLeave: true, announceNames: true } }) } });
    const first = await firstIn();
    const second = world.join(PARTICIPANT_PIN, '42', { user: '3002' });
    await until(() => room().mixer.count === 2);
    await pause(80);
    second.media.hangUp();
    await second.done;
    await pause(80);
    for (const call of [first, second]) {
      for (const label of ['conference-say-name', 'tone', 'conference-number', 'conference-has-joined', 'conference-has-left']) expect(heard(call.media)).not.toContain(label);
    }
  });

  it('keeps announcements out of the room recording', async () => {
    world = new ConferenceWorld({ rooms: { '42': openRoom({ options: { announceJoinLeave: true, record: true } }) } });
    const first = await firstIn();
    world.join(PARTICIPANT_PIN, '42', { user: '3002' });
    await until(() => heard(first.media).includes('conference-has-joined'));
    await until(() => world.items[0]?.frames.length !== undefined && world.items[0].frames.length > 20);
    expect(world.items[0]!.frames.every((f) => f.every((v) => v === 0))).toBe(true);
  });
});

describe('name level check', () => {
  const frames = (n: number, level: number) => new Int16Array(160 * n).fill(level);
  it('accepts 200 ms of voice and refuses less, or a murmur, or nothing', () => {
    expect(nameAudible(frames(10, NAME_VOICE_LEVEL))).toBe(true);
    expect(nameAudible(frames(9, 5000))).toBe(false);
    expect(nameAudible(frames(50, NAME_VOICE_LEVEL - 1))).toBe(false);
    expect(nameAudible(new Int16Array(0))).toBe(false);
  });

  it('accepts a voice at the usual phone level and one 12 dB softer, not one near −42 dBFS', () => {
    const voice = (dbfs: number) => Int16Array.from({ length: 8000 }, (_, i) => Math.round(32768 * Math.SQRT2 * 10 ** (dbfs / 20) * Math.sin((2 * Math.PI * 300 * i) / 8000)));
    expect(nameAudible(voice(-22))).toBe(true);
    expect(nameAudible(voice(-34))).toBe(true);
    expect(nameAudible(voice(-42))).toBe(false);
  });
});
