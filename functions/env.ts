import { z } from 'zod';
import { parseByteSize } from './services/storage/byte-size.js';
import { EmailSchema } from './services/users/email.js';

const port = z.coerce.number().int().min(1).max(65535);

/**
 * Every setting Ramal reads, validated once at each entry (node.ts, worker.ts).
 * Names match the README's configuration table.
 */
export const ConfigSchema = z.object({
  PORT: port.default(8080),
  HOST: z.string().default('0.0.0.0'),
  RAMAL_DATA_DIR: z.string().default('./data'),
  /** libSQL URL; defaults to a file under RAMAL_DATA_DIR. http(s)/libsql URLs reach sqld/Turso. */
  DATABASE_URL: z.string().optional(),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  RAMAL_ORG_NAME: z.string().min(1).default('Ramal'),
  RAMAL_SITE_NAME: z.string().min(1).default('Main site'),
  RAMAL_TIME_ZONE: z.string().optional(),
  RAMAL_ADMIN_EMAIL: EmailSchema.default('admin@localhost'),
  RAMAL_ADMIN_PASSWORD: z.string().min(8).optional(),
  RAMAL_LANGUAGE: z.enum(['pt-BR', 'en', 'es']).default('pt-BR'),
  /** log2 of scrypt's N; 15 (32 MiB) by default. Lower values are for tests only. */
  RAMAL_KDF_COST: z.coerce.number().int().min(10).max(20).default(15),
  /** Set to "true" behind a TLS-terminating proxy so cookies get the Secure flag. */
  RAMAL_TRUST_PROXY: z.stringbool().default(false),
  RAMAL_MEDIA_NODE: z.enum(['on', 'off']).default('on'),
  RAMAL_WORKER: z.enum(['on', 'off']).default('on'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Where audio goes: files under RAMAL_DATA_DIR/objects, or an S3-compatible bucket (MinIO…). */
  RAMAL_STORAGE: z.enum(['filesystem', 's3']).default('filesystem'),
  S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name: 3-63 lower-case letters, digits, dots or hyphens').optional(),
  S3_ACCESS_KEY: z.string().min(1).optional(),
  S3_SECRET_KEY: z.string().min(1).optional(),
  /** What the audio store may hold ("2TB", "500GB"): lets the dashboard tell the days left on S3. */
  RAMAL_STORAGE_CAPACITY: z.string().transform((text, ctx) => {
    const bytes = parseByteSize(text);
    if (bytes === null) ctx.addIssue({ code: 'custom', message: 'a size such as 500GB, 2TB, 750GiB or a number of bytes' });
    return bytes ?? z.NEVER;
  }).optional(),
  /** Resend's API; a test or an EU proxy may point it elsewhere. */
  RESEND_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://api.resend.com'),
  /** Lets webhooks reach loopback and private addresses, for CRMs on the site's own network. */
  RAMAL_WEBHOOK_ALLOW_PRIVATE: z.stringbool().default(false),
}).superRefine((v, ctx) => {
  if (v.RAMAL_STORAGE !== 's3') return;
  for (const name of ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY', 'S3_SECRET_KEY'] as const) {
    if (!v[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'required when RAMAL_STORAGE=s3' });
  }
});

export type Config = z.infer<typeof ConfigSchema>;

/** Parses raw environment variables, or throws one message naming every bad setting. */
export function parseConfig(raw: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const result = ConfigSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
}
