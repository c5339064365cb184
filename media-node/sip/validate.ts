import { SipParseError } from './errors.js';
import { parseCSeq, parseNameAddr, parseVia } from './headers.js';
import type { Problem, SipRequest, SipResponse } from './message.js';
import { headerLines, headerValues } from './message.js';
import { parseUri, uriScheme } from './uri.js';

const MANDATORY = ['From', 'To', 'Call-ID', 'CSeq'];
const SINGLE = ['From', 'To', 'Call-ID', 'CSeq', 'Max-Forwards', 'Content-Type', 'Content-Length'];

function check(what: string, fn: () => void): Problem | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    if (error instanceof SipParseError) return { status: error.status, reason: `Bad ${what}` };
    throw error;
  }
}

/** True when a response can be answered at all: it needs a parseable top Via to route the answer. */
export function hasUsableVia(request: SipRequest): boolean {
  const top = headerValues(request, 'Via')[0];
  if (top === undefined) return false;
  try {
    parseVia(top);
    return true;
  } catch {
    return false;
  }
}

/** Checks a request against RFC 3261's syntax and mandatory-header rules; the first problem found wins. */
export function validateRequest(request: SipRequest): Problem | undefined {
  for (const name of MANDATORY) if (headerLines(request, name).length === 0) return { status: 400, reason: `Missing ${name}` };
  for (const name of SINGLE) if (headerLines(request, name).length > 1) return { status: 400, reason: `Multiple ${name} values` };
  const problem =
    check('Via', () => headerValues(request, 'Via').forEach((v) => parseVia(v))) ??
    check('From', () => parseNameAddr(headerLines(request, 'From')[0] as string)) ??
    check('To', () => parseNameAddr(headerLines(request, 'To')[0] as string)) ??
    check('Contact', () => headerValues(request, 'Contact').forEach((v) => v === '*' || parseNameAddr(v))) ??
    check('CSeq', () => {
      if (parseCSeq(headerLines(request, 'CSeq')[0] as string).method !== request.method) throw new SipParseError('CSeq method mismatch');
    });
  if (problem) return problem;
  if (!/^\S+$/.test(headerLines(request, 'Call-ID')[0] as string)) return { status: 400, reason: 'Bad Call-ID' };
  const maxForwards = headerLines(request, 'Max-Forwards')[0];
  if (maxForwards !== undefined && (!/^\d{1,10}$/.test(maxForwards) || Number(maxForwards) > 255)) return { status: 400, reason: 'Bad Max-Forwards' };
  const date = headerLines(request, 'Date')[0];
  if (date !== undefined && !/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(date)) return { status: 400, reason: 'Bad Date' };
  return validateRequestUri(request.uri);
}

function validateRequestUri(uri: string): Problem | undefined {
  if (/[<>\s]/.test(uri)) return { status: 400, reason: 'Bad Request-URI' };
  const scheme = uriScheme(uri);
  if (scheme !== 'sip' && scheme !== 'sips') return { status: 416, reason: 'Unsupported URI Scheme' };
  const problem = check('Request-URI', () => {
    if (Object.keys(parseUri(uri).headers).length > 0) throw new SipParseError('headers in Request-URI');
  });
  return problem;
}

/** A response is only usable with a Via, a CSeq and a Call-ID we can read. */
export function validResponse(response: SipResponse): boolean {
  try {
    const via = headerValues(response, 'Via')[0];
    const cseq = headerLines(response, 'CSeq');
    if (via === undefined || cseq.length !== 1 || headerLines(response, 'Call-ID').length !== 1) return false;
    parseVia(via);
    parseCSeq(cseq[0] as string);
    return response.status >= 100 && response.status <= 699;
  } catch (error) {
    if (error instanceof SipParseError) return false;
    throw error;
  }
}
