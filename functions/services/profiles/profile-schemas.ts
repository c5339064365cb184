import { z } from 'zod';
import { PermissionMatrixSchema } from '../auth/permissions.js';

const profileFields = {
  name: z.string().trim().min(1, 'err.required').max(80),
  description: z.string().trim().max(500),
  permissions: PermissionMatrixSchema,
};

export const ProfileSchema = z.object({ ...profileFields, description: profileFields.description.default('') });
export type ProfileInput = z.infer<typeof ProfileSchema>;

/** No defaults here: zod 4 applies them inside `.partial()`, which made a PATCH wipe the description. */
export const ProfileUpdateSchema = z.object(profileFields).partial();
export type ProfileUpdate = z.infer<typeof ProfileUpdateSchema>;
