import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../functions/services/events/event-catalogue.js';
import { createHarness, type Harness } from '../helpers/harness.js';

type Json = any;

let h: Harness;
let doc: Json;

beforeAll(async () => {
  h = await createHarness();
  const res = await (await h.admin()).get('/api/v1/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  doc = await res.json();
});
afterAll(() => h.close());

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The app's registered /api/v1 endpoints (middleware entries are method ALL) as OpenAPI paths. */
function registeredRoutes(): { method: string; path: string }[] {
  const seen = new Map<string, { method: string; path: string }>();
  for (const r of h.app.routes) {
    if (r.method === 'ALL' || !r.path.startsWith('/api/v1/')) continue;
    // A parameter's pattern (":key{.+}") is Hono's, not part of the OpenAPI template.
    const path = r.path.slice('/api/v1'.length).replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');
    if (path === '/openapi.json') continue;
    seen.set(`${r.method} ${path}`, { method: r.method.toLowerCase(), path });
  }
  return [...seen.values()];
}

function operations(): { path: string; method: string; op: Json }[] {
  return Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    Object.entries(item).filter(([m]) => METHODS.includes(m)).map(([method, op]) => ({ path, method, op })),
  );
}

/** Follows a local $ref; undefined when it points nowhere. */
function resolve(schema: Json): Json {
  if (!schema?.$ref) return schema;
  const ref = String(schema.$ref);
  if (!ref.startsWith('#/')) return undefined;
  return ref.slice(2).split('/').reduce((node: Json, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
}

function allRefs(node: Json, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => allRefs(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else allRefs(v, out);
    }
  }
  return out;
}

function jsonBodySchema(path: string, method: string): Json {
  return resolve(doc.paths[path]?.[method]?.requestBody?.content?.['application/json']?.schema);
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with info, servers and the two security schemes', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(typeof doc.info.title).toBe('string');
    expect(typeof doc.info.version).toBe('string');
    expect(doc.servers).toEqual([{ url: '/api/v1' }]);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearer', 'session']);
  });

  it('is structurally valid: paths start with /, every operation has responses keyed by status, operationIds are unique', () => {
    const ids = new Set<string>();
    for (const { path, method, op } of operations()) {
      expect(path.startsWith('/'), path).toBe(true);
      expect(Object.keys(op.responses ?? {}).length, `${method} ${path}`).toBeGreaterThan(0);
      for (const code of Object.keys(op.responses)) expect(code, `${method} ${path}`).toMatch(/^([1-5]\d\d|[1-5]XX|default)$/);
      for (const r of Object.values(op.responses) as Json[]) expect(typeof (resolve(r) ?? r).description, `${method} ${path}`).toBe('string');
      if (op.operationId) {
        expect(ids.has(op.operationId), op.operationId).toBe(false);
        ids.add(op.operationId);
      }
      for (const s of op.security ?? []) for (const name of Object.keys(s)) expect(doc.components.securitySchemes).toHaveProperty(name);
    }
  });

  it('declares every path template variable as a required path parameter', () => {
    for (const { path, method, op } of operations()) {
      const vars = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = (op.parameters ?? []).map(resolve).filter((p: Json) => p.in === 'path');
      expect(declared.map((p: Json) => p.name).sort(), `${method} ${path}`).toEqual(vars.sort());
      for (const p of declared) expect(p.required, `${method} ${path} ${p.name}`).toBe(true);
    }
  });

  it('has no dangling $ref', () => {
    const refs = allRefs(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(resolve({ $ref: ref }), ref).toBeDefined();
  });

  it('documents every /api/v1 route the app registers, with its method', () => {
    const routes = registeredRoutes();
    expect(routes.length).toBeGreaterThan(20);
    const missing = routes.filter((r) => !doc.paths[r.path]?.[r.method]).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(missing).toEqual([]);
  });

  it('documents no route the app does not have', () => {
    const routes = new Set(registeredRoutes().map((r) => `${r.method} ${r.path}`));
    const extra = operations().filter((o) => !routes.has(`${o.method} ${o.path}`)).map((o) => `${o.method} ${o.path}`);
    expect(extra).toEqual([]);
  });

  it('documents q, sort, page, pageSize and format on every list route, and its CSV and PDF answers', () => {
    // The node's export pages carry `items` too, but are a media node's cursor, not a data table.
    const lists = operations().filter(({ path, method, op }) => method === 'get' && !path.startsWith('/node/') && resolve(op.responses?.['200']?.content?.['application/json']?.schema)?.properties?.items);
    expect(lists.map((l) => l.path).sort()).toEqual(['/audit', '/conference/history', '/conference/rooms', '/groups', '/jobs', '/mail/messages', '/profiles', '/recordings', '/sites', '/tokens', '/users', '/voicemail/messages', '/webhooks', '/webhooks/{id}/deliveries']);
    for (const { path, op } of lists) {
      const query = (op.parameters ?? []).map(resolve).filter((p: Json) => p.in === 'query');
      // A list may add its own filters (a job's kind, a delivery's outcome) beside the table's five.
      expect(query.map((p: Json) => p.name), path).toEqual(expect.arrayContaining(['format', 'page', 'pageSize', 'q', 'sort']));
      const format = query.find((p: Json) => p.name === 'format');
      expect(format.schema.enum, path).toEqual(expect.arrayContaining(['csv', 'pdf']));
      expect(query.find((p: Json) => p.name === 'pageSize').schema.maximum, path).toBe(200);
      expect(Object.keys(op.responses['200'].content).sort(), path).toEqual(['application/json', 'application/pdf', 'text/csv']);
    }
  });

  it('documents every event type a webhook can receive, with the Standard Webhooks headers and its data schema', () => {
    expect(Object.keys(doc.webhooks).sort()).toEqual([...EVENT_TYPES].sort());
    for (const type of EVENT_TYPES) {
      const op = doc.webhooks[type].post;
      expect(op.parameters.map((p: Json) => `${p.in}:${p.name}`).sort(), type).toEqual(['header:webhook-id', 'header:webhook-signature', 'header:webhook-timestamp']);
      const body = op.requestBody.content['application/json'].schema;
      expect(body.properties.type.const, type).toBe(type);
      expect(body.properties.data.type, type).toBe('object');
      expect(Object.keys(body.properties.data.properties).length, type).toBeGreaterThan(0);
    }
    expect(doc.webhooks['user.created'].post.requestBody.content['application/json'].schema.properties.data.required).toEqual(expect.arrayContaining(['userId', 'email']));
  });

  it('documents request bodies from the zod schemas, with their required fields', () => {
    const required: [string, string, string[]][] = [
      ['/users', 'post', ['email', 'fullName', 'password']],
      ['/groups', 'post', ['name']],
      ['/profiles', 'post', ['name', 'permissions']],
      ['/sites', 'post', ['name', 'timeZone']],
      ['/tokens', 'post', ['kind', 'name']],
      ['/session', 'post', ['email', 'password']],
      ['/users/delete', 'post', ['ids']],
      ['/groups/{id}/members', 'post', ['userIds']],
    ];
    for (const [path, method, fields] of required) {
      const schema = jsonBodySchema(path, method);
      expect(schema?.type, `${method} ${path}`).toBe('object');
      expect([...(schema.required ?? [])].sort(), `${method} ${path}`).toEqual(fields);
    }
    expect(jsonBodySchema('/users', 'post').properties.password).toMatchObject({ type: 'string', minLength: 8 });
    expect(jsonBodySchema('/users', 'post').properties.language.enum).toEqual(['pt-BR', 'en', 'es']);
  });

  it('documents a JSON body on every create and change (POST/PATCH) that takes one', () => {
    const bodiless = new Set([
      'post /jobs/{id}/stop', 'post /sites/{id}/sync', 'post /sites/{id}/sync/test',
      'post /webhooks/{id}/test', 'post /webhooks/{id}/deliveries/{deliveryId}/replay', 'post /mail/messages/{id}/retry',
      'post /node/voicemail/messages/{id}/heard', 'post /node/jobs/claim', 'post /recordings-maintenance/{module}/jobs/{id}/stop',
    ]);
    for (const { path, method } of operations()) {
      if (!['post', 'patch'].includes(method) || bodiless.has(`${method} ${path}`)) continue;
      expect(jsonBodySchema(path, method)?.type, `${method} ${path}`).toBe('object');
    }
  });

  it('PATCH bodies require nothing (partial changes)', () => {
    for (const path of ['/users/{id}', '/groups/{id}', '/profiles/{id}', '/sites/{id}']) {
      expect(jsonBodySchema(path, 'patch').required ?? [], path).toEqual([]);
    }
  });

  it('answers reference the named schemas', () => {
    const answer = (path: string, method: string, status = '200') => doc.paths[path][method].responses[status].content['application/json'].schema;
    expect(answer('/users/{id}', 'get')).toEqual({ $ref: '#/components/schemas/User' });
    expect(answer('/users', 'post', '201')).toEqual({ $ref: '#/components/schemas/User' });
    expect(answer('/tokens', 'post', '201')).toEqual({ $ref: '#/components/schemas/CreatedApiToken' });
    expect(answer('/users/{id}', 'get', '404')).toEqual({ $ref: '#/components/schemas/Error' });
    expect(resolve({ $ref: '#/components/schemas/User' }).properties).not.toHaveProperty('password');
  });

  it('marks sign-in as open and the rest as needing a token or a session', () => {
    expect(doc.paths['/session'].post.security).toEqual([]);
    expect(doc.paths['/users'].get.security).toEqual([{ bearer: [] }, { session: [] }]);
  });
});
