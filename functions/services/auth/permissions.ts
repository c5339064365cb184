import { z } from 'zod';
import type { PermissionMatrix } from '../../../schema/tables/permission-profiles.js';

/** The modules of manual 2.6 plus the Guest Center. */
export const MODULES = ['system', 'vmailer', 'vconference', 'vrec', 'icontact', 'guest'] as const;
export const ACTIONS = ['view', 'create', 'edit', 'delete', 'export', 'listen', 'email', 'configure'] as const;

export type Module = (typeof MODULES)[number];
export type Action = (typeof ACTIONS)[number];

export const PermissionMatrixSchema = z
  .partialRecord(z.enum(MODULES), z.array(z.enum(ACTIONS)))
  .transform((m) => normalizeMatrix(m as PermissionMatrix));

/** Sorted, de-duplicated, empty modules dropped: equal grants compare equal. */
export function normalizeMatrix(matrix: PermissionMatrix): PermissionMatrix {
  const out: PermissionMatrix = {};
  for (const mod of MODULES) {
    const actions = [...new Set(matrix[mod] ?? [])].filter((a) => (ACTIONS as readonly string[]).includes(a));
    if (actions.length) out[mod] = ACTIONS.filter((a) => actions.includes(a));
  }
  return out;
}

/** What a signed-in user or token may do. The organization's administrator may do everything. */
export interface Grants {
  all: boolean;
  matrix: PermissionMatrix;
}

export function can(grants: Grants, module: Module, action: Action): boolean {
  return grants.all || (grants.matrix[module]?.includes(action) ?? false);
}

/** What a new organization's DEFAULT profile grants: each user's own module data, no system admin. */
export const DEFAULT_PROFILE_MATRIX: PermissionMatrix = {
  vmailer: ['view', 'delete', 'listen', 'email'],
  vconference: ['view', 'create', 'edit', 'listen', 'email'],
  vrec: ['view', 'listen', 'email'],
  icontact: ['view'],
};

/** Everything, for the "Administrators" profile a new organization starts with. */
export const FULL_MATRIX: PermissionMatrix = Object.fromEntries(MODULES.map((m) => [m, [...ACTIONS]]));

/** The "module.action" grants of `matrix` the actor does not hold itself. */
export function grantsBeyond(grants: Grants, matrix: PermissionMatrix): string[] {
  if (grants.all) return [];
  return Object.entries(matrix).flatMap(([mod, actions]) => (actions ?? []).filter((a) => !grants.matrix[mod]?.includes(a)).map((a) => `${mod}.${a}`));
}
