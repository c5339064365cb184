import { checkNumber, SayError } from '../say/common.js';
import { dateFragments, dateTimeFragments, digitFragments, numberFragments, timeFragments } from '../say/index.js';
import type { CallSession } from '../session.js';
import { AudioVerb } from './play.js';

export interface SayOptions {
  digits?: string;
  number?: number;
  date?: Date;
  time?: Date;
  dateTime?: Date;
  bargeIn?: boolean;
}

/** The prompt ids for whatever the options ask to say, in order (digits, number, date, time, dateTime). */
export function sayFragments(options: SayOptions, session: Pick<CallSession, 'language' | 'timeZone'>): string[] {
  const { language, timeZone } = session;
  return [
    ...(options.digits !== undefined ? digitFragments(options.digits) : []),
    ...(options.number !== undefined ? numberFragments(options.number, language) : []),
    ...(options.date ? dateFragments(options.date, timeZone, language) : []),
    ...(options.time ? timeFragments(options.time, timeZone, language) : []),
    ...(options.dateTime ? dateTimeFragments(options.dateTime, timeZone, language) : []),
  ];
}

/** Joins the fragments' audio so the caller hears one utterance (and barge-in cuts all of it). */
async function fragmentsAudio(session: CallSession, ids: string[]): Promise<Int16Array> {
  const parts = await Promise.all(ids.map((id) => session.prompts.get(id, session.language, session.siteLanguage)));
  const present = parts.filter((p): p is Int16Array => p !== null);
  const pcm = new Int16Array(present.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of present) {
    pcm.set(part, at);
    at += part.length;
  }
  return pcm;
}

/** Speaks digits, a number, a date or a time in the session's language and time zone. */
export function say(options: SayOptions): AudioVerb {
  const { digits, number, date, time, dateTime } = options;
  if (digits === undefined && number === undefined && !date && !time && !dateTime) {
    throw new SayError('SAY_NOTHING', 'say needs digits, number, date, time or dateTime');
  }
  // A number out of range is the script's mistake: fail where the script builds the verb.
  if (number !== undefined) checkNumber(number);
  return new AudioVerb(async (session) => fragmentsAudio(session, sayFragments(options, session)), options.bargeIn ?? false);
}
