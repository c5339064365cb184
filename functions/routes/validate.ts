import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ValidationTargets } from 'hono';
import { validator } from 'hono-openapi';
import type { AppEnv } from '../app-env.js';
import { validationError, type FieldError } from '../errors.js';
import { translateMaybe } from '../i18n/index.js';

/** Standard Schema issues as our field list: dotted path and reason. */
export function issuesToFields(issues: readonly StandardSchemaV1.Issue[]): FieldError[] {
  return issues.map((issue) => ({
    field: (issue.path ?? []).map((p) => (typeof p === 'object' ? String(p.key) : String(p))).join('.') || '(body)',
    message: issue.message,
  }));
}

/**
 * The API's input check: zod through hono-openapi, so the same schema documents the route in the
 * OpenAPI document. A failure becomes one 400 naming every wrong field.
 */
export function validate<Schema extends StandardSchemaV1, Target extends keyof ValidationTargets>(target: Target, schema: Schema) {
  return validator<Schema, Target, AppEnv, string>(target, schema, (result, c) => {
    if (!result.success) {
      const fields = issuesToFields(result.error).map((f) => ({ ...f, message: translateMaybe(c.var.t, f.message) }));
      throw validationError(fields);
    }
  });
}
