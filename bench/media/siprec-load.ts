/**
 * v-rec's load bench: 120 concurrent SIPREC sessions (two labelled 20 ms A-law streams each, 30 s)
 * into the media node on its own core, placed by sipp (`-l 120`) and played by an RTP sender on
 * the other core — sipp's own RTP carries one stream per call at most, so the 240 streams come
 * from the sender. Measured: packets lost (the node's RTP counters, and frames missing from the
 * stored WAVs: both must be 0), the node's CPU share of one core while all sessions are up, and
 * BYE → audio accepted by the central app's object storage, p50/p99.
 * Baselines, in the same run: loss and CPU against a bare Node process that only counts the same
 * 240 streams (what receiving the packets costs at the least); the BYE latency against the same
 * 120 calls as plain recording legs (one stream each, no SIPREC) through the same node, spool and
 * upload — a dgram sink stores nothing, so only the node's own simpler path makes that ratio
 * meaningful. Run alone: npx tsx bench/media/siprec-load.ts (BENCH_QUICK=1, BENCH_SIPREC_CALLS,
 * BENCH_SIPREC_SECONDS, BENCH_SIPREC_RATE calls per second, BENCH_PIN=0).
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { pinCores, startNodeUnderLoad } from './call-load-node.js';
import { CALL_RATE, HOLD_MARGIN_MS, nodePhase, sinkPhase, type PhaseConfig, type PhaseResult } from './siprec-load-phase.js';
import { phaseTable, siprecRows, type SiprecRow } from './siprec-load-report.js';
import { benchProcesses } from './bench-processes.js';

const Env = z.object({
  BENCH_QUICK: z.enum(['0', '1']).default('0'),
  BENCH_SIPREC_CALLS: z.coerce.number().int().min(1).max(500).optional(),
  BENCH_SIPREC_SECONDS: z.coerce.number().int().min(3).max(600).optional(),
  BENCH_SIPREC_RATE: z.coerce.number().min(1).max(500).optional(),
  BENCH_PIN: z.enum(['0', '1']).default('1'),
});

export interface SiprecLoadConfig {
  calls: number;
  seconds: number;
  /** New calls per second while the sessions are placed. */
  rate: number;
  pin: boolean;
}

export function siprecLoadConfig(raw: Record<string, string | undefined>): SiprecLoadConfig {
  const env = Env.parse(Object.fromEntries(Object.entries(raw).filter(([k, v]) => k.startsWith('BENCH_') && v !== '')));
  const quick = env.BENCH_QUICK === '1';
  return { calls: env.BENCH_SIPREC_CALLS ?? 120, seconds: env.BENCH_SIPREC_SECONDS ?? (quick ? 8 : 30), rate: env.BENCH_SIPREC_RATE ?? CALL_RATE, pin: env.BENCH_PIN === '1' };
}

export interface SiprecLoadResult {
  rows: SiprecRow[];
  phases: PhaseResult[];
  config: SiprecLoadConfig;
  pinning: string;
}

export async function benchSiprecLoad(config: SiprecLoadConfig = siprecLoadConfig(process.env)): Promise<SiprecLoadResult> {
  const { children, cleanups, close } = benchProcesses('siprec-load');
  const pinning = pinCores(config.pin);
  const phases: PhaseResult[] = [];
  try {
    console.log(`siprec load: ${config.calls} concurrent sessions × 2 streams, ${config.seconds} s each, placed by sipp at ${config.rate}/s; ${pinning.describe}`);
    // Two RTP allocations per SIPREC session.
    const node = await startNodeUnderLoad(config.calls * 2, pinning.loadPrefix, children);
    cleanups.push(node.stop);
    const phase: PhaseConfig = { calls: config.calls, seconds: config.seconds, rate: config.rate, prefix: pinning.loadPrefix, children };
    for (const kind of ['siprec', 'plain'] as const) {
      const r = await nodePhase(kind, node, phase);
      phases.push(r);
      console.log(`  ${kind.padEnd(6)} ${r.up}/${r.calls} calls, ${r.packetsLost} of ${r.packetsSent} packets lost, cpu ${r.cpu.toFixed(0)}%, BYE→stored p50 ${r.byeP50.toFixed(0)} ms p99 ${r.byeP99.toFixed(0)} ms${r.note ? ` (${r.note})` : ''}`);
    }
    const sink = await sinkPhase(phases[0]!.streams || config.calls * 2, phase);
    phases.push(sink);
    console.log(`  sink   ${sink.streams} streams, ${sink.packetsLost} of ${sink.packetsSent} packets lost, cpu ${sink.cpu.toFixed(0)}%`);
    console.log(phaseTable(phases));
    console.log('lost = sent but never counted by the receiver; late/dropped = the node\'s jitter buffers (dropped: overflow, playout 240 ms or more behind');
    console.log('arrival); missing frames = sent frames not heard in their channel of the stored WAV; stored−sent = stored duration minus the audio');
    console.log(`sent (the ${HOLD_MARGIN_MS / 1000} s of quiet before each BYE is expected; less means the node\'s clock lost ticks); cpu = the receiving process in the`);
    console.log('window while every call is up; sender skips = 20 ms ticks our own sender missed (gaps, never bursts).');
    return { rows: siprecRows(phases), phases, config, pinning: pinning.describe };
  } finally {
    await close();
    pinning.restore();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await benchSiprecLoad();
  for (const r of result.rows) console.log(`${r.name.padEnd(70)} ours ${r.ours.toFixed(2).padStart(9)}  baseline ${r.baseline.toFixed(2).padStart(9)}  ratio ${Number.isFinite(r.ratio) ? r.ratio.toFixed(2) : '-'}  ${r.unit}`);
}
