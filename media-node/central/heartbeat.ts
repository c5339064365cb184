import { statfs } from 'node:fs/promises';
import { cpus, freemem, totalmem } from 'node:os';
import type { NodeLogger } from '../log.js';
import type { CentralClient } from './client.js';

export interface HeartbeatBody {
  version: string;
  uptimeSeconds: number;
  cpuPercent: number;
  memoryUsedBytes: number;
  memoryTotalBytes: number;
  diskUsedBytes: number;
  diskTotalBytes: number;
  activeCalls: number;
}

export interface HeartbeatOptions {
  client: CentralClient;
  /** The spool's disk is the one that fills up when uploads stall. */
  spoolDir: string;
  version: string;
  activeCalls: () => number;
  log: NodeLogger;
  intervalMs?: number;
}

function cpuTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const cpu of cpus()) {
    const t = cpu.times;
    busy += t.user + t.nice + t.sys + t.irq;
    total += t.user + t.nice + t.sys + t.irq + t.idle;
  }
  return { busy, total };
}

/** Host CPU use between two samples of the kernel's counters, over all cores. */
export function cpuMeter(): () => number {
  let last = cpuTimes();
  return () => {
    const now = cpuTimes();
    const total = now.total - last.total;
    const percent = total > 0 ? ((now.busy - last.busy) / total) * 100 : 0;
    last = now;
    return Math.min(100, Math.max(0, Math.round(percent * 10) / 10));
  };
}

export async function sampleHealth(options: Pick<HeartbeatOptions, 'spoolDir' | 'version' | 'activeCalls'>, cpu: () => number): Promise<HeartbeatBody> {
  const disk = await statfs(options.spoolDir);
  const memoryTotalBytes = totalmem();
  return {
    version: options.version,
    uptimeSeconds: Math.floor(process.uptime()),
    cpuPercent: cpu(),
    memoryUsedBytes: Math.max(0, memoryTotalBytes - freemem()),
    memoryTotalBytes,
    diskUsedBytes: (disk.blocks - disk.bfree) * disk.bsize,
    diskTotalBytes: disk.blocks * disk.bsize,
    activeCalls: Math.max(0, Math.floor(options.activeCalls())),
  };
}

/** Sends a heartbeat now and every interval; a failed beat is logged and simply skipped (the next one replaces it). */
export function startHeartbeat(options: HeartbeatOptions): { beat(): Promise<boolean>; stop(): void } {
  const cpu = cpuMeter();
  const beat = async (): Promise<boolean> => {
    try {
      await options.client.request('POST', 'heartbeat', { json: await sampleHealth(options, cpu), retries: 0 });
      return true;
    } catch (error) {
      options.log.warn('heartbeat failed', { error: error instanceof Error ? error.message : String(error) });
      return false;
    }
  };
  void beat();
  const timer = setInterval(() => void beat(), options.intervalMs ?? 30_000);
  timer.unref();
  return { beat, stop: () => clearInterval(timer) };
}
