import { parse, write, type MediaDescription, type SessionDescription } from 'sdp-transform';

export type Codec = 'PCMA' | 'PCMU';
export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface NegotiatedAudio {
  codec: Codec;
  payloadType: number;
  telephoneEventPt?: number;
  remote: { address: string; port: number };
  /** From our side: 'recvonly' means we receive and must not send. */
  direction: Direction;
  ptime: number;
}

export interface LocalMedia {
  address: string;
  port: number;
  sessionId?: string;
  sessionVersion?: number;
  preferred?: Codec[];
}

/** The offer carries nothing we can take; the caller answers 488. */
export class SdpNotAcceptable extends Error {
  readonly code = 'SDP_NOT_ACCEPTABLE';
  constructor(message: string) {
    super(message);
    this.name = 'SdpNotAcceptable';
  }
}

const PTIME = 20;
const STATIC: Record<number, Codec> = { 0: 'PCMU', 8: 'PCMA' };
const DEFAULT_EVENT_PT = 101;
export const MIRROR: Record<Direction, Direction> = { sendrecv: 'sendrecv', sendonly: 'recvonly', recvonly: 'sendonly', inactive: 'inactive' };

export interface MediaLine {
  index: number;
  type: string;
  port: number;
  protocol: string;
  payloads: number[];
  direction: Direction;
  address: string | undefined;
  label: string | undefined;
}

export function parseSdp(text: string): SessionDescription {
  let sdp: SessionDescription;
  try {
    sdp = parse(text);
  } catch {
    throw new SdpNotAcceptable('unparseable SDP');
  }
  if (!Array.isArray(sdp.media) || sdp.media.length === 0) throw new SdpNotAcceptable('SDP without media');
  return sdp;
}

function payloadsOf(m: MediaDescription): number[] {
  return String(m.payloads ?? '').split(/\s+/).filter((p) => /^\d+$/.test(p)).map(Number);
}

/** Every m= line with its direction and connection address (SIPREC offers carry two audio streams). */
export function listMedia(text: string): MediaLine[] {
  const sdp = parseSdp(text);
  return sdp.media.map((m, index) => ({
    index,
    type: m.type,
    port: m.port,
    protocol: m.protocol,
    payloads: payloadsOf(m),
    direction: (m.direction ?? sdp.direction ?? 'sendrecv') as Direction,
    address: m.connection?.ip ?? sdp.connection?.ip,
    label: (m as MediaDescription & { label?: string | number }).label?.toString(),
  }));
}

function codecOf(m: MediaDescription, pt: number): Codec | 'telephone-event' | undefined {
  const map = m.rtp?.find((r) => r.payload === pt);
  if (!map) return STATIC[pt];
  const name = map.codec.toUpperCase();
  if (map.rate !== undefined && map.rate !== 8000) return undefined;
  if (name === 'PCMA' || name === 'PCMU') return name;
  if (name === 'TELEPHONE-EVENT') return 'telephone-event';
  return undefined;
}

export function pick(m: MediaDescription, preferred: Codec[] | undefined): { codec: Codec; pt: number; eventPt?: number } | undefined {
  const offered: { codec: Codec; pt: number }[] = [];
  let eventPt: number | undefined;
  for (const pt of payloadsOf(m)) {
    const codec = codecOf(m, pt);
    if (codec === 'telephone-event') eventPt ??= pt;
    else if (codec) offered.push({ codec, pt });
  }
  const order = preferred ?? offered.map((o) => o.codec);
  for (const codec of order) {
    const match = offered.find((o) => o.codec === codec);
    if (match) return eventPt === undefined ? match : { ...match, eventPt };
  }
  return undefined;
}

function rtpmap(codec: Codec | 'telephone-event', pt: number) {
  return { payload: pt, codec, rate: 8000 };
}

export function session(local: LocalMedia): Omit<SessionDescription, 'media'> {
  return {
    version: 0,
    origin: { username: 'ramal', sessionId: local.sessionId ?? String(Date.now()), sessionVersion: local.sessionVersion ?? 1, netType: 'IN', ipVer: local.address.includes(':') ? 6 : 4, address: local.address },
    name: 'ramal',
    connection: { version: local.address.includes(':') ? 6 : 4, ip: local.address },
    timing: { start: 0, stop: 0 },
  };
}

