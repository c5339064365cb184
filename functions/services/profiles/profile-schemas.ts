import { z } from 'zod';
import { PermissionMatrixSchema } from '../auth/permissions.js';

export const ProfileSchema = z.object({
  name: z.string().trim().min(1, 'err.required').max(80),
  description: z.string().trim().max(500).default(''),
  permissions: PermissionMatrixSchema,
});
export type ProfileInput = z.infer<typeof ProfileSchema>;

export const ProfileUpdateSchema = ProfileSchema.partial();
export type ProfileUpdate = z.infer<typeof ProfileUpdateSchema>;
