import type { VoicemailClient } from '../central/voicemail-client.js';
import { decodeAudio } from '../codecs/formats.js';
import type { CallSession } from '../ivr/session.js';
import { callEnded, type Verb } from '../ivr/verb.js';
import type { NodeLogger } from '../log.js';
import { isPromptLanguage } from '../prompts/languages.js';
import type { Spool } from '../spool/spool.js';

/** What the voicemail applications need besides the call. */
export interface VoicemailAppDeps {
  client: VoicemailClient;
  spool: Pick<Spool, 'beginAudio'>;
  /** This node changed a mailbox (message heard, deleted or left): message lamps should follow at once. */
  mailboxChanged?: () => void;
}

/**
 * The session speaking the mailbox owner's language. The session is a plain record whose
 * functions close over their own state, so a copy with another language shares the call.
 */
export function inLanguage(session: CallSession, language: string): CallSession {
  return isPromptLanguage(language) && language !== session.language ? { ...session, language } : session;
}

/** A message's or greeting's audio as the node's PCM; null (and a warning) when it cannot be had. */
export async function storedAudio(client: VoicemailClient, audioId: string, log: NodeLogger): Promise<Int16Array | null> {
  try {
    return await decodeAudio(await client.audio(audioId), 'wav');
  } catch (error) {
    log.warn('voicemail audio unavailable', { audioId, error: String(error) });
    return null;
  }
}

/** Verbs heard as one prompt: a gather's first digit kills the one playing and skips the rest. */
export function sequence(verbs: Verb<unknown>[]): Verb<void> {
  let killed = false;
  let current: Verb<unknown> | undefined;
  return {
    async exec(session) {
      for (const verb of verbs) {
        if (killed || callEnded(session)) return;
        current = verb;
        await verb.exec(session);
      }
    },
    kill() {
      killed = true;
      current?.kill();
    },
  };
}
