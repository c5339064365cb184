/**
 * The central app as deployed to workerd: the bundle `wrangler deploy` would upload, on a real
 * workerd (Miniflare) with a local D1, driven over fetch.
 *
 * How migrations reach D1: `wrangler d1 migrations apply DB --local --persist-to <dir>`, the very
 * command operators run, then Miniflare opens the same files through `d1Persist`. That proves
 * wrangler reads `migrations_dir` from wrangler.toml and accepts drizzle-kit's
 * `--> statement-breakpoint` files, which executing the SQL ourselves through
 * `mf.getD1Database('DB')` would not (and on this machine that proxy never answers: even
 * `select 1` through it hangs, while requests through `dispatchFetch` are fine). Wrangler names
 * the local database file after the `database_id`, so Miniflare is given that same id for DB.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Miniflare, type Response as MiniflareResponse } from 'miniflare';
import { Webhook } from 'standardwebhooks';
import { unstable_readConfig } from 'wrangler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const WRANGLER = join(ROOT, 'node_modules', '.bin', 'wrangler');
const ADMIN = { email: 'admin@example.test', password: 'workerd-admin-password-1' };
const SLOW = 120_000;

/** The parts of wrangler.toml the test mirrors (wrangler's own Config type reaches us as any). */
interface WranglerConfig {
  compatibility_date: string;
  compatibility_flags: string[];
  d1_databases: { binding: string; database_id?: string }[];
}
const config: WranglerConfig = unstable_readConfig({ config: join(ROOT, 'wrangler.toml') });
const d1 = config.d1_databases.find((d) => d.binding === 'DB');
if (!d1?.database_id) throw new Error('wrangler.toml has no D1 binding DB with a database_id');
const databaseId = d1.database_id;

let work = '';
let scriptPath = '';

function run(args: string[]): void {
  // CI=1: wrangler answers its own "continue?" prompt and prints no colours or update banners.
  execFileSync(args[0]!, args.slice(1), { cwd: ROOT, env: { ...process.env, CI: '1', WRANGLER_SEND_METRICS: 'false' }, stdio: 'pipe' });
}

/** A fresh, migrated local D1 in its own folder; returns the folder Miniflare's d1Persist wants. */
function migratedD1(name: string): string {
  const persistTo = join(work, name);
  run([WRANGLER, 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo]);
  return join(persistTo, 'v3', 'd1');
}

