import { expect } from 'vitest';
import type { PermissionMatrix } from '../../../schema/tables/permission-profiles.js';
import { createProfile } from '../../../functions/services/profiles/profile-write.js';
import { ACTIONS, FULL_MATRIX, MODULES, type Action, type Module } from '../../../functions/services/auth/permissions.js';
import type { Harness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';

/** The password `h.addUser` gives every user it makes. */
export const USER_PASSWORD = 'user-password-1';

export interface ApiErrorBody {
  error: { code: string; message: string; requestId: string; fields?: { field: string; message: string }[] };
}

/** Asserts an API error answer and returns its body. */
export async function expectError(res: Response, status: number, code?: string): Promise<ApiErrorBody> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  const body = JSON.parse(text) as ApiErrorBody;
  expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
  if (code) expect(body.error.code).toBe(code);
  return body;
}

/** The names of the fields a 400 answer refuses. */
export async function refusedFields(res: Response): Promise<string[]> {
  const body = await expectError(res, 400, 'VALIDATION');
  return (body.error.fields ?? []).map((f) => f.field);
}

/** The JSON body of an answer with the expected status (the body text is shown when it differs). */
export async function jsonOf<T = any>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
}

/** Every permission except one. */
export function matrixWithout(module: Module, action: Action): PermissionMatrix {
  const out: PermissionMatrix = {};
  for (const m of MODULES) {
    const actions = ACTIONS.filter((a) => !(m === module && a === action));
    if (actions.length) out[m] = [...actions];
  }
  return out;
}

export { FULL_MATRIX };

let serial = 0;

/**
 * A user (not the administrator) whose profile grants exactly `matrix`, signed in once so the
 * tests can reuse the client.
 */
export async function userWithMatrix(
  h: Harness,
  matrix: PermissionMatrix,
  options: { name?: string; orgId?: string } = {},
): Promise<{ id: string; email: string; profileId: string; client: TestClient }> {
  const n = ++serial;
  const orgId = options.orgId ?? h.org.orgId;
  const profileId = await createProfile(h.deps.db, h.scope(orgId), { name: `profile ${n} ${Math.random().toString(36).slice(2, 8)}`, description: '', permissions: matrix }, h.deps.now());
  const email = `walker-${n}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const id = await h.addUser({ email, fullName: options.name ?? `Walker ${n}`, profileId }, orgId);
  const client = await h.signedIn(email, USER_PASSWORD);
  return { id, email, profileId, client };
}

/** A unique suffix for names and e-mails inside one test file. */
export function unique(prefix: string): string {
  return `${prefix}-${++serial}-${Math.random().toString(36).slice(2, 7)}`;
}

/** Reads a streamed answer whole. */
export async function bytesOf(res: Response): Promise<Uint8Array> {
  return new Uint8Array(await res.arrayBuffer());
}
