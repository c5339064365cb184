import { z } from 'zod';
import { ApiError } from '../../errors.js';
import { ACTIONS, MODULES } from '../auth/permissions.js';
import type { Scope } from '../scope.js';
import type { RecordingPeriod } from './recording-set.js';

/**
 * Who started a maintenance job, kept in its input: the job sees exactly the recordings its
 * starter saw (a site-limited administrator's export never reaches other sites), whether a user
 * or an API token started it.
 */
export const JobScopeSchema = z.object({
  actor: z.object({ id: z.string().nullable(), name: z.string(), kind: z.enum(['user', 'token', 'system']) }),
  grants: z.object({ all: z.boolean(), matrix: z.partialRecord(z.enum(MODULES), z.array(z.enum(ACTIONS))) }),
  siteIds: z.array(z.string()).nullable(),
  userId: z.string().nullable(),
});
export type JobScope = z.infer<typeof JobScopeSchema>;

export function toJobScope(scope: Scope): JobScope {
  return { actor: scope.actor, grants: scope.grants, siteIds: scope.siteIds, userId: scope.userId };
}

/** The scope a job runs with, from its stored input. */
export function jobScope(job: { orgId: string; input: Record<string, unknown> }): Scope {
  const parsed = JobScopeSchema.safeParse(job.input.scope);
  if (!parsed.success) throw new ApiError('BAD_REQUEST', 'the job does not say who started it');
  return { orgId: job.orgId, ...parsed.data };
}

/** A job input's period as the sets take it (ISO instants, null ends open). */
export function jobPeriod(input: { from: string | null; to: string | null }): RecordingPeriod {
  return { from: input.from ? new Date(input.from) : null, to: input.to ? new Date(input.to) : null };
}
