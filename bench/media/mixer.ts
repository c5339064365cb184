/**
 * The conference mixer's cost: µs per 20 ms tick for a 50-person room (noise suppression on, a
 * muted and a listen-only member, levels set), as a share of the 20 ms budget and as × real time,
 * against a plain loop summing the same frames measured in the same run; then how many
 * participants one core mixes on the real MediaClock with p99 tick lateness under 5 ms.
 * Run alone with `npx tsx bench/media/mixer.ts` (BENCH_QUICK=1 for a short run).
 */
import { pathToFileURL } from 'node:url';
import { FRAME_MS } from '../../media-node/audio/pcm.js';
import { ManualTicks } from '../../media-node/conference/manual-ticks.js';
import { mixerRoom, plainSum, ROOM_SIZE, voices } from './mixer-fixtures.js';
import { LATENESS_LIMIT_MS, ramp } from './mixer-ramp.js';
import { formatTable, row, type BenchRow } from './reference-tools.js';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Median µs per tick over rounds of `ticks` ticks, after a warm-up; sends settle between ticks. */
async function perTick(tick: () => void, ticks: number, rounds: number): Promise<number> {
  for (let i = 0; i < ticks; i++) {
    tick();
    await null;
  }
  const results: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let spent = 0;
    for (let i = 0; i < ticks; i++) {
      const t = performance.now();
      tick();
      await null;
      spent += performance.now() - t;
    }
    results.push((spent * 1000) / ticks);
  }
  return median(results);
}

export async function benchMixer(env: Record<string, string | undefined> = process.env): Promise<BenchRow[]> {
  const quick = env.BENCH_QUICK === '1';
  const input = voices(ROOM_SIZE);
  const ticks = new ManualTicks();
  const room = mixerRoom(ticks, input);
  const baseline = plainSum(input);
  const ticksPerRound = quick ? 1000 : 5000;
  const ours = await perTick(() => {
    room.feed();
    ticks.tick();
  }, ticksPerRound, 5);
  const base = await perTick(() => baseline.tick(), ticksPerRound, 5);
  if (room.mixer.stats().droppedOutput > 0) throw new Error('the bench room dropped frames: sends did not settle between ticks');
  room.mixer.end();
  const budgetUs = FRAME_MS * 1000;
  const rows = [
    row(`mixer tick, ${ROOM_SIZE} participants (ours ÷ plain sum)`, ours, base, 'µs per tick'),
    row(`mixer tick, share of the ${FRAME_MS} ms budget`, (ours / budgetUs) * 100, (base / budgetUs) * 100, '% of a tick'),
    row(`mixer, one ${ROOM_SIZE}-person room on one core`, budgetUs / ours, budgetUs / base, '× real time'),
  ];
  console.log(`  cost: ${ours.toFixed(1)} µs per tick (plain sum ${base.toFixed(1)} µs)`);
  const seconds = quick ? 1.5 : 4;
  const mixer = await ramp('mixer', { startRooms: 4, seconds, refine: quick ? 1 : 3, maxRooms: 1024 });
  // The baseline starts where the mixer stopped: the plain sum is cheaper, so its ramp is shorter from there.
  const plain = await ramp('baseline', { startRooms: Math.max(1, mixer.participants / ROOM_SIZE), seconds, refine: quick ? 1 : 3, maxRooms: 4096 });
  rows.push(row(`participants mixed in real time (p99 lateness < ${LATENESS_LIMIT_MS} ms)`, mixer.participants, plain.participants, 'participants'));
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(formatTable(await benchMixer()));
}
