import { availableParallelism, networkInterfaces } from 'node:os';
import { z } from 'zod';

/** "20000-20999": RTP needs an even port for RTP and the next odd one for RTCP, so at least two. */
const PortRange = z
  .string()
  .regex(/^\d{1,5}-\d{1,5}$/, 'use the form FIRST-LAST, e.g. 20000-20999')
  .transform((s) => s.split('-').map(Number) as [number, number])
  .refine(([min, max]) => min >= 1024 && max <= 65535 && max - min >= 1, 'the range must lie within 1024-65535 and hold at least two ports')
  .transform(([min, max]) => ({ min, max }));

const port = z.coerce.number().int().min(0).max(65535);

/**
 * Encoder threads by default: one core less than the machine has, so the main thread keeps a core
 * of its own for pacing RTP (20 ms ticks) while recordings are encoded; at least 1. At most 4 by
 * default: each thread holds its own codecs and a recording's samples in memory, so a big machine
 * shared with other services gets more only when the operator asks for it.
 */
export function defaultEncoderThreads(cores: number = availableParallelism()): number {
  return Math.max(1, Math.min(4, cores - 1));
}

/** Every setting of the media node, read from the environment once at start. */
export const NodeConfigEnvSchema = z.object({
  RAMAL_CENTRAL_URL: z.url({ protocol: /^https?$/, error: 'must be the http(s) URL of the central app, e.g. http://ramal.example:8080' }),
  RAMAL_SITE_TOKEN: z.string().startsWith('rml_', 'must be a media node token (rml_…) created under Settings › API tokens for this site'),
  SIP_HOST: z.string().min(1).default('0.0.0.0'),
  SIP_PORT: port.default(5060),
  /** The address written into SIP Contact/Via and SDP when SIP_HOST is a wildcard. */
  SIP_ADVERTISED_HOST: z.string().min(1).optional(),
  RTP_PORTS: PortRange.default({ min: 20000, max: 20999 }),
  RAMAL_SPOOL_DIR: z.string().min(1).default('./data/spool'),
  RAMAL_PROMPTS_DIR: z.string().min(1).default('./data/prompts'),
  /** Where exports to a removable device land (manual 4.5.2), e.g. the USB disk's mount point; must exist. */
  RAMAL_NODE_EXPORT_DIR: z.string().min(1).default('./data/exports'),
  /** "true" where the export folder is a disk's mount point: an unmounted disk's empty folder is then refused. */
  RAMAL_NODE_EXPORT_REQUIRE_MOUNT: z.stringbool().default(false),
  /** "off" leaves prompt synthesis to `npm run prompts` (e.g. where recorded prompts are installed). */
  RAMAL_PROMPTS_AUTOGENERATE: z.enum(['on', 'off']).default('on'),
  /**
   * For PBXs that send each direction of a call as its own recording INVITE: the SIP header whose
   * equal values join two legs into one stereo recording (the first leg left, the second right).
   */
  RAMAL_RECORDING_JOIN_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9!%'*+.^_`|~-]+$/, 'must be a SIP header name, e.g. X-Ramal-Recording-Id')
    .default('X-Ramal-Recording-Id'),
  /** Worker threads encoding GSM and MP3 copies of finished recordings at once. */
  RAMAL_ENCODER_THREADS: z.coerce
    .number({ error: 'must be a whole number of threads from 1 to 32' })
    .int('must be a whole number of threads from 1 to 32')
    .min(1, 'must be a whole number of threads from 1 to 32')
    .max(32, 'must be a whole number of threads from 1 to 32')
    .default(() => defaultEncoderThreads()),
  RAMAL_CONFIG_POLL_SECONDS: z.coerce.number().int().min(5).max(3600).default(30),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export type NodeEnv = z.infer<typeof NodeConfigEnvSchema>;

export class NodeConfigError extends Error {
  readonly code = 'NODE_CONFIG';
}

/** Parses the environment or throws one message naming every bad setting and why. */
export function parseNodeEnv(raw: Record<string, string | undefined>): NodeEnv {
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const result = NodeConfigEnvSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new NodeConfigError(`Invalid media node configuration:\n${lines.join('\n')}`);
}

/**
 * The address peers should send SIP and RTP to. A wildcard bind cannot be advertised, so pick the
 * first external IPv4 address (what a PBX on the LAN reaches), or loopback on an isolated host.
 */
export function advertisedHost(env: Pick<NodeEnv, 'SIP_HOST' | 'SIP_ADVERTISED_HOST'>): string {
  if (env.SIP_ADVERTISED_HOST) return env.SIP_ADVERTISED_HOST;
  if (env.SIP_HOST !== '0.0.0.0' && env.SIP_HOST !== '::') return env.SIP_HOST;
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}
