import { parseNameAddr } from './headers.js';
import { headerValues, type SipRequest } from './message.js';

export interface DiversionEntry {
  user: string;
  reason?: string;
  source: 'diversion' | 'history-info';
}

/** User part of a sip:, sips: or tel: URI, unescaped; '' when there is none. */
export function userOf(uri: string): string {
  const tel = /^tel:([^;?]+)/i.exec(uri);
  if (tel) return decodeURIComponent(tel[1] as string);
  const m = /^sips?:([^@]*)@/i.exec(uri);
  if (!m) return '';
  const user = (m[1] as string).split(':')[0] as string;
  try {
    return decodeURIComponent(user);
  } catch {
    return user;
  }
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/**
 * RFC 5806 Diversion (each diverting hop adds its entry on top, so the list is reversed) and
 * RFC 7044 History-Info (already chronological), oldest first; unparseable entries are skipped.
 */
export function diversionsOf(request: SipRequest): DiversionEntry[] {
  const entries: DiversionEntry[] = [];
  for (const value of headerValues(request, 'Diversion').reverse()) {
    const addr = safe(() => parseNameAddr(value));
    if (!addr) continue;
    const entry: DiversionEntry = { user: userOf(addr.uri), source: 'diversion' };
    if (addr.params.reason) entry.reason = addr.params.reason;
    entries.push(entry);
  }
  for (const value of headerValues(request, 'History-Info')) {
    const addr = safe(() => parseNameAddr(value));
    if (!addr) continue;
    const entry: DiversionEntry = { user: userOf(addr.uri), source: 'history-info' };
    // The reason travels as an escaped Reason header in the URI, or as an RFC 4458 cause parameter.
    const reason = /[?&]Reason=([^&>]*)/i.exec(addr.uri)?.[1];
    const cause = /;cause=(\d+)/i.exec(addr.uri)?.[1];
    const decoded = reason === undefined ? undefined : safe(() => decodeURIComponent(reason));
    if (decoded !== undefined) entry.reason = decoded;
    else if (cause !== undefined) entry.reason = cause;
    entries.push(entry);
  }
  return entries;
}
