import { resolve } from 'node:path';
import { z } from 'zod';
import type { NodeExportItem } from '../central/jobs-client.js';
import { alreadyWritten, checkExportRoot, exportTarget, writeExportFile } from './export-files.js';
import type { NodeJobContext, NodeJobHandler, NodeJobOutcome } from './node-job.js';

/**
 * node:recordings-export (manual 4.5.2, "export to a removable device"): writes every file of the
 * export under the node's export root (RAMAL_NODE_EXPORT_DIR, e.g. a USB disk's mount point).
 *
 * The job's saved result is where to resume: the cursor of the page being written and the counts
 * before it. After a restart that page is walked again; files already there with their size are
 * skipped (and counted again, as the counts start from the page), so nothing is rewritten.
 */
export interface RecordingsExportOptions {
  root: string;
  /** Refuse a root that is not a mount point (RAMAL_NODE_EXPORT_REQUIRE_MOUNT). */
  requireMount?: boolean;
  /** Recordings per items page (default 50). */
  pageSize?: number;
}

const Counts = z.object({
  /** Recordings gone through (the progress bar's done). */
  done: z.number().int().min(0).default(0),
  /** Recordings with at least one file in the export. */
  exported: z.number().int().min(0).default(0),
  files: z.number().int().min(0).default(0),
  bytes: z.number().int().min(0).default(0),
  /** Files already in place from an earlier run, left as they were. */
  skipped: z.number().int().min(0).default(0),
});
type Counts = z.infer<typeof Counts>;
const Resume = Counts.extend({ after: z.string().nullable().default(null) });

/** Consecutive items of one recording (a page lists a recording's formats together). */
function byRecording(items: NodeExportItem[]): NodeExportItem[][] {
  const groups: NodeExportItem[][] = [];
  for (const item of items) {
    const group = groups.at(-1);
    if (group?.[0]?.recordingId === item.recordingId) group.push(item);
    else groups.push([item]);
  }
  return groups;
}

type Written = 'written' | 'skipped' | 'gone';

async function writeItem(ctx: NodeJobContext, root: string, item: NodeExportItem): Promise<Written> {
  const file = exportTarget(root, item.path);
  if (await alreadyWritten(file, item.size)) return 'skipped';
  const res = await ctx.jobs.download(ctx.job.id, item);
  // Deleted since the page was listed: nothing to write, and not an error of the export.
  if (!res) return 'gone';
  await writeExportFile(file, res.body ?? new Blob([]).stream(), item.size, ctx.signal);
  return 'written';
}

const outcome = (status: NodeJobOutcome['status'], c: Counts, total: number): NodeJobOutcome => ({
  status,
  result: { exported: c.exported, files: c.files, bytes: c.bytes, skipped: c.skipped, done: c.done, total },
});

export function recordingsExportJob(options: RecordingsExportOptions): NodeJobHandler {
  const root = resolve(options.root);
  const pageSize = options.pageSize ?? 50;
  return async (ctx) => {
    await checkExportRoot(root, { requireMount: options.requireMount ?? false });
    // The folder is checked before anything is listed: a job whose folder leaves the root fails at once.
    const folder = (ctx.job.input.target as { folder?: unknown } | undefined)?.folder;
    if (typeof folder === 'string' && folder) exportTarget(root, `${folder}/probe`);
    const resume = Resume.safeParse(ctx.job.result ?? {});
    let { after, ...base } = resume.success ? resume.data : Resume.parse({});
    let counts: Counts = { ...base };
    let total = ctx.job.progressTotal;
    try {
      for (;;) {
        const page = await ctx.jobs.items(ctx.job.id, after, pageSize);
        total = page.total;
        counts = { ...base };
        for (const group of byRecording(page.items)) {
          let kept = false;
          for (const item of group) {
            const written = await writeItem(ctx, root, item);
            if (written === 'gone') continue;
            kept = true;
            counts.files++;
            counts.bytes += item.size;
            if (written === 'skipped') counts.skipped++;
          }
          if (kept) counts.exported++;
          counts.done++;
          // Resume from the page's start, with the counts from before it.
          if (await ctx.progress({ done: counts.done, total, result: { ...base, after } })) return outcome('stopped', counts, total);
        }
        base = { ...counts };
        after = page.next;
        if (!after) break;
        if (await ctx.progress({ done: base.done, total, result: { ...base, after } }, true)) return outcome('stopped', base, total);
      }
    } catch (error) {
      if (ctx.stopRequested()) return outcome('stopped', counts, total);
      throw error;
    }
    // Recordings without any of the formats asked for list no files, yet count towards the total.
    const final = { ...counts, done: Math.max(counts.done, total) };
    await ctx.progress({ done: final.done, total, result: { ...final, after: null } }, true);
    return outcome('done', final, total);
  };
}
