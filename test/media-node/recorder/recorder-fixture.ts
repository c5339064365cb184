import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallContext, NodeConfig } from '../../../media-node/calls/call-application.js';
import { decodeWav } from '../../../media-node/codecs/wav.js';
import type { LogFields, NodeLogger } from '../../../media-node/log.js';
import { Spool } from '../../../media-node/spool/spool.js';
import { MemoryMedia } from '../ivr/memory-media.js';

/** A real spool in a temporary directory, and what it holds. */
export async function tempSpool() {
  const dir = await mkdtemp(join(tmpdir(), 'ramal-recorder-'));
  const spool = await Spool.open(dir, recordingLog());
  return {
    spool,
    /** Complete items: manifest and decoded channels. */
    items: async () => {
      const ids = await readdir(spool.layout.audio);
      return Promise.all(ids.map(async (id) => {
        const manifest = JSON.parse(await readFile(join(spool.layout.audio, id, 'item.json'), 'utf8')) as { channels: number; metadata: Record<string, unknown>; durationMs: number };
        const wav = decodeWav(new Uint8Array(await readFile(join(spool.layout.audio, id, 'audio.wav'))));
        return { id, manifest, channels: wav.channels };
      }));
    },
    incoming: () => readdir(spool.layout.incoming),
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A logger that keeps every line, so tests can read what was logged (and check what was not). */
export function recordingLog(lines: { level: string; msg: string; fields: LogFields }[] = []): NodeLogger & { lines: typeof lines } {
  const at = (level: string) => (msg: string, fields: LogFields = {}) => void lines.push({ level, msg, fields });
  const log = { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => log };
  return log;
}

export function nodeConfig(recorder: Partial<NodeConfig['recorder']> = {}): NodeConfig {
  return {
    site: { id: 's', name: 'Site', timeZone: 'America/Sao_Paulo' }, language: 'pt-BR',
    codes: { voicemailOwn: '1001', voicemailOther: '1002', conference: '1006', echoTest: '1009', recorder: 'rec' },
    sip: { allowedAddresses: [], inbound: null, trunk: null },
    extensions: [{ number: '2001', name: 'Ana' }, { number: '2002', name: 'Bia' }],
    voicemail: { maxMessages: 100, maxSeconds: 180, mwiUnsolicited: false, mwiTarget: null },
    recorder: { minDurationMs: 0, excludedExtensions: [], discardIfAnyExcluded: false, ...recorder },
  };
}

export const frameOf = (value: number) => new Int16Array(160).fill(value);

/** A plain recording leg: the test pushes its audio and hangs it up. */
export function fakeLeg(options: { callId: string; from: string; to: string; headers?: Record<string, string>; config: NodeConfig; log?: NodeLogger }) {
  const ended = new AbortController();
  const media = new MemoryMedia();
  const headers = Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const call = {
    callId: options.callId, dialled: 'rec', requestUri: 'sip:rec@node',
    from: { uri: `sip:${options.from}@pbx`, user: options.from }, to: { uri: `sip:${options.to}@pbx`, user: options.to },
    header: (name: string) => headers[name.toLowerCase()], headers: (name: string) => (headers[name.toLowerCase()] ? [headers[name.toLowerCase()]!] : []),
    signal: ended.signal,
  };
  const context = { call, media, config: options.config, log: options.log ?? recordingLog(), route: { app: 'recorder' } } as unknown as CallContext;
  return { context, media, hangup: () => ended.abort() };
}

export const tick = () => new Promise((r) => setTimeout(r, 5));
