import { randomBytes } from 'node:crypto';
import { parseNameAddr } from './headers.js';
import { header, headerLines, headerValues, type SipHeader, type SipRequest, type SipResponse } from './message.js';

export const ALLOW = 'INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, NOTIFY';
export const ACCEPT = 'application/sdp, multipart/mixed, application/dtmf-relay, application/dtmf';
/** Methods we know but do not serve (405); unknown ones get 501. */
export const KNOWN_NOT_SERVED = new Set(['REGISTER', 'SUBSCRIBE', 'PUBLISH', 'REFER', 'MESSAGE', 'UPDATE', 'PRACK', 'NOTIFY']);
/** Option tags we implement; a Require: naming anything else gets 420. */
export const SUPPORTED: readonly string[] = ['siprec'];

const REASONS: Record<number, string> = {
  100: 'Trying', 180: 'Ringing', 183: 'Session Progress', 200: 'OK', 400: 'Bad Request', 401: 'Unauthorized',
  403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable', 408: 'Request Timeout',
  415: 'Unsupported Media Type', 416: 'Unsupported URI Scheme', 420: 'Bad Extension', 480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist', 482: 'Loop Detected', 483: 'Too Many Hops', 486: 'Busy Here',
  487: 'Request Terminated', 488: 'Not Acceptable Here', 491: 'Request Pending', 500: 'Server Internal Error',
  501: 'Not Implemented', 503: 'Service Unavailable', 505: 'Version Not Supported', 603: 'Decline',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? (status < 300 ? 'OK' : 'Error');
}

export const newTag = () => randomBytes(6).toString('hex');
export const newBranch = () => `z9hG4bK${randomBytes(9).toString('base64url')}`;
export const newCallId = () => randomBytes(12).toString('hex');

export function tagOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return parseNameAddr(value).params.tag ?? undefined;
  } catch {
    return undefined;
  }
}

export interface ResponseOptions {
  reason?: string;
  toTag?: string;
  headers?: Record<string, string>;
  body?: { contentType: string; content: Buffer | string };
  server?: string;
}

/** RFC 3261 §8.2.6: a response copies Via, From, To, Call-ID and CSeq, and adds a To tag once past 100. */
export function buildResponse(request: SipRequest, status: number, options: ResponseOptions = {}): SipResponse {
  const headers: SipHeader[] = headerValues(request, 'Via').map((value) => ({ name: 'Via', value }));
  let to = header(request, 'To') ?? '';
  if (status > 100 && options.toTag !== undefined && tagOf(to) === undefined) to = `${to};tag=${options.toTag}`;
  headers.push({ name: 'From', value: header(request, 'From') ?? '' }, { name: 'To', value: to });
  headers.push({ name: 'Call-ID', value: header(request, 'Call-ID') ?? '' }, { name: 'CSeq', value: header(request, 'CSeq') ?? '' });
  if (request.method === 'INVITE' && status > 100 && status < 300) for (const value of headerLines(request, 'Record-Route')) headers.push({ name: 'Record-Route', value });
  if (options.server !== undefined) headers.push({ name: 'Server', value: options.server });
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.push({ name, value });
  let body: Buffer = Buffer.alloc(0);
  if (options.body) {
    headers.push({ name: 'Content-Type', value: options.body.contentType });
    body = Buffer.isBuffer(options.body.content) ? options.body.content : Buffer.from(options.body.content, 'utf8');
  }
  return { kind: 'response', status, reason: options.reason ?? reasonPhrase(status), headers, body };
}
