import type { Db } from './db.js';
import type { Config } from './env.js';
import type { Kdf } from './services/auth/password.js';
import type { Logger } from './services/logger.js';
import type { HostMetrics } from './services/dashboard/host-metrics.js';
import type { BlobStore } from './services/storage/blob-store.js';
import type { MailTransports } from './services/mail/mail-transport.js';
import type { OutboundHttp } from './services/webhooks/outbound-http.js';

/**
 * What handlers need from the outside world. Each entry file builds it from its runtime
 * (libSQL file or D1, native or JS scrypt) and hands it over per request via `c.var.deps`.
 */
export interface Deps {
  db: Db;
  config: Config;
  kdf: Kdf;
  log: Logger;
  now: () => Date;
  /** The central app's own machine numbers; null where the runtime cannot tell (workerd). */
  hostMetrics: () => Promise<HostMetrics | null>;
  /**
   * Asks the runtime to run due background jobs now instead of at its next tick (after a user
   * starts one): Node kicks its job loop, workerd runs them in waitUntil after the response.
   */
  runJobsSoon: () => void;
  /** Which runtime serves the request, shown on the system information gadget. */
  runtime: string;
  version: string;
  /** Object storage for audio; null where the runtime has none configured (workerd for now). */
  blobs: BlobStore | null;
  /** SMTP and the local outbox folder where the runtime has them (Resend works everywhere). */
  mail: MailTransports;
  /** POSTs to customers' webhook URLs with the address checks done at connect time. */
  outboundHttp: OutboundHttp;
  /**
   * Another S3-compatible bucket (a recordings export's target), through the same client as the
   * object store; null where the runtime has no S3 client (workerd), so those exports need the Node runner.
   */
  openBucket: ((target: BucketOptions) => BlobStore) | null;
}

/** Where an export writes: endpoint is http(s)://host[:port]. */
export interface BucketOptions {
  endpoint: string;
  region: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
}
