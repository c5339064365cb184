/** Hand-written SIP requests for tests that play the peer with a raw socket. */
export function rawRequest(options: {
  method: string;
  endpointPort: number;
  peerPort: number;
  branch: string;
  callId: string;
  cseq?: number;
  toTag?: string;
  headers?: string[];
  body?: { type: string; content: string };
}): string {
  const body = options.body?.content ?? '';
  return [
    `${options.method} sip:4000@127.0.0.1:${options.endpointPort} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${options.peerPort};branch=${options.branch};rport`,
    'From: "Peer" <sip:peer@127.0.0.1>;tag=peertag',
    `To: <sip:4000@127.0.0.1>${options.toTag ? `;tag=${options.toTag}` : ''}`,
    `Call-ID: ${options.callId}`,
    `CSeq: ${options.cseq ?? 1} ${options.method === 'ACK' ? 'ACK' : options.method}`,
    `Contact: <sip:peer@127.0.0.1:${options.peerPort}>`,
    ...(options.headers?.some((h) => h.startsWith('Max-Forwards:')) ? [] : ['Max-Forwards: 70']),
    ...(options.headers ?? []),
    ...(options.body ? [`Content-Type: ${options.body.type}`] : []),
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

export const PCMA_OFFER = ['v=0', 'o=peer 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 41000 RTP/AVP 8 101', 'a=rtpmap:8 PCMA/8000', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-16', ''].join('\r\n');

/** A response to `request` (raw text), echoing its Via, From, To, Call-ID and CSeq. */
export function rawResponse(request: string, status: string, extra: { toTag?: string; headers?: string[]; body?: string } = {}): string {
  const lines = request.split('\r\n');
  const pick = (name: string) => lines.filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  const to = pick('To')[0] ?? 'To: <sip:x@y>';
  const body = extra.body ?? '';
  return [
    `SIP/2.0 ${status}`,
    ...pick('Via'),
    ...pick('From'),
    extra.toTag && !to.includes('tag=') ? `${to};tag=${extra.toTag}` : to,
    ...pick('Call-ID'),
    ...pick('CSeq'),
    ...(extra.headers ?? []),
    ...(body ? ['Content-Type: application/sdp'] : []),
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}
