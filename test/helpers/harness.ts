import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../functions/app.js';
import type { Deps } from '../../functions/deps.js';
import { parseConfig } from '../../functions/env.js';
import { buildNodeDeps } from '../../functions/node.js';
import { createOrganization, type CreatedOrganization } from '../../functions/services/organizations/create-organization.js';
import { systemScope, type Scope } from '../../functions/services/scope.js';
import { createUser } from '../../functions/services/users/user-write.js';
import type { UserCreate } from '../../functions/services/users/user-schemas.js';
import { TestClient } from './test-client.js';

export const ADMIN_PASSWORD = 'admin-password-1';

export interface Harness {
  app: ReturnType<typeof createApp>;
  deps: Deps;
  org: CreatedOrganization;
  dir: string;
  /** Moves the clock the app sees. */
  clock: { offsetMs: number };
  client: () => TestClient;
  signedIn: (email: string, password: string) => Promise<TestClient>;
  admin: () => Promise<TestClient>;
  scope: (orgId?: string) => Scope;
  addUser: (input: Partial<UserCreate> & { email: string }, orgId?: string) => Promise<string>;
  addOrganization: (name: string, adminEmail: string) => Promise<CreatedOrganization>;
  close: () => void;
}

/**
 * One temporary libSQL file database per test file, migrated, with one organization whose
 * administrator is admin@example.test. The app is called in-process.
 */
export async function createHarness(env: Record<string, string> = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'ramal-test-'));
  const config = parseConfig({ RAMAL_DATA_DIR: dir, RAMAL_KDF_COST: '10', LOG_LEVEL: 'error', ...env });
  const clock = { offsetMs: 0 };
  const base = await buildNodeDeps(config);
  const deps: Deps = { ...base, now: () => new Date(Date.now() + clock.offsetMs) };
  const org = await createOrganization(deps.db, deps.kdf, config.RAMAL_KDF_COST, {
    name: 'Acme', siteName: 'Head office', timeZone: 'America/Sao_Paulo', adminEmail: 'admin@example.test', adminPassword: ADMIN_PASSWORD, language: 'en',
  });
  const app = createApp({ resolveDeps: () => deps });
  const client = () => new TestClient(app);
  const signedIn = async (email: string, password: string) => {
    const c = client();
    const res = await c.json('POST', '/api/v1/session', { email, password });
    if (res.status !== 200) throw new Error(`sign-in of ${email} failed: ${res.status} ${await res.text()}`);
    return c;
  };
  return {
    app, deps, org, dir, clock, client, signedIn,
    admin: () => signedIn('admin@example.test', ADMIN_PASSWORD),
    scope: (orgId = org.orgId) => systemScope(orgId, 'test'),
    addUser: (input, orgId = org.orgId) =>
      createUser({ db: deps.db, kdf: deps.kdf, kdfCost: config.RAMAL_KDF_COST, now: deps.now }, systemScope(orgId, 'test'), {
        fullName: input.fullName ?? input.email.split('@')[0]!, password: 'user-password-1', ...input,
      } as UserCreate),
    addOrganization: (name, adminEmail) =>
      createOrganization(deps.db, deps.kdf, config.RAMAL_KDF_COST, { name, siteName: 'Main', timeZone: 'UTC', adminEmail, adminPassword: ADMIN_PASSWORD, language: 'en' }),
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The usual top of an API or page test file: one harness for the file, the administrator signed
 * in, closed at the end. `assign` receives them once ready (the file keeps its own `h`/`admin`).
 */
export function useHarness(assign: (ready: { h: Harness; admin: TestClient }) => void, env: Record<string, string> = {}): void {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await createHarness(env);
    assign({ h: harness, admin: await harness.admin() });
  });
  afterAll(() => harness?.close());
}
