import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { audioItems, sites } from '../../../schema/index.js';
import { parseNodeEnv } from '../../../media-node/config.js';
import { silentLogger } from '../../../media-node/log.js';
import { startMediaNode, type MediaNode, type MediaNodeOverrides } from '../../../media-node/main.js';
import { alawDecode } from '../../../media-node/codecs/g711.js';
import { decodeWav } from '../../../media-node/codecs/wav.js';
import { startCentral, until, type Central } from '../spool/central-fixture.js';
import { readPcapUdp } from '../rtp/helpers/pcap.js';

/** RTP ranges per test file, so files running at once never compete for ports. */
let nextRange = 30000 + (process.pid % 50) * 400;

export interface NodeUnderTest {
  central: Central;
  node: MediaNode;
  spoolDir: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

/** The real central app, its site trusting loopback, and a media node on ephemeral SIP ports. */
export async function startNodeUnderTest(overrides: MediaNodeOverrides = {}, site: Partial<typeof sites.$inferInsert> = {}): Promise<NodeUnderTest> {
  const central = await startCentral();
  await central.h.deps.db.update(sites).set({ sipAllowedAddresses: ['127.0.0.1'], ...site }).where(eq(sites.id, central.h.org.siteId));
  const spoolDir = await mkdtemp(join(tmpdir(), 'ramal-node-spool-'));
  const promptsDir = await mkdtemp(join(tmpdir(), 'ramal-node-prompts-'));
  const first = nextRange;
  nextRange += 200;
  const env = {
    RAMAL_CENTRAL_URL: central.url, RAMAL_SITE_TOKEN: central.token, SIP_HOST: '127.0.0.1', SIP_PORT: '0',
    RTP_PORTS: `${first}-${first + 199}`, RAMAL_SPOOL_DIR: spoolDir, RAMAL_PROMPTS_DIR: promptsDir, LOG_LEVEL: 'error',
  };
  const node = await startMediaNode(parseNodeEnv(env), { log: silentLogger, generatePrompts: false, heartbeatMs: 60_000, uploaderRetryBaseMs: 100, ...overrides });
  return {
    central, node, spoolDir, env,
    close: async () => {
      await node.stop();
      await central.close();
      await rm(spoolDir, { recursive: true, force: true });
      await rm(promptsDir, { recursive: true, force: true });
    },
  };
}

/** Waits for the central app to hold `count` audio items and returns them. */
export async function storedAudio(central: Central, count = 1, timeoutMs = 30_000) {
  let rows: (typeof audioItems.$inferSelect)[] = [];
  await until(async () => (rows = await central.h.deps.db.select().from(audioItems)).length >= count, timeoutMs, `${count} stored audio item(s)`);
  return rows;
}

/** The stored WAV of an item, read back from the central app's filesystem store. */
export async function storedPcm(central: Central, key: string): Promise<Int16Array> {
  const wav = decodeWav(new Uint8Array(await readFile(join(central.h.dir, 'objects', ...key.split('/')))));
  return wav.channels[0]!;
}

/** The speech sipp streams with play_pcap_audio, decoded from its A-law capture. */
export function sippSpeech(): Int16Array {
  const packets = readPcapUdp('/usr/share/sip-tester/g711a.pcap').map((p) => p.payload.subarray(12));
  return alawDecode(Uint8Array.from(packets.flatMap((p) => [...p])));
}

/**
 * The best normalized cross-correlation of `needle` inside `haystack` (lag in samples), computed
 * on 4:1 decimated envelopes first and refined around the best coarse lag.
 */
export function bestCorrelation(haystack: Int16Array, needle: Int16Array): { lag: number; correlation: number } {
  const at = (lag: number) => {
    let dot = 0, a2 = 0, b2 = 0;
    for (let i = 0; i < needle.length && lag + i < haystack.length; i++) {
      const a = haystack[lag + i]!, b = needle[i]!;
      dot += a * b; a2 += a * a; b2 += b * b;
    }
    return a2 && b2 ? dot / Math.sqrt(a2 * b2) : 0;
  };
  let best = { lag: 0, correlation: -1 };
  for (let lag = 0; lag + needle.length / 2 < haystack.length; lag += 8) {
    const c = at(lag);
    if (c > best.correlation) best = { lag, correlation: c };
  }
  for (let lag = Math.max(0, best.lag - 8); lag <= best.lag + 8; lag++) {
    const c = at(lag);
    if (c > best.correlation) best = { lag, correlation: c };
  }
  return best;
}

/**
 * How well `sent` survives inside `recorded`, robust to the few packets a loaded machine delays:
 * each 250 ms piece of `sent` is located on its own (near where the previous one was) and the
 * median of the pieces' correlations returned, with the share of pieces above 0.9.
 */
export function piecewiseCorrelation(recorded: Int16Array, sent: Int16Array, piece = 2000): { median: number; goodShare: number } {
  const overall = bestCorrelation(recorded, sent);
  const scores: number[] = [];
  let expected = overall.lag;
  for (let at = 0; at + piece <= sent.length; at += piece) {
    const needle = sent.subarray(at, at + piece);
    const from = Math.max(0, expected + at - 1600);
    const window = recorded.subarray(from, Math.min(recorded.length, expected + at + piece + 1600));
    const match = bestCorrelation(window, needle);
    scores.push(match.correlation);
    if (match.correlation > 0.9) expected = from + match.lag - at;
  }
  scores.sort((a, b) => a - b);
  return { median: scores[Math.floor(scores.length / 2)] ?? 0, goodShare: scores.filter((c) => c > 0.9).length / Math.max(1, scores.length) };
}
