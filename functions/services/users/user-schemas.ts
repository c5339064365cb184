import { z } from 'zod';
import { LANGUAGES } from '../../i18n/index.js';
import { EmailSchema } from './email.js';

export const PasswordSchema = z.string().min(8, 'err.passwordTooShort').max(200);
const IdList = z.array(z.string().min(1).max(64)).max(1000);

/** A PBX extension linked to a user by hand: one per site. */
export const ExtensionLinkSchema = z.object({
  siteId: z.string().min(1),
  number: z.string().regex(/^[0-9*#]{1,15}$/, 'err.extensionNumber'),
});

const confirmations = <T extends { email?: string; emailConfirmation?: string | undefined; password?: string | undefined; passwordConfirmation?: string | undefined }>(
  value: T,
  ctx: z.RefinementCtx,
) => {
  // A confirmation counts only when something was typed in it or in the field it confirms.
  if (value.emailConfirmation !== undefined && value.emailConfirmation !== value.email) {
    ctx.addIssue({ code: 'custom', path: ['emailConfirmation'], message: 'err.emailMismatch' });
  }
  const typed = Boolean(value.passwordConfirmation) || Boolean(value.password);
  if (value.passwordConfirmation !== undefined && typed && value.passwordConfirmation !== value.password) {
    ctx.addIssue({ code: 'custom', path: ['passwordConfirmation'], message: 'err.passwordMismatch' });
  }
};

const userFields = {
  fullName: z.string().trim().min(1, 'err.required').max(120),
  email: EmailSchema,
  /** Optional in the API; the web form always sends it, and when sent it must match. */
  emailConfirmation: EmailSchema.optional(),
  password: PasswordSchema,
  passwordConfirmation: z.string().optional(),
  profileId: z.string().min(1).optional(),
  groupIds: IdList.optional(),
  /** Null or absent: every site of the organization. */
  siteIds: IdList.nullable().optional(),
  language: z.enum(LANGUAGES).optional(),
  alternateEmail: EmailSchema.nullable().optional(),
  extensions: z.array(ExtensionLinkSchema).max(100).optional(),
};

export const UserCreateSchema = z.object(userFields).superRefine(confirmations);
export type UserCreate = z.infer<typeof UserCreateSchema>;

export const UserUpdateSchema = z
  .object({ ...userFields, password: PasswordSchema.optional() })
  .partial()
  .superRefine(confirmations);
export type UserUpdate = z.infer<typeof UserUpdateSchema>;

/** What the owner of an account may change about themselves (manual 2.9). */
export const OwnProfileSchema = z
  .object({
    fullName: z.string().trim().min(1, 'err.required').max(120).optional(),
    language: z.enum(LANGUAGES).optional(),
    alternateEmail: z.union([EmailSchema, z.literal('').transform(() => null)]).nullable().optional(),
    currentPassword: z.string().optional(),
    password: z.union([PasswordSchema, z.literal('').transform(() => undefined)]).optional(),
    passwordConfirmation: z.string().optional(),
  })
  .superRefine(confirmations)
  .superRefine((v, ctx) => {
    if (v.password && !v.currentPassword) ctx.addIssue({ code: 'custom', path: ['currentPassword'], message: 'err.required' });
  });
export type OwnProfile = z.infer<typeof OwnProfileSchema>;

export const IdsSchema = z.object({ ids: z.array(z.string().min(1)).min(1, 'err.selectSome').max(1000) });
