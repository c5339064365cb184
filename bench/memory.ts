import { readFileSync, writeFileSync } from 'node:fs';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import type { HeapResult } from './ipc.js';

const SAMPLE_MS = 20;

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null; // Not Linux: only the in-process heap numbers remain.
  }
}

/**
 * Resident memory of another process, watched from outside: sampled every 20 ms, and, where
 * Linux lets us reset the high-water mark (clear_refs 5), also its exact peak, which catches the
 * moments the process spends inside one synchronous SQLite call and cannot be sampled.
 */
export function watchRss(pid: number) {
  let hwmReset = false;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    hwmReset = true;
  } catch {
    // Sampling alone then.
  }
  const before = statusKb(pid, 'VmRSS') ?? 0;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, statusKb(pid, 'VmRSS') ?? 0);
  }, SAMPLE_MS);
  return {
    stop(): { before: number; peak: number; exact: boolean } {
      clearInterval(timer);
      const hwm = hwmReset ? statusKb(pid, 'VmHWM') : null;
      return { before, peak: Math.max(peak, hwm ?? 0, statusKb(pid, 'VmRSS') ?? 0), exact: hwm !== null };
    },
  };
}

/** A full collection, when the process runs with --expose-gc (the server does). */
export const collect = () => (globalThis as { gc?: () => void }).gc?.();

/**
 * This process's heap, sampled every 20 ms and whenever `sample()` is called between steps.
 * heapUsed also counts garbage not yet collected, so the heap really held is read as well:
 * right after each major collection V8 makes on its own (none is forced, which would change
 * the very peaks measured), or after `live()`, which forces one.
 */
export function watchHeap() {
  const first = process.memoryUsage();
  const seen: HeapResult = {
    heapBefore: first.heapUsed, heapPeak: first.heapUsed, livePeak: first.heapUsed, majorGcs: 0,
    externalBefore: first.external, externalPeak: first.external, rssBefore: first.rss, rssPeak: first.rss,
  };
  const sample = () => {
    const m = process.memoryUsage();
    seen.heapPeak = Math.max(seen.heapPeak, m.heapUsed);
    seen.rssPeak = Math.max(seen.rssPeak, m.rss);
    seen.externalPeak = Math.max(seen.externalPeak, m.external);
  };
  const afterCollection = () => {
    seen.livePeak = Math.max(seen.livePeak, process.memoryUsage().heapUsed);
  };
  const gcs = new PerformanceObserver((list) => {
    const majors = list.getEntries().filter((e) => (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR);
    seen.majorGcs += majors.length;
    if (majors.length) afterCollection();
  });
  gcs.observe({ entryTypes: ['gc'] });
  const timer = setInterval(sample, SAMPLE_MS);
  return {
    sample,
    live() {
      sample();
      collect();
      seen.majorGcs++;
      afterCollection();
    },
    stop(): HeapResult {
      clearInterval(timer);
      gcs.disconnect();
      sample();
      return { ...seen };
    },
  };
}
