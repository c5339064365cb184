import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { auditListSpec } from '../../services/audit/audit-list.js';
import { AuditPage } from '../../views/pages/audit-page.js';
import { webList } from './list-page.js';

export const auditPages = new Hono<AppEnv>().get('/audit', requirePermission('system', 'view'), (c) => {
  const spec = auditListSpec(c.var.deps.db, auth(c).scope);
  return webList(c, spec, 'system', 'audit.title', (v, page, fmt) => <AuditPage v={v} page={page} fmt={fmt} columns={spec.columns} />);
});
