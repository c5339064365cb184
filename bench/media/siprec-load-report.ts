/** The SIPREC bench's per-phase table and its rows for the media bench's table. */
import type { PhaseResult } from './siprec-load-phase.js';

export interface SiprecRow {
  name: string;
  ours: number;
  baseline: number;
  ratio: number;
  unit: string;
}

const num = (v: number | undefined, digits = 0) => (v !== undefined && Number.isFinite(v) ? v.toFixed(digits) : '-');
const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

export function phaseTable(phases: PhaseResult[]): string {
  const head = ['phase', 'calls up', 'streams', 'sent', 'lost', 'late', 'dropped', 'stored', 'missing frames', 'stored−sent p50 ms', 'cpu %', 'window s', 'sender skips', 'BYE→stored p50', 'p99', 'note'];
  const rows = phases.map((p) => [
    p.kind, `${p.up}/${p.calls}`, String(p.streams), String(p.packetsSent), String(p.packetsLost), String(p.late), String(p.dropped),
    p.stored ? String(p.stored.stored) : '-', p.stored ? String(p.stored.framesMissing) : '-', num(p.stored && median(p.stored.extraMs)), num(p.cpu, 1), num(p.windowS, 1), String(p.senderSkipped),
    num(p.byeP50), num(p.byeP99), p.note,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return ['', line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Loss must be 0 and every session stored whole; a row that misses says so in its name. */
export function siprecRows(phases: PhaseResult[]): SiprecRow[] {
  const siprec = phases.find((p) => p.kind === 'siprec');
  const plain = phases.find((p) => p.kind === 'plain');
  const sink = phases.find((p) => p.kind === 'sink');
  if (!siprec || !plain || !sink) return [];
  const n = siprec.calls;
  const whole = siprec.up === n && siprec.stored?.stored === n && siprec.stored.framesMissing === 0 && siprec.stored.wrongChannels === 0;
  const mark = (ok: boolean) => (ok ? '' : ' [MISSED: must be 0]');
  return [
    { name: `siprec ${n} sessions × 2 streams: RTP packets lost (node counters) vs dgram sink${mark(siprec.packetsLost === 0)}`, ours: siprec.packetsLost, baseline: sink.packetsLost, ratio: ratio(siprec.packetsLost, sink.packetsLost), unit: 'packets' },
    { name: `siprec ${n} sessions: frames missing from stored WAVs vs plain legs${mark(whole)}`, ours: siprec.stored?.framesMissing ?? NaN, baseline: plain.stored?.framesMissing ?? NaN, ratio: ratio(siprec.stored?.framesMissing ?? NaN, plain.stored?.framesMissing ?? NaN), unit: 'frames' },
    { name: `siprec ${n} sessions: node CPU vs dgram sink of the same ${sink.streams} streams`, ours: siprec.cpu, baseline: sink.cpu, ratio: ratio(siprec.cpu, sink.cpu), unit: '% of a core' },
    { name: `siprec vs ${n} plain recording legs: node CPU per stream`, ours: siprec.cpu / siprec.streams, baseline: plain.cpu / plain.streams, ratio: ratio(siprec.cpu / siprec.streams, plain.cpu / plain.streams), unit: '% of a core' },
    { name: `siprec vs plain legs: BYE → audio in object storage, p50`, ours: siprec.byeP50, baseline: plain.byeP50, ratio: ratio(siprec.byeP50, plain.byeP50), unit: 'ms' },
    { name: `siprec vs plain legs: BYE → audio in object storage, p99`, ours: siprec.byeP99, baseline: plain.byeP99, ratio: ratio(siprec.byeP99, plain.byeP99), unit: 'ms' },
  ];
}
