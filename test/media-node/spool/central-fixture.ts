import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createToken } from '../../../functions/services/tokens/token-service.js';
import { createCentralClient, type CentralClient } from '../../../media-node/central/client.js';
import { silentLogger, type NodeLogger } from '../../../media-node/log.js';
import { workerEncoders } from '../../../media-node/spool/encoders.js';
import { freePort } from '../../helpers/free-port.js';
import { createHarness, type Harness } from '../../helpers/harness.js';

/** The real central app on a loopback port, with a node token of its first site. */
export interface Central {
  h: Harness;
  url: string;
  port: number;
  token: string;
  client: (options?: { retries?: number; timeoutMs?: number }) => CentralClient;
  /** Stops listening (connections refused) and starts again on the same port. */
  down: () => Promise<void>;
  up: () => Promise<void>;
  close: () => Promise<void>;
}

export async function startCentral(options: { env?: Record<string, string>; startDown?: boolean } = {}): Promise<Central> {
  const h = await createHarness(options.env);
  const { secret } = await createToken(h.deps.db, h.scope(), { name: 'media node test', kind: 'node', siteId: h.org.siteId }, h.deps.now());
  let port = options.startDown ? await freePort() : 0;
  let server: Server | null = null;
  const up = async () => {
    await new Promise<void>((resolve) => {
      server = serve({ fetch: h.app.fetch, port, hostname: '127.0.0.1' }, (info) => {
        port = info.port;
        resolve();
      }) as Server;
    });
  };
  const down = async () => {
    const s = server;
    server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  };
  if (!options.startDown) await up();
  const url = () => `http://127.0.0.1:${port}`;
  return {
    h, port, token: secret, up, down,
    get url() { return url(); },
    client: (o = {}) => createCentralClient({ baseUrl: url(), token: secret, log: silentLogger, retries: o.retries ?? 0, retryBaseMs: 20, timeoutMs: o.timeoutMs ?? 10_000 }),
    close: async () => {
      await down();
      h.close();
    },
  } as Central;
}

/** The production encoders (GSM from the specification, MP3 through lamejs), run in a worker thread. */
export function realEncoders() {
  return workerEncoders({
    gsm: { module: new URL('../../../media-node/codecs/gsm/index.ts', import.meta.url), export: 'encodeGsm' },
    mp3: { module: new URL('../../../media-node/codecs/mp3.ts', import.meta.url), export: 'encodeMp3' },
  });
}

/** Polls until `check` is true (or throws after `timeoutMs`). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A second of speech-like test audio: a few tones with an envelope, deterministic per seed. */
export function testTone(ms: number, seed = 1): Int16Array {
  const n = Math.round((ms * 8000) / 1000);
  const pcm = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const env = 0.5 + 0.5 * Math.sin((2 * Math.PI * i) / (800 + seed * 37));
    pcm[i] = Math.round(8000 * env * (Math.sin((2 * Math.PI * (300 + seed * 11) * i) / 8000) + 0.5 * Math.sin((2 * Math.PI * 1170 * i) / 8000)));
  }
  return pcm;
}

/** A logger that keeps entries, for asserting what the node reported (retry delays, rejections). */
export function capturingLogger(): NodeLogger & { entries: { level: string; message: string; fields: Record<string, unknown> }[] } {
  const entries: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields: Record<string, unknown> = {}) => void entries.push({ level, message, fields });
  const log: NodeLogger & { entries: typeof entries } = { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => log };
  return log;
}
