/**
 * RTP packets handled per second per core: N sessions echoing what a sender on loopback streams to
 * them (receive, jitter buffer, decode, encode, paced send), against raw dgram sockets echoing the
 * same packets, in the same run. "Per core" is packets over the CPU time (user + system) this process
 * spent; the sender runs in a child process so its cost is not counted. Also reports the media
 * clock's tick lateness under that load against an empty clock beside the raw echo.
 * Run alone: npx tsx bench/media/rtp.ts (BENCH_RTP_SESSIONS, BENCH_RTP_SECONDS to change the load).
 */
import { spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../../media-node/log.js';
import { MediaClock } from '../../media-node/rtp/media-clock.js';
import { RtpPortPool } from '../../media-node/rtp/port-pool.js';
import { RtpSession } from '../../media-node/rtp/rtp-session.js';
import { formatTable, row, type BenchRow } from './reference-tools.js';

export type { BenchRow } from './reference-tools.js';

/**
 * The far ends, as plain JavaScript run by `node -e` in a child process: one socket per target
 * streaming 20 ms A-law packets on an absolute schedule, counting the echoes; prints {sent, received}.
 */
const SENDER_SOURCE = `
const dgram = require('node:dgram');
const { ports, seconds } = JSON.parse(process.argv[1]);
let sent = 0, received = 0, n = 0;
const payload = Buffer.alloc(160);
for (let i = 0; i < 160; i++) payload[i] = 0xd5 ^ (i & 0x0f);
const streams = ports.map((port, i) => {
  const socket = dgram.createSocket('udp4');
  socket.on('message', () => received++);
  socket.bind(0, '127.0.0.1');
  return { port, socket, ssrc: (0x10000 + i) >>> 0 };
});
const start = performance.now();
function tick() {
  n++;
  for (const s of streams) {
    const buf = Buffer.allocUnsafe(172);
    buf[0] = 0x80; buf[1] = 8;
    buf.writeUInt16BE(n & 0xffff, 2); buf.writeUInt32BE((n * 160) >>> 0, 4); buf.writeUInt32BE(s.ssrc, 8);
    payload.copy(buf, 12);
    s.socket.send(buf, s.port, '127.0.0.1');
    sent++;
  }
  if (performance.now() - start < seconds * 1000) setTimeout(tick, Math.max(0, start + (n + 1) * 20 - performance.now()));
  else setTimeout(() => { process.stdout.write(JSON.stringify({ sent, received })); process.exit(0); }, 300);
}
setTimeout(tick, 20);
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Load {
  ports: number[];
  packets: () => number;
  close: () => void;
}

/** Streams to every port from a child process for `seconds`, measuring our CPU after a warm-up. */
async function measure(load: Load, seconds: number, afterWarmUp: () => void = () => {}): Promise<{ perCore: number; echoed: number }> {
  const child = spawn(process.execPath, ['-e', SENDER_SOURCE, JSON.stringify({ ports: load.ports, seconds: seconds + 2 })], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  const done = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await sleep(1500);
  afterWarmUp();
  const cpu0 = process.cpuUsage();
  const p0 = load.packets();
  await sleep(seconds * 1000);
  const cpu = process.cpuUsage(cpu0);
  const packets = load.packets() - p0;
  await done;
  load.close();
  const report = JSON.parse(out) as { sent: number; received: number };
  return { perCore: packets / ((cpu.user + cpu.system) / 1e6), echoed: report.received / Math.max(1, report.sent) };
}

async function sessionLoad(n: number, clock: MediaClock): Promise<Load> {
  const pool = new RtpPortPool({ host: '127.0.0.1', min: 46000, max: 47999 });
  const sessions: RtpSession[] = [];
  for (let i = 0; i < n; i++) {
    const s = new RtpSession({ ports: await pool.allocate(), clock, codec: 'PCMA', payloadType: 8, remote: { address: '127.0.0.1', port: 9 }, log: silentLogger });
    s.onAudio((frame) => void s.send([frame]));
    s.start();
    sessions.push(s);
  }
  return {
    ports: sessions.map((s) => s.port),
    packets: () => sessions.reduce((sum, s) => sum + s.stats().packetsIn + s.stats().packetsOut, 0),
    close: () => sessions.forEach((s) => s.close()),
  };
}

async function rawLoad(n: number): Promise<Load> {
  const sockets: Socket[] = [];
  let packets = 0;
  for (let i = 0; i < n; i++) {
    const socket = createSocket('udp4');
    socket.on('message', (msg, from) => {
      packets++;
      socket.send(msg, from.port, from.address, () => packets++);
    });
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    sockets.push(socket);
  }
  return { ports: sockets.map((s) => s.address().port), packets: () => packets, close: () => sockets.forEach((s) => s.close()) };
}

export async function benchRtp(): Promise<BenchRow[]> {
  const n = Number(process.env.BENCH_RTP_SESSIONS ?? 100);
  const seconds = Number(process.env.BENCH_RTP_SECONDS ?? 5);
  const clock = new MediaClock();
  const ours = await measure(await sessionLoad(n, clock), seconds, () => clock.resetLateness());
  const loaded = clock.latenessMs();
  // The same traffic echoed raw, with an empty clock running beside it: what the machine alone costs.
  const bare = new MediaClock();
  const off = bare.register(() => {});
  const baseline = await measure(await rawLoad(n), seconds, () => bare.resetLateness());
  off();
  const idle = bare.latenessMs();
  if (ours.echoed < 0.95 || baseline.echoed < 0.95) console.warn(`echo incomplete: sessions ${(ours.echoed * 100).toFixed(1)}%, raw ${(baseline.echoed * 100).toFixed(1)}%`);
  return [
    row(`RTP echo, ${n} sessions (vs raw dgram echo)`, ours.perCore, baseline.perCore, 'packets/s per core'),
    row('media clock tick lateness p50 (sessions vs raw echo)', loaded.p50, idle.p50, 'ms'),
    row('media clock tick lateness p99 (sessions vs raw echo)', loaded.p99, idle.p99, 'ms'),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(formatTable(await benchRtp()));
}
