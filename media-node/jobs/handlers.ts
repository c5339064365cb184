import { NODE_RECORDINGS_EXPORT_JOB } from '../../functions/services/recording-maintenance/maintenance-jobs.js';
import type { NodeJobHandler } from './node-job.js';
import { recordingsExportJob } from './recordings-export.js';

/** Every kind of node job this media node carries out, by kind. */
export function nodeJobHandlers(options: { exportDir: string; exportRequiresMount?: boolean }): Record<string, NodeJobHandler> {
  return { [NODE_RECORDINGS_EXPORT_JOB]: recordingsExportJob({ root: options.exportDir, requireMount: options.exportRequiresMount ?? false }) };
}
