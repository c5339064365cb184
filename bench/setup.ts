import type { Client } from '@libsql/client';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Deps } from '../functions/deps.js';
import { parseConfig, type Config } from '../functions/env.js';
import { buildNodeDeps } from '../functions/node.js';
import { createOrganization, type CreatedOrganization } from '../functions/services/organizations/create-organization.js';
import { systemScope } from '../functions/services/scope.js';
import { createToken } from '../functions/services/tokens/token-service.js';

/** The environment the bench's server runs with; the child process parses the same one. */
export function benchEnv(dataDir: string): Record<string, string> {
  // Lowest KDF cost: the bench signs nobody in, and the organization's admin hash is made once.
  return { RAMAL_DATA_DIR: dataDir, RAMAL_KDF_COST: '10', LOG_LEVEL: 'error', RAMAL_WORKER: 'off', RAMAL_LANGUAGE: 'en' };
}

export interface BenchOrg {
  org: CreatedOrganization;
  /** Integration token with the Administrators profile: every permission, export included. */
  token: string;
}

export interface BenchSetup {
  dataDir: string;
  config: Config;
  deps: Deps;
  main: BenchOrg;
}

export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'ramal-bench-'));
}

/** Migrated database in a fresh data folder, with one organization and its API token. */
export async function setUp(dataDir: string): Promise<BenchSetup> {
  const config = parseConfig(benchEnv(dataDir));
  const deps = await buildNodeDeps(config);
  const main = await addOrganization(deps, config, 'Bench Telecom', 'admin@bench.example');
  return { dataDir, config, deps, main };
}

export async function addOrganization(deps: Deps, config: Config, name: string, adminEmail: string): Promise<BenchOrg> {
  const org = await createOrganization(deps.db, deps.kdf, config.RAMAL_KDF_COST, {
    name, siteName: 'Matriz São Paulo', timeZone: 'America/Sao_Paulo', adminEmail, adminPassword: 'bench-password-1', language: 'en',
  });
  const { secret } = await createToken(deps.db, systemScope(org.orgId, 'bench'), { name: 'bench', kind: 'integration', profileId: org.adminProfileId }, deps.now());
  return { org, token: secret };
}

/** The libSQL client under the app's drizzle instance (drizzle keeps it as `$client`). */
export function libsqlClient(deps: Deps): Client {
  const client = (deps.db as unknown as { $client?: Client }).$client;
  if (!client) throw new Error('the database is not a libSQL drizzle instance');
  return client;
}
