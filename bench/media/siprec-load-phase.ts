/**
 * One phase of the SIPREC bench: sipp places every call at once (`-l` = all of them), the sender
 * plays each call's streams from the moment its ports are known, the node's CPU is measured while
 * all calls are up together, then each call's BYE, the node's counters and the stored items are
 * read back. The dgram-sink phase plays the same streams into a bare Node process instead.
 */
import type { ChildProcess } from 'node:child_process';
import { spawnBaseline } from './call-load-baseline.js';
import type { NodeUnderLoad } from './call-load-node.js';
import { cpuMeter, percentile } from './call-load-stats.js';
import { checkStored, nodeLoss, watchCallStats, type StoredCheck } from './siprec-load-check.js';
import { FrameBudgetSender } from './siprec-load-sender.js';
import { runSippLoad } from './siprec-load-sipp.js';

/** The call stays up this long after its last frame is due: the sender starts up to ~60 ms after the ACK. */
export const HOLD_MARGIN_MS = 1000;
/** New calls per second by default: 120 sessions are all up within 3 s. */
export const CALL_RATE = 40;
/**
 * How long the stored items may take after the last BYE: the node uploads one item after another,
 * and the quick run's 120 stereo items of 8 s took 65 s (about 15 s of audio per second).
 */
const storeTimeoutMs = (calls: number, seconds: number) => 60_000 + calls * seconds * 150;

export interface PhaseConfig {
  calls: number;
  seconds: number;
  prefix: string[];
  children: Set<ChildProcess>;
  /** New calls per second (CALL_RATE when absent). */
  rate?: number;
}

export interface PhaseResult {
  kind: 'siprec' | 'plain' | 'sink';
  calls: number;
  streams: number;
  /** Calls whose ports reached the sender (answered). */
  up: number;
  packetsSent: number;
  /** Sent packets the receiver never counted (node RTP stats, or the sink's counters). */
  packetsLost: number;
  late: number;
  dropped: number;
  /** CPU % of one core of the receiving process while every call was up. */
  cpu: number;
  windowS: number;
  /** Ticks our sender missed (not the node's doing). */
  senderSkipped: number;
  stored?: StoredCheck;
  byeP50: number;
  byeP99: number;
  note: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Measures CPU from the moment every call plays until the first one stops (or `give up`). */
async function allUpWindow(sender: FrameBudgetSender, calls: number, pid: number, giveUp: Promise<unknown>): Promise<{ cpu: number; seconds: number }> {
  let over = false;
  void giveUp.then(() => (over = true));
  while (!over && sender.calls.size < calls) await sleep(20);
  const meter = cpuMeter(pid);
  const t0 = performance.now();
  while (!over && sender.playing === sender.calls.size) await sleep(20);
  return { cpu: meter(), seconds: (performance.now() - t0) / 1000 };
}

export async function nodePhase(kind: 'siprec' | 'plain', node: NodeUnderLoad, config: PhaseConfig): Promise<PhaseResult> {
  const child = [...config.children].find((c) => c.pid === node.pid);
  if (!child) throw new Error('the media node process is not among the bench children');
  const stats = watchCallStats(child);
  const sender = new FrameBudgetSender(config.seconds * 50);
  const adds: Promise<void>[] = [];
  try {
    const sipp = await runSippLoad({
      scenario: kind === 'siprec' ? 'siprec-bench-session.xml' : 'siprec-bench-plain.xml',
      sipPort: node.sipPort, calls: config.calls, rate: config.rate ?? CALL_RATE, holdMs: config.seconds * 1000 + HOLD_MARGIN_MS,
      service: kind === 'plain' ? 'rec' : 'srs',
      onPorts: (callId, ports) => void adds.push(sender.add(callId, ports)),
    });
    config.children.add(sipp.child);
    const window = await allUpWindow(sender, config.calls, node.pid, sipp.done);
    const run = await sipp.done;
    config.children.delete(sipp.child);
    await Promise.all(adds);
    await sender.drained();
    const stored = await checkStored(node.central, sender.calls, run.byeAt, storeTimeoutMs(config.calls, config.seconds));
    // The node logs a call's counters right after the call ends; give the last lines a moment.
    for (let i = 0; i < 50 && [...sender.calls.keys()].some((id) => !stats.has(id)); i++) await sleep(100);
    const loss = nodeLoss(sender.calls, stats);
    const calls = [...sender.calls.values()];
    const notes = [
      run.code !== 0 ? `sipp exited ${run.code}: ${run.errors.split('\n').filter(Boolean).slice(-2).join(' | ') || run.output.slice(-300)}` : '',
      loss.missingStats ? `${loss.missingStats} calls without node stats` : '',
      stored.stored < calls.length ? `${stored.stored} of ${calls.length} stored` : '',
      stored.wrongChannels ? `${stored.wrongChannels} items with the wrong channel count` : '',
    ];
    return {
      kind, calls: config.calls, streams: calls.reduce((n, c) => n + c.streams.length, 0), up: calls.length,
      packetsSent: calls.reduce((n, c) => n + c.streams.reduce((m, s) => m + s.sent, 0), 0),
      packetsLost: loss.lost, late: loss.late, dropped: loss.dropped, cpu: window.cpu, windowS: window.seconds,
      senderSkipped: calls.reduce((n, c) => n + c.skipped, 0), stored,
      byeP50: percentile(stored.byeToStoredMs, 50), byeP99: percentile(stored.byeToStoredMs, 99),
      note: notes.filter(Boolean).join('; '),
    };
  } finally {
    sender.close();
  }
}

/** The same number of streams, for the same time, into a bare Node process that only counts them. */
export async function sinkPhase(streams: number, config: PhaseConfig): Promise<PhaseResult> {
  const baseline = await spawnBaseline('sink', streams, config.prefix);
  config.children.add(baseline.child);
  const sender = new FrameBudgetSender(config.seconds * 50);
  try {
    // Paired like the sessions' two streams, so the sender's work per tick is the same.
    const adds: Promise<void>[] = [];
    for (let i = 0; i < baseline.ports.length; i += 2) adds.push(sender.add(`sink-${i / 2}`, baseline.ports.slice(i, i + 2)));
    await Promise.all(adds);
    const window = await allUpWindow(sender, Math.ceil(streams / 2), baseline.pid, new Promise(() => {}));
    await sender.drained();
    await sleep(300);
    const got = (await baseline.counts()).reduce((n, c) => n + c, 0);
    const calls = [...sender.calls.values()];
    const sent = calls.reduce((n, c) => n + c.streams.reduce((m, s) => m + s.sent, 0), 0);
    return {
      kind: 'sink', calls: calls.length, streams, up: calls.length, packetsSent: sent, packetsLost: Math.max(0, sent - got), late: 0, dropped: 0,
      cpu: window.cpu, windowS: window.seconds, senderSkipped: calls.reduce((n, c) => n + c.skipped, 0), byeP50: NaN, byeP99: NaN, note: '',
    };
  } finally {
    sender.close();
    await baseline.stop();
    config.children.delete(baseline.child);
  }
}
