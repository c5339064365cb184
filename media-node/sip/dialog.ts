import { parseCSeq, parseNameAddr } from './headers.js';
import { header, headerValues, type SipHeader, type SipRequest, type SipResponse } from './message.js';
import { tagOf } from './build.js';
import type { SipSource } from './transport.js';
import { parseUri, uriDestination } from './uri.js';

export const dialogKey = (callId: string, localTag: string, remoteTag: string) => `${callId}|${localTag}|${remoteTag}`;

/** Where in-dialog requests go: the first route, else the remote target; TCP reuses the connection we already have. */
function destinationFor(target: string, routeSet: string[], established: SipSource): SipSource {
  const first = routeSet[0];
  if (first !== undefined) {
    try {
      return uriDestination(parseUri(parseNameAddr(first).uri));
    } catch {
      return established;
    }
  }
  if (established.transport === 'tcp') return established;
  try {
    return { ...uriDestination(parseUri(target)), transport: 'udp' };
  } catch {
    return established;
  }
}

function contactUri(message: SipRequest | SipResponse): string | undefined {
  const contact = headerValues(message, 'Contact')[0];
  if (contact === undefined) return undefined;
  try {
    return parseNameAddr(contact).uri;
  } catch {
    return undefined;
  }
}

/** RFC 3261 §12 dialog state, kept by both the UAS and the UAC side of a call. */
export class Dialog {
  remoteSeq: number | undefined;

  private constructor(
    readonly callId: string,
    readonly localTag: string,
    readonly remoteTag: string,
    /** The From value we send, tag included. */
    readonly localParty: string,
    /** The To value we send, tag included. */
    readonly remoteParty: string,
    private localSeq: number,
    readonly remoteTarget: string,
    readonly routeSet: string[],
    readonly destination: SipSource,
  ) {}

  get key(): string {
    return dialogKey(this.callId, this.localTag, this.remoteTag);
  }

  static uas(invite: SipRequest, localTag: string, source: SipSource): Dialog {
    const to = header(invite, 'To') as string;
    const target = contactUri(invite) ?? invite.uri;
    const routeSet = headerValues(invite, 'Record-Route');
    const dialog = new Dialog(header(invite, 'Call-ID') as string, localTag, tagOf(header(invite, 'From')) ?? '', `${to};tag=${localTag}`, header(invite, 'From') as string, Math.floor(Math.random() * 10_000) + 1, target, routeSet, destinationFor(target, routeSet, source));
    dialog.remoteSeq = parseCSeq(header(invite, 'CSeq') as string).seq;
    return dialog;
  }

  static uac(invite: SipRequest, response: SipResponse, destination: SipSource): Dialog {
    const target = contactUri(response) ?? invite.uri;
    const routeSet = headerValues(response, 'Record-Route').reverse();
    const seq = parseCSeq(header(invite, 'CSeq') as string).seq;
    const to = header(response, 'To') as string;
    return new Dialog(header(invite, 'Call-ID') as string, tagOf(header(invite, 'From')) ?? '', tagOf(to) ?? '', header(invite, 'From') as string, to, seq, target, routeSet, destinationFor(target, routeSet, destination));
  }

  /** RFC 3261 §12.2.2: a lower CSeq than the last one is out of order. */
  acceptRemoteSeq(request: SipRequest): boolean {
    const seq = parseCSeq(header(request, 'CSeq') as string).seq;
    if (request.method === 'ACK' || request.method === 'CANCEL') return true;
    if (this.remoteSeq !== undefined && seq < this.remoteSeq) return false;
    this.remoteSeq = seq;
    return true;
  }

  /** Request-URI and dialog headers of a new in-dialog request (the caller adds Via, Contact, Max-Forwards). */
  request(method: string, seq: number = ++this.localSeq): { uri: string; headers: SipHeader[] } {
    const headers: SipHeader[] = this.routeSet.map((value) => ({ name: 'Route', value }));
    headers.push({ name: 'From', value: this.localParty }, { name: 'To', value: this.remoteParty }, { name: 'Call-ID', value: this.callId }, { name: 'CSeq', value: `${seq} ${method}` });
    return { uri: this.remoteTarget, headers };
  }
}
