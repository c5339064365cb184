import { randomUUID } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeWav, encodeWav } from '../../../media-node/codecs/wav.js';
import { tone } from '../../../media-node/ivr/tones.js';
import { backgroundTick } from '../../../workers/jobs/index.js';
import { spawnSipp } from '../../helpers/sipp-spawn.js';
import type { TestClient } from '../../helpers/test-client.js';
import { until } from '../spool/central-fixture.js';
import { afterAll, beforeAll } from 'vitest';
import { startNodeUnderTest, type NodeUnderTest } from './node-fixture.js';
import { PROMPT_TONES } from './conference-e2e-audio.js';
import { RtpPeer, type SippOutcome } from './conference-e2e-rtp.js';

export { locate, noise, presence, PROMPT_TONES, toneHeard, type PromptId } from './conference-e2e-audio.js';
export { RtpPeer, type SippOutcome } from './conference-e2e-rtp.js';


/** One node with the tone prompts for the whole test file, handed to `ready` before the first test. */
export function useConferenceNode(ready: (t: NodeUnderTest) => void): void {
  let t: NodeUnderTest | undefined;
  beforeAll(async () => {
    t = await startNodeUnderTest();
    await writeTonePrompts(t);
    ready(t);
  }, 60_000);
  afterAll(() => t?.close());
}

/** Writes the tone prompts as recorded English prompts (the fallback of every language). */
export async function writeTonePrompts(t: NodeUnderTest): Promise<void> {
  const dir = join(t.env.RAMAL_PROMPTS_DIR!, 'custom', 'en');
  await mkdir(dir, { recursive: true });
  for (const [id, frequency] of Object.entries(PROMPT_TONES)) {
    await writeFile(join(dir, `${id}.wav`), encodeWav(tone({ frequency, ms: 300, amplitude: 8000 })));
  }
}


/** One call of a group: its caller number, its media peer, and the way to end it from the test. */
export interface ConferenceCall {
  number: string;
  callId: string;
  peer: RtpPeer;
  /** The group's sipp run (all calls of one dial()). */
  done: Promise<SippOutcome>;
  /** Tells sipp to hang up (conference-caller.xml waits for an in-dialog INFO). */
  hangUp(): Promise<void>;
}

/**
 * Dials `dialled` from each number, all in one sipp process (-inf gives each call its number, RTP
 * port and target; -cid_str their Call-IDs). 'stays' calls end when the test hangs them up and
 * fail on a BYE from the node; 'hung-up' calls expect the node's BYE.
 */
export async function dial(t: NodeUnderTest, dialled: string, numbers: string[], ending: 'stays' | 'hung-up', options: { stream?: boolean } = {}): Promise<ConferenceCall[]> {
  const dir = await mkdtemp(join(tmpdir(), 'ramal-conf-sipp-'));
  const peers = await Promise.all(numbers.map(() => RtpPeer.open(options.stream ?? true)));
  // sipp only maps replies to Call-IDs it made: -cid_str makes them known (%u is the call's number, from 1).
  const prefix = randomUUID();
  const callIds = numbers.map((_, i) => `${prefix}-${i + 1}@conference.test`);
  await writeFile(join(dir, 'calls.csv'), ['SEQUENTIAL', ...numbers.map((n, i) => `${n};${peers[i]!.port};${dialled}`)].join('\n') + '\n');
  const n = String(numbers.length);
  const scenario = join(import.meta.dirname, 'scenarios', ending === 'stays' ? 'conference-caller.xml' : 'conference-caller-hung-up.xml');
  const child = await spawnSipp((ports) => [
    '-sf', scenario, '-inf', join(dir, 'calls.csv'), '-cid_str', `${prefix}-%u@conference.test`, '-m', n, '-l', n, '-r', n, '-rp', '1000', '-timeout', '150s', '-timeout_error', '-trace_err', '-nostdin',
    '-i', '127.0.0.1', '-p', String(ports.sip), '-mp', String(ports.media), '-t', 'u1', `127.0.0.1:${t.node.sipPort}`,
  ], dir, 8000);
  const done = child.closed.then(async ({ code, output }): Promise<SippOutcome> => {
    let errors = '';
    for (const file of await readdir(dir)) if (file.endsWith('errors.log')) errors += (await readFile(join(dir, file), 'utf8')).slice(-4000);
    await rm(dir, { recursive: true, force: true });
    const outcome = { code, output, errors };
    for (const peer of peers) {
      peer.outcome = outcome;
      peer.close();
    }
    return outcome;
  });
  return numbers.map((number, i) => ({
    number, callId: callIds[i]!, peer: peers[i]!, done,
    hangUp: () => sendInfo(child.ports.sip, callIds[i]!),
  }));
}

