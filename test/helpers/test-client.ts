import type { Hono } from 'hono';

/** A browser-like caller of the in-process app: keeps cookies, sends the CSRF token on forms. */
export class TestClient {
  readonly cookies = new Map<string, string>();
  bearer: string | null = null;

  constructor(private readonly app: Hono<any>) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    if (this.bearer) headers.set('authorization', `Bearer ${this.bearer}`);
    const res = await this.app.request(`http://ramal.test${path}`, { ...init, headers });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  get(path: string): Promise<Response> {
    return this.request(path);
  }

  json(method: string, path: string, body?: unknown): Promise<Response> {
    return this.request(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** Posts a form the way a page does; fetches a page first if there is no CSRF cookie yet. */
  async form(path: string, fields: Record<string, string | string[]>, options: { csrf?: string | null } = {}): Promise<Response> {
    if (!this.cookies.has('ramal_csrf')) await this.get('/sign-in');
    const body = new URLSearchParams();
    const token = options.csrf === undefined ? this.cookies.get('ramal_csrf') : options.csrf;
    if (token !== null && token !== undefined) body.append('_csrf', token);
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return this.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  }
}