/** The Worker with a local D1 at `d1Persist`, or with no DB binding at all when it is null. */
function startWorker(d1Persist: string | null, bindings: Record<string, string>): Miniflare {
  const database = d1Persist === null ? {} : { d1Databases: { DB: databaseId }, d1Persist };
  return new Miniflare({
    // The bundle is listed as the one module, as wrangler itself hands it to workerd. With
    // `scriptPath` + `modules: true` Miniflare would walk its imports and refuse the optional
    // `await import('effect')` (and sury, valibot, …) that hono-openapi's schema converters try
    // inside try/catch; on workerd those just reject and are caught, as on Cloudflare.
    modules: [{ type: 'ESModule', path: scriptPath, contents: readFileSync(scriptPath, 'utf8') }],
    modulesRoot: dirname(scriptPath),
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    ...database,
    bindings,
  });
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'ramal-workerd-'));
  run([process.execPath, join(ROOT, 'scripts', 'build-assets.mjs')]);
  const outdir = join(work, 'bundle');
  run([WRANGLER, 'deploy', '--dry-run', '--outdir', outdir]);
  scriptPath = join(outdir, 'worker.js');
}, SLOW);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the central app on workerd with D1', () => {
  let mf: Miniflare;
  let cookies = '';

  const call = async (path: string, init: { method?: string; json?: unknown; cookie?: string } = {}) => {
    const headers: Record<string, string> = {};
    if (init.cookie) headers.cookie = init.cookie;
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    return mf.dispatchFetch(`http://ramal.test${path}`, {
      method: init.method ?? 'GET', headers, body: init.json === undefined ? undefined : JSON.stringify(init.json),
    });
  };

  const signIn = () => call('/api/v1/session', { method: 'POST', json: ADMIN });
  const sessionCookie = (res: MiniflareResponse) => res.headers.getSetCookie().find((line) => line.startsWith('ramal_session='))?.split(';')[0];

  beforeAll(async () => {
    mf = startWorker(migratedD1('main'), {
      RAMAL_ADMIN_EMAIL: ADMIN.email, RAMAL_ADMIN_PASSWORD: ADMIN.password, RAMAL_KDF_COST: '10', RAMAL_LANGUAGE: 'en', LOG_LEVEL: 'warn',
    });
    await mf.ready;
    // A session of its own, so the tests below do not hang on the sign-in test's outcome.
    cookies = sessionCookie(await signIn()) ?? '';
  }, SLOW);

  afterAll(async () => {
    await mf?.dispose();
  });

  it('bundles within the 3 MB (compressed) a Worker on the free plan may upload', () => {
    expect(gzipSync(readFileSync(scriptPath)).length).toBeLessThan(3 * 1024 * 1024);
  });

  it('answers /healthz as workerd with the database up', async () => {
    const res = await call('/healthz');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { runtime: string; database: { state: string } };
    expect(body.runtime).toBe('workerd');
    expect(body.database.state).toBe('ok');
  });

  it('signs the bootstrapped administrator in and sets the session cookie', async () => {
    const res = await signIn();
    expect(res.status).toBe(200);
    expect(sessionCookie(res)).toMatch(/^ramal_session=.{20,}/);
  });

  it('lists the administrator to the signed-in caller', async () => {
    const res = await call('/api/v1/users', { cookie: cookies });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { email: string }[] };
    expect(body.items.map((u) => u.email)).toContain(ADMIN.email);
  });

  it('creates a user, which the list then shows', async () => {
    const created = await call('/api/v1/users', {
      method: 'POST', cookie: cookies, json: { fullName: 'Maria Souza', email: 'maria@example.test', password: 'maria-password-1' },
    });
    expect(created.status).toBe(201);
    const res = await call('/api/v1/users', { cookie: cookies });
    const body = (await res.json()) as { items: { email: string }[] };
    expect(body.items).toHaveLength(2);
    expect(body.items.map((u) => u.email)).toContain('maria@example.test');
  });

  it('refuses the list without a session', async () => {
    const res = await call('/api/v1/users');
    expect(res.status).toBe(401);
  });

  it('serves the sign-in page under a strict Content-Security-Policy', async () => {
    const res = await call('/sign-in');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(await res.text()).toContain('<form');
  });

  it('runs a sync a user starts right after answering (waitUntil), from a CSV upload', async () => {
    const site = ((await (await call('/api/v1/sites', { cookie: cookies })).json()) as { items: { id: string }[] }).items[0]!;
    // Written out by hand: Miniflare's dispatchFetch does not encode a FormData body itself.
    const boundary = 'ramal-test-boundary';
    const body = [
      `--${boundary}`, 'Content-Disposition: form-data; name="file"; filename="ext.csv"', 'Content-Type: text/csv', '',
      'number,name,email', '2001,Rita Reis,rita@example.test', `--${boundary}--`, '',
    ].join('\r\n');
    // A multipart post needs the page's CSRF token (cookie + header), as a browser would send.
    const csrf = (await call('/sign-in')).headers.getSetCookie().find((line) => line.startsWith('ramal_csrf='))!.split(';')[0]!;
    const started = await mf.dispatchFetch(`http://ramal.test/api/v1/sites/${site.id}/sync`, {
      method: 'POST', body,
      headers: { cookie: `${cookies}; ${csrf}`, 'x-csrf-token': csrf.slice('ramal_csrf='.length), 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(started.status, await started.clone().text()).toBe(201);
    const { id } = (await started.json()) as { id: string };
    let job: { status: string; result: { created?: number } | null } = { status: 'queued', result: null };
    for (let i = 0; i < 50 && (job.status === 'queued' || job.status === 'running'); i++) {
      await new Promise((done) => setTimeout(done, 100));
      job = (await (await call(`/api/v1/jobs/${id}`, { cookie: cookies })).json()) as typeof job;
    }
    expect(job).toMatchObject({ status: 'done', result: { created: 1 } });
  });

  it('runs due jobs from the cron trigger', async () => {
    // A new site that never synced, whose PBX nobody answers: the trigger must still run its sync.
    const created = await call('/api/v1/sites', {
      method: 'POST', cookie: cookies,
      json: { name: 'Branch', timeZone: 'UTC', syncIntervalMinutes: 1, pbxConnection: { kind: 'http', url: 'http://127.0.0.1:9/none', mapping: { list: '', number: 'n', name: 'n', email: 'e' } } },
    });
    expect(created.status).toBe(201);
    const site = (await created.json()) as { id: string };
    const lastSync = async () => ((await (await call(`/api/v1/sites/${site.id}`, { cookie: cookies })).json()) as { lastSyncAt: string | null }).lastSyncAt;
    const before = await lastSync();
    const worker = await mf.getWorker();
    await worker.scheduled({ cron: '* * * * *' });
    // The job stamps the site when it starts, so a new stamp proves the trigger ran it.
    let after = before;
    for (let i = 0; i < 50 && after === before; i++) {
      await new Promise((done) => setTimeout(done, 100));
      after = await lastSync();
    }
    expect(after).not.toBe(before);
  });

  it('exports the user list as CSV', async () => {
    const res = await call('/api/v1/users?format=csv', { cookie: cookies });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await res.text()).toContain(ADMIN.email);
  });
});

