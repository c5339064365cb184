/**
 * Runs a voicemail application over ScriptedMedia with a fake central app (VoicemailClient) and a
 * fake spool that keep what they were asked, so a test reads back the menus a caller walked.
 */
import type { CallApplication, CallContext, NodeConfig } from '../../../media-node/calls/call-application.js';
import type { Route } from '../../../media-node/calls/routing.js';
import type { MailboxInfo, MailboxMessage, PinCheckResult, VoicemailClient } from '../../../media-node/central/voicemail-client.js';
import { encodeWav } from '../../../media-node/codecs/wav.js';
import { createCallSession } from '../../../media-node/ivr/session.js';
import { silentLogger } from '../../../media-node/log.js';
import type { BeginAudioInput } from '../../../media-node/spool/audio-writer.js';
import type { VoicemailAppDeps } from '../../../media-node/apps/voicemail-common.js';
import { Labels, LabelledPrompts, ScriptedMedia, type Step } from './scripted-media.js';

export const PIN = '2468';

export function mailboxInfo(overrides: Partial<MailboxInfo> = {}): MailboxInfo {
  return {
    extension: '2001', ownerName: 'Ana', language: 'en', newCount: 0, savedCount: 0, maxMessages: 100, maxSeconds: 120,
    full: false, hasPin: true, hearDetails: false, greetings: { busy: null, unavailable: null, name: null }, ...overrides,
  };
}

export function message(id: string, overrides: Partial<MailboxMessage> = {}): MailboxMessage {
  return {
    id, protocol: `VM-${id}`, callerNumber: '3001', callerName: 'Bia', divertReason: 'no-answer', receivedAt: '2025-03-04T13:05:00.000Z',
    durationMs: 100, heard: false, audio: { audioId: `a-${id}`, path: `/x/${id}`, durationMs: 100 }, ...overrides,
  };
}

export interface FakeCentral {
  client: VoicemailClient;
  calls: string[];
}

/** The central app: `info` (or an error thrown), the PIN, a lock, and the messages, which markHeard/delete change. */
export function fakeCentral(labels: Labels, options: { info?: MailboxInfo | null | Error; pin?: string; locked?: boolean; messages?: MailboxMessage[] } = {}): FakeCentral {
  const calls: string[] = [];
  const messages = [...(options.messages ?? [])];
  const pinResult = (valid: boolean): PinCheckResult => ({ valid, locked: options.locked ?? false, lockedUntil: null, attemptsLeft: 3 });
  const client: VoicemailClient = {
    async mailbox(extension) {
      calls.push(`mailbox ${extension}`);
      if (options.info instanceof Error) throw options.info;
      return options.info === undefined ? mailboxInfo({ extension }) : options.info;
    },
    async checkPin(extension, pin) {
      calls.push(`checkPin ${extension} ${pin}`);
      return pinResult(!options.locked && pin === (options.pin ?? PIN));
    },
    async changePin(extension, pin) {
      calls.push(`changePin ${extension} ${pin}`);
    },
    async messages(extension) {
      calls.push(`messages ${extension}`);
      return messages.map((m) => ({ ...m }));
    },
    async markHeard(id) {
      calls.push(`markHeard ${id}`);
      const found = messages.find((m) => m.id === id);
      if (found) found.heard = true;
    },
    async deleteMessage(id) {
      calls.push(`deleteMessage ${id}`);
      messages.splice(messages.findIndex((m) => m.id === id), 1);
    },
    async audio(audioId) {
      calls.push(`audio ${audioId}`);
      return encodeWav(labels.pcm(`audio:${audioId}`, 3));
    },
    async mwi() {
      return null;
    },
  };
  return { client, calls };
}

export interface SpooledItem {
  input: BeginAudioInput;
  frames: Int16Array[];
  state: 'recording' | 'finished' | 'aborted';
  finishMetadata?: Record<string, unknown>;
}

export function fakeSpool(): { spool: VoicemailAppDeps['spool']; items: SpooledItem[] } {
  const items: SpooledItem[] = [];
  return {
    items,
    spool: {
      async beginAudio(input) {
        const item: SpooledItem = { input, frames: [], state: 'recording' };
        items.push(item);
        return {
          id: `item-${items.length}`,
          write: (frame) => void item.frames.push(...(Array.isArray(frame) ? frame : [frame as Int16Array])),
          async finish(metadata) {
            item.state = 'finished';
            if (metadata) item.finishMetadata = metadata;
            return { id: `item-${items.length}`, durationMs: item.frames.length * 20 };
          },
          async abort() {
            item.state = 'aborted';
          },
        };
      },
    },
  };
}

export const CONFIG: NodeConfig = {
  site: { id: 'site-1', name: 'Matriz', timeZone: 'America/Sao_Paulo' },
  language: 'en',
  codes: { voicemailOwn: '1001', voicemailOther: '1002', conference: '1006', echoTest: '1009', recorder: '1010' },
  sip: { allowedAddresses: ['127.0.0.1'], inbound: null, trunk: null },
  extensions: [{ number: '2001', name: 'Ana' }],
  voicemail: { maxMessages: 50, maxSeconds: 7, mwiUnsolicited: false, mwiTarget: null },
  recorder: { minDurationMs: 0, excludedExtensions: [], discardIfAnyExcluded: false },
};

export interface CallRun {
  played: string[];
  /** Prompt lookups as `<language>/<id>`. */
  promptLanguages: string[];
  hangups: number;
  unusedSteps: Step[];
}

/** Runs `app` for one call with the caller's `steps`; resolves once the application returned. */
export async function runCall(app: (deps: VoicemailAppDeps) => CallApplication, route: Route, steps: Step[], central: FakeCentral, labels: Labels, spool = fakeSpool().spool, changed?: () => void): Promise<CallRun> {
  let hangups = 0;
  // The session is built after the media, whose idle hang-up ends it.
  let end: (reason: string) => void = () => {};
  const media = new ScriptedMedia(labels, [...steps], () => end('caller hung up'));
  const prompts = new LabelledPrompts(labels);
  const session = createCallSession({
    id: 'call-1', language: 'en', siteLanguage: 'en', timeZone: 'America/Sao_Paulo', media, prompts, log: silentLogger,
    onHangup: async () => {
      hangups++;
      media.close();
    },
  });
  end = (reason) => session.end(reason);
  const context = {
    call: { from: { user: '3001', displayName: 'Bia' }, callId: 'call-id-1' },
    media: {},
    session,
    route,
    config: CONFIG,
    log: silentLogger,
  } as unknown as CallContext;
  try {
    await app({ client: central.client, spool, ...(changed ? { mailboxChanged: changed } : {}) }).run(context);
  } finally {
    media.close();
  }
  return { played: media.played, promptLanguages: prompts.languages, hangups, unusedSteps: media.unusedSteps };
}
