/** The call-load bench's per-step table and its summary rows for the media bench's table. */
import { TARGET, type StepResult, type Variant } from './call-load-steps.js';

export interface CallLoadRow {
  name: string;
  ours: number;
  baseline: number;
  ratio: number;
  unit: string;
}

const num = (v: number, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : '-');

export function printSteps(steps: StepResult[]): void {
  const head = ['variant', 'calls', 'up', 'p50 ms', 'p99 ms', 'loss %', 'cpu %', 'gen cpu %', 'gen lag p99', 'verdict'];
  const rows = steps.map((s) => [
    s.variant, String(s.calls), String(s.up), num(s.p50), num(s.p99), num(s.lossPct, 3), num(s.cpu, 0), num(s.genCpu, 0), num(s.genLagP99), `${s.ok ? 'ok' : 'FAIL'}${s.note ? `: ${s.note}` : ''}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(['', line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n'));
}

/** The largest N that met the target before the first step that did not; `capped` when none failed. */
export function largestPassing(steps: StepResult[], variant: Variant): { calls: number; capped: boolean } {
  const mine = steps.filter((s) => s.variant === variant);
  let calls = 0;
  for (const s of mine) {
    if (!s.ok) return { calls, capped: false };
    calls = s.calls;
  }
  return { calls, capped: mine.length > 0 };
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);

function capacityRow(steps: StepResult[], ours: Variant, base: Variant, name: string): CallLoadRow {
  const o = largestPassing(steps, ours);
  const b = largestPassing(steps, base);
  const mark = o.capped || b.capped ? ` [${o.capped ? 'ours' : ''}${o.capped && b.capped ? ' and ' : ''}${b.capped ? 'baseline' : ''} never failed: at least]` : '';
  return { name: `${name}${mark}`, ours: o.calls, baseline: b.calls, ratio: ratio(o.calls, b.calls), unit: 'calls' };
}

/** CPU per call (and for echo, p99) at the largest N both sides passed: what our stack costs over bare Node. */
function costRows(steps: StepResult[], ours: Variant, base: Variant, label: string, jitter: boolean): CallLoadRow[] {
  const passed = (v: Variant) => new Set(steps.filter((s) => s.variant === v && s.ok).map((s) => s.calls));
  const common = [...passed(ours)].filter((n) => passed(base).has(n));
  if (common.length === 0) return [];
  const n = Math.max(...common);
  const o = steps.find((s) => s.variant === ours && s.calls === n)!;
  const b = steps.find((s) => s.variant === base && s.calls === n)!;
  const rows: CallLoadRow[] = [{ name: `${label}: core % per call at ${n} calls`, ours: o.cpu / n, baseline: b.cpu / n, ratio: ratio(o.cpu, b.cpu), unit: '% of a core' }];
  if (jitter) rows.push({ name: `${label}: p99 lateness at ${n} calls`, ours: o.p99, baseline: b.p99, ratio: ratio(o.p99, b.p99), unit: 'ms' });
  return rows;
}

export function summarize(steps: StepResult[]): CallLoadRow[] {
  return [
    capacityRow(steps, 'echo', 'baseline-echo', `call load, echo 1009 (p99 ≤ ${TARGET.p99Ms} ms, loss ≤ ${TARGET.lossPct}%) vs dgram echo`),
    ...costRows(steps, 'echo', 'baseline-echo', 'call load, echo', true),
    capacityRow(steps, 'record', 'baseline-sink', `call load, record 'rec' (stored, loss ≤ ${TARGET.lossPct}%) vs dgram sink`),
    ...costRows(steps, 'record', 'baseline-sink', 'call load, record', false),
  ];
}
