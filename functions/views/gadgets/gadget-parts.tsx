import { formatBytes } from '../../services/table/format.js';
import type { ViewContext } from '../view-context.js';

/** "3 d 4 h", "5 h 12 min", "40 s": uptimes at a glance. */
export function formatDuration(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3_600);
  const m = Math.floor((seconds % 3_600) / 60);
  if (d) return `${d} d ${h} h`;
  if (h) return `${h} h ${m} min`;
  if (m) return `${m} min`;
  return `${Math.floor(seconds)} s`;
}

/** Used/total as an accessible meter plus the numbers, warning above 80 % and alarming above 95 %. */
export function UsageMeter({ v, label, used, total }: { v: ViewContext; label: string; used: number; total: number }) {
  const pct = total > 0 ? Math.round((used / total) * 100) : 0;
  return (
    <div class="usage">
      <div class="usage-label">
        <span>{label}</span>
        <span>{v.t('gadget.usedOf', { used: formatBytes(used, v.locale), total: formatBytes(total, v.locale), pct })}</span>
      </div>
      <meter min={0} max={total || 1} low={total * 0.8} high={total * 0.95} optimum={0} value={used} aria-label={label}>
        {pct}%
      </meter>
    </div>
  );
}

/** A small trend line; inline SVG needs no script and passes the strict content policy. */
export function Sparkline({ points, label }: { points: number[]; label: string }) {
  if (points.length < 2) return null;
  const width = 160;
  const height = 32;
  const min = Math.min(...points);
  const max = Math.max(...points);
  const span = max - min || 1;
  const coords = points.map((p, i) => `${((i / (points.length - 1)) * width).toFixed(1)},${(height - 2 - ((p - min) / span) * (height - 4)).toFixed(1)}`);
  return (
    <svg class="sparkline" viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={label}>
      <polyline points={coords.join(' ')} fill="none" stroke="currentColor" stroke-width="2" />
    </svg>
  );
}
