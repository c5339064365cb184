/**
 * One step of the call-load bench: N calls up, a settle time, a measured window of steady audio,
 * then tear-down and the verdict. The same generator drives the media node and the baseline.
 */
import type { ChildProcess } from 'node:child_process';
import type { SipEndpoint } from '../../media-node/sip/endpoint.js';
import type { Central } from '../../test/media-node/spool/central-fixture.js';
import { spawnBaseline } from './call-load-baseline.js';
import { hangupAll, placeCalls, type PlacedCall } from './call-load-calls.js';
import { Stream, type LoadGenerator } from './call-load-generator.js';
import { checkRecordings } from './call-load-record.js';
import { cpuMeter, percentile, selfCpuMeter, streamTiming } from './call-load-stats.js';

export type Variant = 'echo' | 'record' | 'baseline-echo' | 'baseline-sink';

export interface StepResult {
  variant: Variant;
  calls: number;
  up: number;
  failed: number;
  /** Lateness of echoed packets behind their stream's timeline, pooled over all calls (ms); NaN without echo. */
  p50: number;
  p99: number;
  /** Percent of frames missing: echo gaps, or audio absent from the stored recordings or the sink. */
  lossPct: number;
  /** CPU % of one core of the process under load (node or baseline) over the window. */
  cpu: number;
  /** CPU % and p99 tick lateness (ms) of this process, the generator: the measuring side's share. */
  genCpu: number;
  genLagP99: number;
  ok: boolean;
  note: string;
}

export interface StepContext {
  generator: LoadGenerator;
  uac: SipEndpoint;
  sipPort: number;
  nodePid: number;
  central: Central;
  prefix: string[];
  seconds: number;
  /** Every child process alive, for Ctrl-C. */
  children: Set<ChildProcess>;
}

export const TARGET = { p99Ms: 5, lossPct: 0.1 };
/** After the last call is up: the jitter buffer fills and the echo test's beep ends. */
const SETTLE_MS = 2000;
/** After the audio stops and before BYE: frames still in the node's jitter buffer play out. */
const DRAIN_MS = 300;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Window {
  cpu: number;
  genCpu: number;
  genLagP99: number;
}

async function measureWindow(ctx: StepContext, pid: number, streams: Stream[]): Promise<Window> {
  await sleep(SETTLE_MS);
  for (const s of streams) {
    s.recording = true;
    s.sentBeforeWindow = s.sent;
  }
  ctx.generator.takeLatenessP99();
  const cpu = cpuMeter(pid);
  const genCpu = selfCpuMeter();
  await sleep(ctx.seconds * 1000);
  for (const s of streams) s.recording = false;
  return { cpu: cpu(), genCpu: genCpu(), genLagP99: ctx.generator.takeLatenessP99() };
}

function echoVerdict(streams: Stream[], windowFrames: number): Pick<StepResult, 'p50' | 'p99' | 'lossPct'> {
  const lateness: number[] = [];
  let expected = 0;
  let received = 0;
  for (const s of streams) {
    const t = streamTiming(s.arrivals, s.stamps, s.reflecting ? { at: s.sentAt, stamps: s.sentStamps } : undefined);
    for (const v of t.lateness) lateness.push(v);
    // A call that echoed nothing in the window lost every frame of it.
    expected += t.received > 0 ? t.expected : windowFrames;
    received += t.received;
  }
  return { p50: percentile(lateness, 50), p99: percentile(lateness, 99), lossPct: expected ? (100 * (expected - received)) / expected : 100 };
}

function finish(r: Omit<StepResult, 'ok'>): StepResult {
  const jitterOk = Number.isNaN(r.p99) || r.p99 <= TARGET.p99Ms;
  const ok = r.failed === 0 && r.up === r.calls && jitterOk && r.lossPct <= TARGET.lossPct;
  return { ...r, ok };
}

/** N echo-test or recorder calls into the media node. */
export async function nodeStep(ctx: StepContext, variant: 'echo' | 'record', calls: number): Promise<StepResult> {
  const placed = await placeCalls(ctx.uac, ctx.sipPort, variant === 'echo' ? '1009' : 'rec', calls, ctx.generator);
  const streams = placed.up.map((c) => c.stream);
  const w = await measureWindow(ctx, ctx.nodePid, streams);
  let verdict: Pick<StepResult, 'p50' | 'p99' | 'lossPct'>;
  let note = placed.reason ?? '';
  if (variant === 'echo') {
    verdict = echoVerdict(streams, ctx.seconds * 50);
    const hangupFailed = await hangupAll(placed.up, ctx.generator);
    if (hangupFailed) note ||= `${hangupFailed} BYE failed`;
  } else {
    for (const s of streams) ctx.generator.remove(s);
    const sent = new Map(placed.up.map((c: PlacedCall) => [c.call.callId, { total: c.stream.sent, window: c.stream.sent - c.stream.sentBeforeWindow, skipped: c.stream.skippedInWindow }]));
    await sleep(DRAIN_MS);
    await hangupAll(placed.up, ctx.generator);
    const check = await checkRecordings(ctx.central, sent, 30_000 + 300 * calls);
    if (check.stored < placed.up.length) note ||= `${check.stored} of ${placed.up.length} recordings stored`;
    // Frames lost while calls were still being answered do not count against the steady load, but are shown.
    if (check.callMissing > 0) note ||= `whole calls: ${check.callMissing} of ${check.callFrames} frames missing in ${check.callsShort} calls`;
    verdict = { p50: NaN, p99: NaN, lossPct: check.stored < sent.size || !check.windowFrames ? 100 : (100 * check.windowMissing) / check.windowFrames };
  }
  await sleep(500);
  return finish({ variant, calls, up: placed.up.length, failed: placed.failed, ...verdict, ...w, note });
}

/** The same traffic into plain dgram sockets that echo it back, or only count it. */
export async function baselineStep(ctx: StepContext, variant: 'baseline-echo' | 'baseline-sink', calls: number): Promise<StepResult> {
  const baseline = await spawnBaseline(variant === 'baseline-echo' ? 'echo' : 'sink', calls, ctx.prefix);
  ctx.children.add(baseline.child);
  const streams: Stream[] = [];
  try {
    for (const port of baseline.ports) {
      const s = await Stream.open(variant === 'baseline-echo');
      s.remote = { address: '127.0.0.1', port };
      streams.push(s);
      ctx.generator.add(s);
    }
    const w = await measureWindow(ctx, baseline.pid, streams);
    for (const s of streams) ctx.generator.remove(s);
    let verdict: Pick<StepResult, 'p50' | 'p99' | 'lossPct'>;
    if (variant === 'baseline-echo') verdict = echoVerdict(streams, ctx.seconds * 50);
    else {
      await sleep(DRAIN_MS);
      const counts = await baseline.counts();
      const sent = streams.reduce((sum, s) => sum + s.sent, 0);
      const got = counts.reduce((sum, c) => sum + c, 0);
      verdict = { p50: NaN, p99: NaN, lossPct: sent ? (100 * Math.max(0, sent - got)) / sent : 100 };
    }
    return finish({ variant, calls, up: calls, failed: 0, ...verdict, ...w, note: '' });
  } finally {
    for (const s of streams) {
      ctx.generator.remove(s);
      s.close();
    }
    await baseline.stop();
    ctx.children.delete(baseline.child);
  }
}
