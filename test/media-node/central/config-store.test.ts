import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sites } from '../../../schema/index.js';
import { createCentralClient, type CentralClient } from '../../../media-node/central/client.js';
import { ConfigStore } from '../../../media-node/central/config-store.js';
import { silentLogger } from '../../../media-node/log.js';
import { freePort } from '../../helpers/free-port.js';
import { capturingLogger, startCentral, type Central } from '../spool/central-fixture.js';

let central: Central;
let dir: string;
let store: ConfigStore | null = null;

beforeAll(async () => {
  central = await startCentral();
});
afterAll(async () => {
  await central.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ramal-config-'));
});
afterEach(async () => {
  store?.stop();
  store = null;
  await rm(dir, { recursive: true, force: true });
});

/** The central client, recording the status of every config poll. */
function recordingClient(statuses: number[], baseUrl = central.url): CentralClient {
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    statuses.push(response.status);
    return response;
  };
  return createCentralClient({ baseUrl, token: central.token, log: silentLogger, retries: 0, fetch: recordingFetch });
}

const setConferenceCode = (code: string) => central.h.deps.db.update(sites).set({ conferenceCode: code }).where(eq(sites.id, central.h.org.siteId));

describe('config store', () => {
  it('pulls the site configuration, saves it with its ETag, then gets 304 and keeps the copy', async () => {
    const statuses: number[] = [];
    store = await ConfigStore.start({ client: recordingClient(statuses), path: join(dir, 'config.json'), log: silentLogger, pollSeconds: 3600 });
    expect(store.config.site.id).toBe(central.h.org.siteId);
    const saved = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    expect(saved.etag).toBe(store.etag);
    expect(saved.config).toEqual(store.config);
    const before = store.config;
    expect(await store.refresh()).toBe('unchanged');
    expect(statuses).toEqual([200, 304]);
    expect(store.config).toBe(before);
  });

  it("emits 'change' with the new and previous configuration when the central config changes", async () => {
    store = await ConfigStore.start({ client: central.client(), path: join(dir, 'config.json'), log: silentLogger, pollSeconds: 3600 });
    const changes: [string, string][] = [];
    store.on('change', (next, previous) => changes.push([next.codes.conference, previous.codes.conference]));
    const old = store.config.codes.conference;
    await setConferenceCode('7777');
    try {
      expect(await store.refresh()).toBe('changed');
      expect(changes).toEqual([['7777', old]]);
      expect(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')).config.codes.conference).toBe('7777');
    } finally {
      await setConferenceCode(old);
    }
  });

  it('re-polls on its own every pollSeconds', async () => {
    store = await ConfigStore.start({ client: central.client(), path: join(dir, 'config.json'), log: silentLogger, pollSeconds: 0.05 });
    const old = store.config.codes.echoTest;
    const changed = new Promise((resolve) => store!.once('change', resolve));
    await central.h.deps.db.update(sites).set({ echoTestCode: '4321' }).where(eq(sites.id, central.h.org.siteId));
    try {
      expect(((await changed) as { codes: { echoTest: string } }).codes.echoTest).toBe('4321');
    } finally {
      await central.h.deps.db.update(sites).set({ echoTestCode: old }).where(eq(sites.id, central.h.org.siteId));
    }
  });

  it('with the central app unreachable at start, loads the last copy from disk', async () => {
    const path = join(dir, 'config.json');
    const first = await ConfigStore.start({ client: central.client(), path, log: silentLogger, pollSeconds: 3600 });
    first.stop();
    const log = capturingLogger();
    const unreachable = createCentralClient({ baseUrl: `http://127.0.0.1:${await freePort()}`, token: central.token, log, retries: 0 });
    store = await ConfigStore.start({ client: unreachable, path, log, pollSeconds: 3600 });
    expect(store.config).toEqual(first.config);
    expect(log.entries.some((e) => e.message.startsWith('central app unreachable'))).toBe(true);
  });

  it('ignores a corrupt saved copy and takes the central one', async () => {
    const path = join(dir, 'config.json');
    await writeFile(path, '{"etag": "x", "config": {');
    store = await ConfigStore.start({ client: central.client(), path, log: silentLogger, pollSeconds: 3600 });
    expect(store.config.site.id).toBe(central.h.org.siteId);
  });

  it('a revoked or wrong token is a failed poll that keeps the saved copy', async () => {
    const path = join(dir, 'config.json');
    (await ConfigStore.start({ client: central.client(), path, log: silentLogger, pollSeconds: 3600 })).stop();
    const wrong = createCentralClient({ baseUrl: central.url, token: 'rml_wrong', log: silentLogger, retries: 0 });
    store = await ConfigStore.start({ client: wrong, path, log: silentLogger, pollSeconds: 3600 });
    expect(await store.refresh()).toBe('failed');
    expect(store.config.site.id).toBe(central.h.org.siteId);
  });
});
