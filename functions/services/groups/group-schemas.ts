import { z } from 'zod';

export const GroupSchema = z.object({
  name: z.string().trim().min(1, 'err.required').max(120),
  description: z.string().trim().max(1000).default(''),
});
export type GroupInput = z.infer<typeof GroupSchema>;

export const GroupUpdateSchema = GroupSchema.partial();

export const MemberIdsSchema = z.object({ userIds: z.array(z.string().min(1)).min(1, 'err.selectSome').max(1000) });

export const MemberUpdateSchema = z.object({
  supervisor: z.boolean().optional(),
  position: z.number().int().min(0).max(100_000).optional(),
});
