import { createToken } from '../../functions/services/tokens/token-service.js';
import type { Harness } from './harness.js';
import type { TestClient } from './test-client.js';

/** A caller holding a media node token of `siteId` (the harness organization's first site by default). */
export async function nodeClient(h: Harness, options: { siteId?: string; orgId?: string } = {}): Promise<TestClient> {
  const orgId = options.orgId ?? h.org.orgId;
  const siteId = options.siteId ?? h.org.siteId;
  const { secret } = await createToken(h.deps.db, h.scope(orgId), { name: `node ${siteId.slice(0, 8)} ${Math.random().toString(36).slice(2, 7)}`, kind: 'node', siteId }, h.deps.now());
  const client = h.client();
  client.bearer = secret;
  return client;
}

/** A caller holding an integration token with every permission of the organization's administrator profile. */
export async function integrationClient(h: Harness): Promise<TestClient> {
  const { secret } = await createToken(h.deps.db, h.scope(), { name: `integration ${Math.random().toString(36).slice(2, 7)}`, kind: 'integration', profileId: h.org.adminProfileId }, h.deps.now());
  const client = h.client();
  client.bearer = secret;
  return client;
}
