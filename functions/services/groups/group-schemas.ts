import { z } from 'zod';

const groupFields = {
  name: z.string().trim().min(1, 'err.required').max(120),
  description: z.string().trim().max(1000),
};

export const GroupSchema = z.object({ ...groupFields, description: groupFields.description.default('') });
export type GroupInput = z.infer<typeof GroupSchema>;

/**
 * Built from the fields without defaults: zod 4 applies a default even inside `.partial()`, so
 * `GroupSchema.partial()` turned an omitted description into '' and a rename wiped it.
 */
export const GroupUpdateSchema = z.object(groupFields).partial();

export const MemberIdsSchema = z.object({ userIds: z.array(z.string().min(1)).min(1, 'err.selectSome').max(1000) });

export const MemberUpdateSchema = z.object({
  supervisor: z.boolean().optional(),
  position: z.number().int().min(0).max(100_000).optional(),
});
