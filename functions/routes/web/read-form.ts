import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import { ApiError, type FieldError } from '../../errors.js';
import type { Language } from '../../i18n/index.js';

const ZOD_LOCALES: Record<Language, () => { localeError: z.core.$ZodErrorMap }> = {
  'pt-BR': z.locales.pt,
  en: z.locales.en,
  es: z.locales.es,
};

export type FormResult<T> = { ok: true; data: T } | { ok: false; fields: FieldError[] };

/** The posted form as an object; names listed in `arrays` always become arrays (checkbox groups). */
export async function formBody(c: Context<AppEnv>, arrays: string[] = []): Promise<Record<string, unknown>> {
  const body = await c.req.parseBody({ all: true });
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === '_csrf') continue;
    out[key] = arrays.includes(key) ? (Array.isArray(value) ? value : [value]) : Array.isArray(value) ? value.at(-1) : value;
  }
  for (const key of arrays) out[key] ??= [];
  return out;
}

/** Validates with zod's messages in the page's language; field errors come back for re-rendering. */
export function checkForm<T>(c: Context<AppEnv>, schema: z.ZodType<T>, input: unknown): FormResult<T> {
  const result = schema.safeParse(input, { error: ZOD_LOCALES[c.var.lang]().localeError });
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, fields: result.error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(form)', message: i.message })) };
}

/** Runs a service call and turns its field errors into form errors; other errors go up. */
export async function attempt<T>(work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; fields: FieldError[] }> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    if (err instanceof ApiError && err.fields?.length) return { ok: false, fields: err.fields };
    throw err;
  }
}
