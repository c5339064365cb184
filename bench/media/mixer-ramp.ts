/**
 * How many participants one core mixes in real time: rooms of 50 on one real MediaClock (spread
 * over its phases, each fed by a listener standing in for its calls' RTP), doubled step by step
 * until the clock's p99 tick lateness passes 5 ms, then narrowed between the last good step and
 * the first bad one. The same ramp runs the plain summing loop as the baseline.
 */
import { cpuUsage } from 'node:process';
import { MediaClock } from '../../media-node/rtp/media-clock.js';
import { mixerRoom, plainSum, ROOM_SIZE, voices } from './mixer-fixtures.js';

export const LATENESS_LIMIT_MS = 5;

export interface RampStep {
  rooms: number;
  participants: number;
  p99: number;
  cpuPct: number;
  ok: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Kind = 'mixer' | 'baseline';

async function runStep(kind: Kind, rooms: number, seconds: number): Promise<RampStep> {
  const clock = new MediaClock();
  const input = voices(ROOM_SIZE);
  const stops: Array<() => void> = [];
  for (let r = 0; r < rooms; r++) {
    if (kind === 'mixer') {
      const room = mixerRoom(clock, input);
      stops.push(clock.register(() => room.feed()), () => room.mixer.end());
    } else {
      const sum = plainSum(input);
      stops.push(clock.register(() => sum.tick()));
    }
  }
  await sleep(500);
  clock.resetLateness();
  const cpu = cpuUsage();
  const started = performance.now();
  await sleep(seconds * 1000);
  const used = cpuUsage(cpu);
  const wallMs = performance.now() - started;
  const { p99 } = clock.latenessMs();
  for (const stop of stops) stop();
  const cpuPct = ((used.user + used.system) / 1000 / wallMs) * 100;
  return { rooms, participants: rooms * ROOM_SIZE, p99, cpuPct, ok: p99 < LATENESS_LIMIT_MS };
}

/** The most participants (in whole rooms) that kept p99 lateness under the limit, and every step run. */
export async function ramp(kind: Kind, options: { startRooms: number; seconds: number; refine: number; maxRooms: number }): Promise<{ participants: number; steps: RampStep[] }> {
  const steps: RampStep[] = [];
  const step = async (rooms: number) => {
    const s = await runStep(kind, rooms, options.seconds);
    steps.push(s);
    console.log(`  ${kind.padEnd(8)} ${String(s.participants).padStart(6)} participants  p99 ${s.p99.toFixed(2)} ms  cpu ${s.cpuPct.toFixed(0)} %  ${s.ok ? 'ok' : 'late'}`);
    return s.ok;
  };
  let good = 0;
  let bad = 0;
  for (let rooms = options.startRooms; rooms <= options.maxRooms; rooms *= 2) {
    if (await step(rooms)) good = rooms;
    else {
      bad = rooms;
      break;
    }
  }
  if (bad === 0) bad = good * 2;
  // A smaller first step that already failed is tried downwards, so the answer is never zero by accident.
  while (good === 0 && bad > 1) {
    const rooms = Math.floor(bad / 2);
    if (await step(rooms)) good = rooms;
    else bad = rooms;
  }
  for (let i = 0; i < options.refine && bad - good > 1 && bad <= options.maxRooms; i++) {
    const mid = Math.floor((good + bad) / 2);
    if (await step(mid)) good = mid;
    else bad = mid;
  }
  return { participants: good * ROOM_SIZE, steps };
}