async function sendInfo(sippPort: number, callId: string): Promise<void> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const message = [
    `INFO sip:caller@127.0.0.1:${sippPort} SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.1:${socket.address().port};branch=z9hG4bK${randomUUID().slice(0, 8)}`,
    'From: <sip:test@127.0.0.1>;tag=hangup', 'To: <sip:caller@127.0.0.1>;tag=caller', `Call-ID: ${callId}`, 'CSeq: 50 INFO', 'Max-Forwards: 70', 'Content-Length: 0', '', '',
  ].join('\r\n');
  await new Promise<void>((resolve, reject) => socket.send(message, sippPort, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
  socket.close();
}

/** Waits for the node's prompt for a PIN, then keys the PIN and #. */
export async function enterPin(call: ConferenceCall, pin: string): Promise<void> {
  await call.peer.waitFor('conference-enter-pin');
  await call.peer.press(`${pin}#`);
}

export interface ScheduledRoom {
  id: string;
  number: string;
  dialIn: string;
  startsAt: string;
  endsAt: string;
}

const admins = new WeakMap<NodeUnderTest, Promise<TestClient>>();
/** The central app's administrator, signed in once per node under test. */
export function adminOf(t: NodeUnderTest): Promise<TestClient> {
  let client = admins.get(t);
  if (!client) admins.set(t, (client = t.central.h.admin()));
  return client;
}

let roomSerial = 0;
export const PARTICIPANT_PIN = '2580';
export const ADMIN_PIN = '7531';

/**
 * Schedules a room through the API starting `startsInMs` from now (the API refuses a start in
 * the past) and lasting `lastsMs`.
 */
export async function scheduleRoom(t: NodeUnderTest, body: { options?: Record<string, boolean>; maxParticipants?: number; startsInMs?: number; lastsMs?: number } = {}): Promise<ScheduledRoom> {
  const admin = await adminOf(t);
  const number = String(700 + ++roomSerial);
  // A loaded machine may take longer than the lead time to handle the request: then try a later start.
  for (const lead of [body.startsInMs ?? 1500, (body.startsInMs ?? 1500) + 5000]) {
    const startsAt = Date.now() + lead;
    const res = await admin.json('POST', '/api/v1/conference/rooms', {
      number, subject: `E2E ${number}`, participantPin: PARTICIPANT_PIN, adminPin: ADMIN_PIN,
      startsAt: new Date(startsAt).toISOString(), endsAt: new Date(startsAt + (body.lastsMs ?? 3_600_000)).toISOString(),
      options: body.options ?? {}, ...(body.maxParticipants ? { maxParticipants: body.maxParticipants } : {}),
    });
    if (res.status === 201) return (await res.json()) as ScheduledRoom;
    const text = await res.text();
    if (res.status !== 400 || !text.includes('startsAt')) throw new Error(`room not created: ${res.status} ${text}`);
  }
  throw new Error(`room ${number} not created: its start was in the past twice`);
}

/** Resolves once the room's window has begun. */
export async function opened(room: ScheduledRoom): Promise<void> {
  await until(() => Date.now() > Date.parse(room.startsAt) + 50, 10_000, `room ${room.number} open`);
}

export interface LiveParticipant {
  id: string;
  number: string;
  role: 'admin' | 'participant';
  muted: boolean;
  listenOnly: boolean;
}

export interface LiveRoom {
  running: boolean;
  locked: boolean;
  participants: LiveParticipant[];
}

/** The room as the node last pushed it to the central app (GET /rooms/{id}/live). */
export async function live(t: NodeUnderTest, room: ScheduledRoom): Promise<LiveRoom> {
  const admin = await adminOf(t);
  return (await (await admin.get(`/api/v1/conference/rooms/${room.id}/live`)).json()) as LiveRoom;
}

/** Waits until the central app shows exactly these caller numbers in the room. */
export async function waitInRoom(t: NodeUnderTest, room: ScheduledRoom, numbers: string[], timeoutMs = 20_000): Promise<LiveRoom> {
  let state: LiveRoom | undefined;
  const wanted = [...numbers].sort().join(',');
  await until(async () => (state = await live(t, room)).participants.map((p) => p.number).sort().join(',') === wanted, timeoutMs, `room ${room.number} holding ${wanted}`);
  return state!;
}

export interface HistoryDetail {
  id: string;
  roomId: string;
  startedAt: string;
  endedAt: string | null;
  participants: number;
  hasRecording: boolean;
  participantList: { callerNumber: string; role: string; joinedAt: string; leftAt: string | null }[];
}

/**
 * Dispatches the central app's outbox (the node's conference events, the stored recording) until
 * the room has an ended history entry (with its recording when `recording`), read via the API.
 */
export async function historyOf(t: NodeUnderTest, room: ScheduledRoom, recording = false): Promise<HistoryDetail> {
  const admin = await adminOf(t);
  let found: { id: string } | undefined;
  await until(async () => {
    await backgroundTick(t.central.h.deps, 'conference-e2e');
    const list = (await (await admin.get('/api/v1/conference/history?pageSize=100')).json()) as { items: { id: string; roomId: string; endedAt: string | null; hasRecording: boolean }[] };
    found = list.items.find((e) => e.roomId === room.id && e.endedAt !== null && (!recording || e.hasRecording));
    return found !== undefined;
  }, 30_000, `history of room ${room.number}`);
  return (await (await admin.get(`/api/v1/conference/history/${found!.id}`)).json()) as HistoryDetail;
}

/** The entry's recording as the API serves it (?format=wav), decoded. */
export async function recordingOf(t: NodeUnderTest, historyId: string): Promise<Int16Array> {
  const res = await (await adminOf(t)).get(`/api/v1/conference/history/${historyId}/audio?format=wav`);
  if (res.status !== 200) throw new Error(`recording: ${res.status} ${await res.text()}`);
  return decodeWav(new Uint8Array(await res.arrayBuffer())).channels[0]!;
}

/** Hangs the calls up and returns their sipp run (shared by calls dialled together). */
export async function hangUpAll(calls: ConferenceCall[]): Promise<SippOutcome[]> {
  await Promise.all(calls.map((c) => c.hangUp()));
  return Promise.all([...new Set(calls.map((c) => c.done))]);
}
