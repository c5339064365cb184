import { z } from 'zod';

/** E-mail addresses compare case-insensitively in Ramal; they are stored lower-cased and trimmed. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The browser's own rule for type=email (WHATWG), so what a form accepts the server accepts too;
 * it allows on-site hosts without a dot, such as admin@localhost.
 */
export const EmailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ pattern: z.regexes.html5Email, error: 'err.email' }))
  .transform(normalizeEmail);
