/**
 * Which application answers a call. The PBX reaches the node in two ways: a user dials a service
 * code (1001, 1002, 1006…) routed to the node's trunk, or the PBX forwards an unanswered call and
 * says so in Diversion (RFC 5806) or History-Info (RFC 7044) headers.
 */
export type DivertReason = 'busy' | 'no-answer' | 'unavailable' | 'unconditional' | 'unknown';

export type Route =
  | { app: 'voicemail-deposit'; mailbox: string; reason: DivertReason }
  | { app: 'voicemail-own'; mailbox: string }
  | { app: 'voicemail-other'; mailbox: string | null }
  | { app: 'conference'; room: string | null }
  | { app: 'recorder' }
  | { app: 'echo-test' }
  | { app: 'unknown'; dialled: string };

export interface RoutingCodes {
  voicemailOwn: string;
  voicemailOther: string;
  conference: string;
  echoTest: string;
  recorder: string;
}

export interface CallAddressing {
  dialled: string;
  caller: string;
  diversions: readonly { user: string; reason?: string }[];
  /** SIPREC offers (RFC 7866) always go to the recorder, whatever they dial. */
  siprec: boolean;
}

export function routeCall(call: CallAddressing, codes: RoutingCodes, extensions: ReadonlySet<string>): Route {
  const dialled = call.dialled;
  if (call.siprec || dialled === codes.recorder) return { app: 'recorder' };
  // A redirected call belongs to the party that last sent it on (the topmost Diversion), which
  // is the extension whose "forward to voicemail" fired, even after earlier forwards.
  const lastDivert = call.diversions.at(-1);
  if (lastDivert && lastDivert.user && !isServiceCode(lastDivert.user, codes)) {
    return { app: 'voicemail-deposit', mailbox: lastDivert.user, reason: divertReason(lastDivert.reason) };
  }
  if (dialled === codes.voicemailOwn) return { app: 'voicemail-own', mailbox: call.caller };
  if (dialled === codes.echoTest) return { app: 'echo-test' };
  const other = suffixAfter(dialled, codes.voicemailOther);
  if (other !== undefined) return { app: 'voicemail-other', mailbox: other || null };
  const room = suffixAfter(dialled, codes.conference);
  if (room !== undefined) return { app: 'conference', room: room || null };
  // Some PBXs forward to voicemail without a Diversion header and keep the extension as the target.
  if (extensions.has(dialled)) return { app: 'voicemail-deposit', mailbox: dialled, reason: 'unknown' };
  return { app: 'unknown', dialled };
}

/** "1002" → "" and "10024321" → "4321" (the PBX may pass the digits dialled after the code). */
function suffixAfter(dialled: string, code: string): string | undefined {
  if (!code || !dialled.startsWith(code)) return undefined;
  const rest = dialled.slice(code.length);
  return /^\d*$/.test(rest) ? rest : undefined;
}

function isServiceCode(user: string, codes: RoutingCodes): boolean {
  return Object.values(codes).includes(user);
}

/** Diversion reasons (RFC 5806) and History-Info causes (RFC 4458) in the manual's four cases. */
export function divertReason(raw: string | undefined): DivertReason {
  const value = (raw ?? '').trim().toLowerCase().replace(/^"|"$/g, '');
  switch (value) {
    case 'user-busy': case 'busy': case 'do-not-disturb': case '486': case '600':
      return 'busy';
    case 'no-answer': case '408': case '487':
      return 'no-answer';
    case 'unavailable': case 'out-of-service': case 'away': case '480': case '503': case '410': case '404':
      return 'unavailable';
    case 'unconditional': case '302':
      return 'unconditional';
    default:
      return 'unknown';
  }
}