export function audioLine(local: LocalMedia, protocol: string, codec: Codec, pt: number, eventPt: number | undefined, direction: Direction): MediaDescription {
  const m: MediaDescription = { type: 'audio', port: local.port, protocol, payloads: eventPt === undefined ? String(pt) : `${pt} ${eventPt}`, rtp: [rtpmap(codec, pt)], fmtp: [], ptime: PTIME, direction };
  if (eventPt !== undefined) {
    m.rtp.push(rtpmap('telephone-event', eventPt));
    m.fmtp.push({ payload: eventPt, config: '0-16' });
  }
  return m;
}

/**
 * RFC 3264 answer to an offer: the first usable RTP/AVP audio stream gets one of PCMA/PCMU (plus
 * telephone-event when offered); every other stream is refused with port 0. Hold offers
 * (sendonly/inactive, or the old c=0.0.0.0 form) get recvonly/inactive back.
 */
export function answerOffer(offer: string, local: LocalMedia): { answer: string; media: NegotiatedAudio } {
  const sdp = parseSdp(offer);
  let chosen: { index: number; media: NegotiatedAudio } | undefined;
  for (const [index, m] of sdp.media.entries()) {
    if (chosen || m.type !== 'audio' || m.port === 0 || !/^RTP\/AVPF?$/i.test(m.protocol)) continue;
    const codec = pick(m, local.preferred);
    const address = m.connection?.ip ?? sdp.connection?.ip;
    if (!codec || !address) continue;
    let offered = (m.direction ?? sdp.direction ?? 'sendrecv') as Direction;
    // RFC 3264 §8.4 legacy hold: a zero address means "do not send to me".
    if (address === '0.0.0.0') offered = offered === 'sendrecv' || offered === 'sendonly' ? 'sendonly' : 'inactive';
    const media: NegotiatedAudio = { codec: codec.codec, payloadType: codec.pt, remote: { address, port: m.port }, direction: MIRROR[offered], ptime: PTIME };
    if (codec.eventPt !== undefined) media.telephoneEventPt = codec.eventPt;
    chosen = { index, media };
  }
  if (!chosen) throw new SdpNotAcceptable('no PCMA or PCMU audio stream offered');
  const { media } = chosen;
  const lines = sdp.media.map((m, index): MediaDescription => {
    if (index === chosen.index) return audioLine(local, m.protocol, media.codec, media.payloadType, media.telephoneEventPt, media.direction);
    return { type: m.type, port: 0, protocol: m.protocol, payloads: String(m.payloads ?? '0').split(' ')[0] as string, rtp: [], fmtp: [] };
  });
  return { answer: write({ ...session(local), media: lines } as SessionDescription), media };
}

/** Our offer: PCMA and PCMU (in `preferred` order) and telephone-event, ptime 20. */
export function createOffer(local: LocalMedia & { telephoneEventPt?: number; direction?: Direction }): string {
  const codecs = local.preferred ?? ['PCMA', 'PCMU'];
  const eventPt = local.telephoneEventPt ?? DEFAULT_EVENT_PT;
  const pts = codecs.map((c) => (c === 'PCMA' ? 8 : 0));
  const m: MediaDescription = {
    type: 'audio',
    port: local.port,
    protocol: 'RTP/AVP',
    payloads: [...pts, eventPt].join(' '),
    rtp: [...codecs.map((c, i) => rtpmap(c, pts[i] as number)), rtpmap('telephone-event', eventPt)],
    fmtp: [{ payload: eventPt, config: '0-16' }],
    ptime: PTIME,
    direction: local.direction ?? 'sendrecv',
  };
  return write({ ...session(local), media: [m] } as SessionDescription);
}

/** Reads the answer to our offer; direction is turned around to our side. */
export function readAnswer(answer: string): NegotiatedAudio {
  const sdp = parseSdp(answer);
  const m = sdp.media.find((x) => x.type === 'audio' && x.port !== 0);
  if (!m) throw new SdpNotAcceptable('answer refused the audio stream');
  const codec = pick(m, undefined);
  const address = m.connection?.ip ?? sdp.connection?.ip;
  if (!codec || !address) throw new SdpNotAcceptable('answer has no PCMA or PCMU');
  const theirs = (m.direction ?? sdp.direction ?? 'sendrecv') as Direction;
  const media: NegotiatedAudio = { codec: codec.codec, payloadType: codec.pt, remote: { address, port: m.port }, direction: MIRROR[theirs], ptime: m.ptime ?? PTIME };
  if (codec.eventPt !== undefined) media.telephoneEventPt = codec.eventPt;
  return media;
}
