import type { CallApplication, CallContext } from '../calls/call-application.js';
import type { MailboxInfo } from '../central/voicemail-client.js';
import type { VoicemailAudioMetadata } from '../../functions/services/voicemail/node-voicemail-contract.js';
import { hangup, play, runVerbs, say, type Verb } from '../ivr/index.js';
import { inLanguage, storedAudio, type VoicemailAppDeps } from './voicemail-common.js';
import { recordStreaming } from './voicemail-recording.js';

/** Shorter messages (after trailing silence is cut) are dropped: a caller who hung up at the beep left nothing. */
export const MIN_MESSAGE_MS = 1500;
/** Continuous silence that ends a message. */
export const MESSAGE_SILENCE_SECONDS = 5;

type Lookup = { kind: 'found'; info: MailboxInfo } | { kind: 'unknown' } | { kind: 'offline'; info: MailboxInfo };

/**
 * Leaving a message (route voicemail-deposit): the owner's greeting for the divert reason (or a
 * default that says the extension), a beep, and the caller's audio streamed into the spool until
 * '#', 5 s of silence, the mailbox's limit or hang-up. The central app turns the spooled item into
 * the message once uploaded. When the central app cannot be reached the message is still taken,
 * with the site's limits and the default greeting: a caller's message is never lost.
 */
export function voicemailDepositApp(deps: VoicemailAppDeps): CallApplication {
  return {
    async run(context) {
      const { call, route, log } = context;
      if (route.app !== 'voicemail-deposit') return;
      const found = await lookup(deps, context, route.mailbox);
      if (found.kind === 'unknown') {
        await runVerbs(context.session, [play({ prompt: 'extension-not-available' }), hangup()]);
        return;
      }
      const { info } = found;
      const session = inLanguage(context.session, info.language);
      if (info.full) {
        log.info('voicemail not taken: mailbox full', { mailbox: info.extension });
        await runVerbs(session, [play({ prompt: 'mailbox-full' }), play({ prompt: 'goodbye' }), hangup()]);
        return;
      }

      const ref = route.reason === 'busy' ? info.greetings.busy : info.greetings.unavailable;
      const personal = ref && found.kind === 'found' ? await storedAudio(deps.client, ref.audioId, log) : null;
      // Without a personal greeting, the owner's recorded name stands in for "extension <digits>".
      const name = !personal && info.greetings.name && found.kind === 'found' ? await storedAudio(deps.client, info.greetings.name.audioId, log) : null;
      const who: Verb<unknown>[] = name ? [play({ pcm: name, bargeIn: true })] : [play({ prompt: 'greeting-extension', bargeIn: true }), say({ digits: info.extension, bargeIn: true })];
      const greeting: Verb<unknown>[] = personal
        ? [play({ pcm: personal, bargeIn: true })]
        : [...who, play({ prompt: 'greeting-not-available', bargeIn: true }), play({ prompt: 'leave-message', bargeIn: true })];
      await runVerbs(session, greeting);
      if (session.signal.aborted) return;

      const metadata: VoicemailAudioMetadata = {
        mailbox: info.extension, reason: route.reason, callerNumber: call.from.user.slice(0, 80),
        callerName: (call.from.displayName ?? '').slice(0, 120), callId: call.callId.slice(0, 200),
      };
      const writer = await deps.spool.beginAudio({ kind: 'voicemail', startedAt: new Date(), metadata });
      const result = await recordStreaming(session, (frame) => writer.write(frame), {
        maxSeconds: info.maxSeconds, silenceSeconds: MESSAGE_SILENCE_SECONDS, endOnDigits: '#',
      });
      if (result.keptMs < MIN_MESSAGE_MS) {
        await writer.abort();
        log.info('voicemail too short: discarded', { mailbox: info.extension, keptMs: result.keptMs, reason: result.reason });
        if (result.reason !== 'hangup') await runVerbs(session, [play({ prompt: 'goodbye' }), hangup()]);
        return;
      }
      const item = await writer.finish({ endedAt: new Date().toISOString(), endedBy: result.reason });
      log.info('voicemail spooled', { mailbox: info.extension, itemId: item.id, durationMs: item.durationMs, reason: result.reason });
      deps.mailboxChanged?.();
      if (result.reason !== 'hangup') await runVerbs(session, [play({ prompt: 'message-saved' }), play({ prompt: 'goodbye' }), hangup()]);
    },
  };
}

async function lookup(deps: VoicemailAppDeps, { config, log }: CallContext, mailbox: string): Promise<Lookup> {
  try {
    const info = await deps.client.mailbox(mailbox);
    return info ? { kind: 'found', info } : { kind: 'unknown' };
  } catch (error) {
    log.warn('mailbox lookup failed: taking the message with the site defaults', { mailbox, error: String(error) });
    return {
      kind: 'offline',
      info: {
        extension: mailbox, ownerName: '', language: config.language, newCount: 0, savedCount: 0,
        maxMessages: config.voicemail.maxMessages, maxSeconds: config.voicemail.maxSeconds, full: false,
        hasPin: false, hearDetails: false, greetings: { busy: null, unavailable: null, name: null },
      },
    };
  }
}