describe('events, webhooks and mail on workerd', () => {
  let mf: Miniflare;
  let cookies = '';
  let secret = '';
  const hooks: { headers: Record<string, string>; body: string }[] = [];
  const mails: { auth: string | undefined; body: { to: string[]; subject: string } }[] = [];
  const servers: Server[] = [];

  /** A local HTTP server answering 200 `{ id }` (Resend) or 204 (the CRM), recording what it got. */
  async function listen(record: (req: IncomingMessage, body: string) => void, answer: (res: ServerResponse) => void): Promise<string> {
    const server = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        record(req, body);
        answer(res);
      });
    });
    servers.push(server);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const call = (path: string, method = 'GET', json?: unknown) =>
    mf.dispatchFetch(`http://ramal.test${path}`, {
      method, headers: { cookie: cookies, ...(json === undefined ? {} : { 'content-type': 'application/json' }) }, body: json === undefined ? undefined : JSON.stringify(json),
    });

  beforeAll(async () => {
    const crm = await listen((req, body) => hooks.push({ headers: req.headers as Record<string, string>, body }), (res) => res.writeHead(204).end());
    const resend = await listen(
      (req, body) => mails.push({ auth: req.headers.authorization, body: JSON.parse(body) }),
      (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'resend-1' })),
    );
    mf = startWorker(migratedD1('events'), {
      RAMAL_ADMIN_EMAIL: ADMIN.email, RAMAL_ADMIN_PASSWORD: ADMIN.password, RAMAL_KDF_COST: '10', RAMAL_LANGUAGE: 'en', LOG_LEVEL: 'warn',
      RAMAL_WEBHOOK_ALLOW_PRIVATE: 'true', RESEND_BASE_URL: resend,
    });
    await mf.ready;
    const signedIn = await mf.dispatchFetch('http://ramal.test/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    cookies = signedIn.headers.getSetCookie().find((line) => line.startsWith('ramal_session='))!.split(';')[0]!;
    const endpoint = await call('/api/v1/webhooks', 'POST', { url: `${crm}/ramal`, events: ['user.created'] });
    expect(endpoint.status, await endpoint.clone().text()).toBe(201);
    secret = ((await endpoint.json()) as { secret: string }).secret;
    const settings = await call('/api/v1/mail/settings', 'PUT', { provider: 'resend', fromAddress: 'ramal@example.test', resendApiKey: 're_workerd_key' });
    expect(settings.status, await settings.clone().text()).toBe(200);
  }, SLOW);

  afterAll(async () => {
    await mf?.dispose();
    for (const server of servers) server.close();
  });

  it('delivers a signed user.created from the cron trigger, and sends mail through Resend', async () => {
    expect((await call('/api/v1/users', 'POST', { fullName: 'Rui Costa', email: 'rui@example.test', password: 'rui-password-1' })).status).toBe(201);
    expect((await call('/api/v1/mail/test', 'POST', { to: 'ops@example.test' })).status).toBe(202);
    const worker = await mf.getWorker();
    for (let i = 0; i < 50 && (hooks.length === 0 || mails.length === 0); i++) {
      await worker.scheduled({ cron: '* * * * *' });
      await new Promise((done) => setTimeout(done, 200));
    }
    expect(hooks).toHaveLength(1);
    const payload = new Webhook(secret).verify(hooks[0]!.body, hooks[0]!.headers) as { type: string; data: { email: string } };
    expect(payload).toMatchObject({ type: 'user.created', data: { email: 'rui@example.test' } });
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ auth: 'Bearer re_workerd_key', body: { to: ['ops@example.test'] } });
  }, SLOW);
});

describe('a Worker on an empty database without RAMAL_ADMIN_PASSWORD', () => {
  let mf: Miniflare;

  beforeAll(async () => {
    mf = startWorker(migratedD1('empty'), { RAMAL_ADMIN_EMAIL: ADMIN.email, RAMAL_KDF_COST: '10' });
    await mf.ready;
  }, SLOW);

  afterAll(async () => {
    await mf?.dispose();
  });

  it('answers 503 naming the missing variable instead of inventing a password', async () => {
    const res = await mf.dispatchFetch('http://ramal.test/api/v1/users');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('NOT_CONFIGURED');
    expect(body.error.message).toContain('RAMAL_ADMIN_PASSWORD');
  });
});

describe('the Turso path: libSQL over HTTP when there is no D1 binding', () => {
  /** A loopback port nothing listens on, so the client's HTTP request is refused at once. */
  const closedPort = async () => {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    await new Promise((done) => server.close(done));
    return port;
  };

  it('refuses a DATABASE_URL the web client cannot use with 503 naming it', async () => {
    const mf = startWorker(null, { DATABASE_URL: 'file:ramal.db', RAMAL_ADMIN_PASSWORD: ADMIN.password, RAMAL_KDF_COST: '10' });
    try {
      const res = await mf.dispatchFetch('http://ramal.test/healthz');
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('NOT_CONFIGURED');
      expect(body.error.message).toContain('DATABASE_URL');
    } finally {
      await mf.dispose();
    }
  });

  it('queries the server over HTTP from workerd: an unreachable one shows on /healthz', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const mf = startWorker(null, { DATABASE_URL: url, RAMAL_ADMIN_PASSWORD: ADMIN.password, RAMAL_KDF_COST: '10', LOG_LEVEL: 'error' });
    try {
      const res = await mf.dispatchFetch('http://ramal.test/healthz');
      expect(res.status).toBe(503);
      const body = (await res.json()) as { runtime: string; database: { state: string } };
      expect(body.runtime).toBe('workerd');
      expect(body.database.state).toBe('unreachable');
    } finally {
      await mf.dispose();
    }
  });
});
