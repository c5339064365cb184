import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import * as schema from '../../schema/index.js';
import type { Db } from '../../functions/db.js';
import { jsScrypt } from '../../functions/services/auth/password.js';
import { createOrganization } from '../../functions/services/organizations/create-organization.js';
import { systemScope } from '../../functions/services/scope.js';
import { startSync } from '../../functions/services/sync/start-sync.js';
import { updateSite } from '../../functions/services/sites/site-service.js';

const ENTRY = join(import.meta.dirname, '..', '..', 'functions', 'node.ts');
const dir = mkdtempSync(join(tmpdir(), 'ramal-worker-'));
let child: ChildProcess | undefined;
let client: Client | undefined;

afterAll(() => {
  child?.kill('SIGTERM');
  client?.close();
  rmSync(dir, { recursive: true, force: true });
});

function waitForLine(proc: ChildProcess, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${pattern}" within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    proc.stdout!.on('data', read);
    proc.stderr!.on('data', read);
    proc.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
}

describe('npm run worker', () => {
  it('runs queued jobs without a web server', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', ENTRY, '--worker-only'], {
      env: { ...process.env, RAMAL_DATA_DIR: dir, RAMAL_KDF_COST: '10', PORT: '1', LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = await waitForLine(child, /job runner started/);
    expect(output).not.toMatch(/is running at http/);
    // The worker migrated the database; a second process (the web app, here the test) queues work.
    client = createClient({ url: `file:${join(dir, 'ramal.db')}` });
    await client.execute('pragma busy_timeout = 5000');
    const db = drizzle(client, { schema }) as unknown as Db;
    const org = await createOrganization(db, jsScrypt, 10, { name: 'Acme', siteName: 'Main', timeZone: 'UTC', adminEmail: 'admin@example.test', adminPassword: 'admin-password-1', language: 'en' });
    const scope = systemScope(org.orgId, 'test');
    await updateSite(db, scope, org.siteId, { pbxConnection: { kind: 'csv' } }, new Date());
    const jobId = await startSync(db, scope, org.siteId, 'number,name,email\n4001,Ana,ana@example.test\n', new Date());
    let status = 'queued';
    for (let i = 0; i < 100 && status !== 'done' && status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      const [row] = await db.select({ status: schema.jobs.status }).from(schema.jobs).where(eq(schema.jobs.id, jobId));
      status = row?.status ?? 'missing';
    }
    expect(status).toBe('done');
    const users = await db.select().from(schema.users).where(eq(schema.users.email, 'ana@example.test'));
    expect(users).toHaveLength(1);
  }, 60_000);
});
