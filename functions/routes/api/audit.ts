import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { auditListSpec } from '../../services/audit/audit-list.js';
import { ListQuerySchema } from '../../services/table/list-query.js';
import { respondList } from '../list-response.js';
import { validate } from '../validate.js';
import { apiDoc, listBody } from './openapi-helpers.js';

const AuditItem = z
  .object({
    id: z.string(),
    at: z.iso.datetime(),
    actorId: z.string().nullable(),
    actorName: z.string(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    summary: z.string(),
  })
  .meta({ id: 'AuditEntry' });

export const auditApi = new Hono<AppEnv>().get(
  '/',
  apiDoc({ summary: 'The audit log of administrative changes', tags: ['audit'], response: listBody(AuditItem), exportable: true }),
  requirePermission('system', 'view'),
  validate('query', ListQuerySchema),
  async (c) => {
    return respondList(c, auditListSpec(c.var.deps.db, auth(c).scope), c.req.valid('query'), 'system', 'audit.title', ({ orgId: _org, ...row }) => row);
  },
);
