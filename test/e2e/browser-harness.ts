/**
 * Browser tests: the real Node server (same deps as `node.ts`) on a free loopback port, with a
 * temporary data folder and one organization, driven by Debian's Chromium through playwright-core.
 * One server and one browser per test file; a new browser context (cookies, storage) per test.
 */
import { serve } from '@hono/node-server';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createApp } from '../../functions/app.js';
import type { Deps } from '../../functions/deps.js';
import { parseConfig } from '../../functions/env.js';
import { translator, type Language, type Translate } from '../../functions/i18n/index.js';
import { buildNodeDeps } from '../../functions/node.js';
import { createOrganization, type CreatedOrganization } from '../../functions/services/organizations/create-organization.js';
import { systemScope, type Scope } from '../../functions/services/scope.js';
import type { UserCreate } from '../../functions/services/users/user-schemas.js';
import { createUser } from '../../functions/services/users/user-write.js';

export const ADMIN_EMAIL = 'admin@example.test';
export const ADMIN_PASSWORD = 'admin-password-1';
export const USER_PASSWORD = 'user-password-1';

const CHROMIUM = process.env.RAMAL_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export interface BrowserHarnessOptions {
  /** The administrator's language, which every page follows once signed in. */
  adminLanguage?: Language;
}

/** What a page did wrong on its own: uncaught errors and content-policy refusals. */
export interface PageProblems {
  errors: string[];
  cspViolations: string[];
}

export interface BrowserHarness {
  baseUrl: string;
  deps: Deps;
  org: CreatedOrganization;
  browser: Browser;
  /** The administrator's translator, to find texts the way the pages show them. */
  t: Translate;
  scope: () => Scope;
  /** Creates a user directly through the service (password USER_PASSWORD unless given). */
  addUser: (input: Partial<UserCreate> & { email: string }) => Promise<string>;
  /** A fresh context and page; closed after the test. Pages watch for JS errors and CSP refusals. */
  newPage: (options?: BrowserContextOptions) => Promise<Page>;
  /** Signs in through the sign-in form and waits for the page it lands on. */
  signIn: (page: Page, email?: string, password?: string) => Promise<void>;
  /** A new page already signed in as the administrator, on the dashboard. */
  adminPage: (options?: BrowserContextOptions) => Promise<Page>;
  problems: (page: Page) => PageProblems;
  /** Server answers with status >= 500 since the test started (method, path, status). */
  serverErrors: string[];
}

const DEFAULT_CONTEXT: BrowserContextOptions = { locale: 'en-GB', viewport: { width: 1280, height: 900 } };

/**
 * Registers the file's hooks and returns the harness, filled in once `beforeAll` has run.
 * After each test it closes the test's contexts and fails the test on JS errors, CSP refusals
 * or server errors seen meanwhile.
 */
export function useBrowserHarness(options: BrowserHarnessOptions = {}): BrowserHarness {
  const h = { serverErrors: [] as string[] } as BrowserHarness;
  const contexts: BrowserContext[] = [];
  const watched = new Map<Page, PageProblems>();
  let dir = '';
  let server: ReturnType<typeof serve> | undefined;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run "apt-get install -y chromium", or set RAMAL_CHROMIUM to its path`);
    dir = mkdtempSync(join(tmpdir(), 'ramal-e2e-'));
    const config = parseConfig({ RAMAL_DATA_DIR: dir, RAMAL_KDF_COST: '10', LOG_LEVEL: 'error' });
    const deps = await buildNodeDeps(config);
    const language = options.adminLanguage ?? 'en';
    const org = await createOrganization(deps.db, deps.kdf, config.RAMAL_KDF_COST, {
      name: 'Acme', siteName: 'Head office', timeZone: 'America/Sao_Paulo', adminEmail: ADMIN_EMAIL, adminPassword: ADMIN_PASSWORD, language,
    });
    const app = createApp({ resolveDeps: () => deps });
    // Wraps the app to notice 5xx answers, which a browser test would otherwise only see as a page.
    const fetch = async (request: Request, env?: unknown) => {
      const response = await app.fetch(request, env as never);
      if (response.status >= 500) h.serverErrors.push(`${request.method} ${new URL(request.url).pathname} ${response.status}`);
      return response;
    };
    const [started, browser] = await Promise.all([
      new Promise<ReturnType<typeof serve>>((done) => {
        const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => done(s));
      }),
      chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
    ]);
    server = started;
    const { port } = server.address() as AddressInfo;
    const scope = () => systemScope(org.orgId, 'e2e');
    Object.assign(h, {
      baseUrl: `http://127.0.0.1:${port}`,
      deps, org, browser, scope,
      t: translator(language),
      addUser: (input: Partial<UserCreate> & { email: string }) =>
        createUser({ db: deps.db, kdf: deps.kdf, kdfCost: config.RAMAL_KDF_COST, now: deps.now }, scope(), {
          fullName: input.fullName ?? input.email.split('@')[0]!, password: USER_PASSWORD, ...input,
        } as UserCreate),
    });
  });

  h.newPage = async (contextOptions = {}) => {
    const context = await h.browser.newContext({ ...DEFAULT_CONTEXT, ...contextOptions, baseURL: h.baseUrl });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    const page = await context.newPage();
    const problems: PageProblems = { errors: [], cspViolations: [] };
    watched.set(page, problems);
    page.on('pageerror', (err) => problems.errors.push(`${page.url()}: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) problems.cspViolations.push(`${page.url()}: ${msg.text()}`);
    });
    return page;
  };

  h.problems = (page) => watched.get(page) ?? { errors: [], cspViolations: [] };

  h.signIn = async (page, email = ADMIN_EMAIL, password = ADMIN_PASSWORD) => {
    if (!new URL(page.url(), h.baseUrl).pathname.startsWith('/sign-in')) await page.goto('/sign-in');
    const form = page.locator('form[action="/sign-in"]');
    await form.locator('input[name="email"]').fill(email);
    await form.locator('input[name="password"]').fill(password);
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/sign-in')), form.locator('button[type="submit"]').click()]);
  };

  h.adminPage = async (contextOptions) => {
    const page = await h.newPage(contextOptions);
    await page.goto('/sign-in');
    await h.signIn(page);
    return page;
  };

  afterEach(async () => {
    const seen = [...watched.values()];
    watched.clear();
    await Promise.all(contexts.splice(0).map((c) => c.close()));
    const serverErrors = h.serverErrors.splice(0);
    expect(seen.flatMap((p) => p.errors), 'JavaScript errors on the pages').toEqual([]);
    expect(seen.flatMap((p) => p.cspViolations), 'content security policy violations').toEqual([]);
    expect(serverErrors, 'server errors (5xx)').toEqual([]);
  });

  afterAll(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
    await h.browser?.close();
    if (server) {
      const s = server;
      await new Promise<void>((done) => {
        s.close(() => done());
        if ('closeAllConnections' in s) s.closeAllConnections();
      });
    }
    // The libSQL client holds the database file open; close it before removing the folder.
    (h.deps?.db as unknown as { $client?: { close: () => void } } | undefined)?.$client?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  return h;
}

/** Rendered text of an element with runs of white space collapsed, as a reader sees it. */
export async function textOf(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();
}
