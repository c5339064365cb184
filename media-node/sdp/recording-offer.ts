import { write, type MediaDescription, type SessionDescription } from 'sdp-transform';
import { audioLine, MIRROR, parseSdp, pick, SdpNotAcceptable, session, type Codec, type Direction, type NegotiatedAudio } from './offer-answer.js';

/** One audio stream of a recording offer that we can take. */
export interface RecordingStreamOffer {
  /** Position of its m= line. */
  index: number;
  /** Its `a=label` (RFC 4574), or the m= line's position when the client sent none. */
  label: string;
  codec: Codec;
  payloadType: number;
  telephoneEventPt?: number;
  remote: { address: string; port: number };
}

/** At most this many audio streams are recorded per session (a stereo file has two channels). */
export const MAX_RECORDED_STREAMS = 2;

/**
 * The audio streams of an offer from a recording client (SIPREC, RFC 7866: one labelled,
 * sendonly m= line per side of the call), in order. Streams we cannot take (other media,
 * other codecs, port 0) are left out; SdpNotAcceptable when none is left.
 */
export function recordingStreams(offer: string): RecordingStreamOffer[] {
  const sdp = parseSdp(offer);
  const out: RecordingStreamOffer[] = [];
  for (const [index, m] of sdp.media.entries()) {
    if (out.length >= MAX_RECORDED_STREAMS) break;
    if (m.type !== 'audio' || m.port === 0 || !/^RTP\/AVPF?$/i.test(m.protocol)) continue;
    const codec = pick(m, undefined);
    const address = m.connection?.ip ?? sdp.connection?.ip;
    if (!codec || !address) continue;
    const label = (m as MediaDescription & { label?: string | number }).label?.toString() ?? String(index);
    const stream: RecordingStreamOffer = { index, label, codec: codec.codec, payloadType: codec.pt, remote: { address, port: m.port } };
    if (codec.eventPt !== undefined) stream.telephoneEventPt = codec.eventPt;
    out.push(stream);
  }
  if (!out.length) throw new SdpNotAcceptable('no PCMA or PCMU audio stream offered');
  return out;
}

/**
 * Our answer to a recording offer: each taken stream on its own local port, receive-only
 * (a recorder never sends), with its label echoed so the client can tell the streams apart;
 * every other m= line is refused with port 0.
 */
export function answerRecordingOffer(offer: string, taken: readonly RecordingStreamOffer[], local: { address: string; ports: ReadonlyMap<number, number>; sessionId?: string; sessionVersion?: number }): { answer: string; media: Map<number, NegotiatedAudio> } {
  const sdp = parseSdp(offer);
  const byIndex = new Map(taken.map((t) => [t.index, t]));
  const media = new Map<number, NegotiatedAudio>();
  const lines = sdp.media.map((m, index): MediaDescription => {
    const stream = byIndex.get(index);
    const port = local.ports.get(index);
    if (!stream || port === undefined) return { type: m.type, port: 0, protocol: m.protocol, payloads: String(m.payloads ?? '0').split(' ')[0] as string, rtp: [], fmtp: [] };
    const offered = (m.direction ?? sdp.direction ?? 'sendrecv') as Direction;
    // We only listen: whatever the client offered, our side is recvonly (inactive if it sends nothing).
    const direction: Direction = MIRROR[offered] === 'sendonly' || MIRROR[offered] === 'inactive' ? 'inactive' : 'recvonly';
    const negotiated: NegotiatedAudio = { codec: stream.codec, payloadType: stream.payloadType, remote: stream.remote, direction, ptime: 20 };
    if (stream.telephoneEventPt !== undefined) negotiated.telephoneEventPt = stream.telephoneEventPt;
    media.set(index, negotiated);
    const line = audioLine({ address: local.address, port }, m.protocol, stream.codec, stream.payloadType, stream.telephoneEventPt, direction);
    const label = (m as MediaDescription & { label?: string | number }).label;
    return label === undefined ? line : ({ ...line, label } as MediaDescription);
  });
  const answer = write({ ...session({ address: local.address, port: 0, sessionId: local.sessionId, sessionVersion: local.sessionVersion }), media: lines } as SessionDescription);
  return { answer, media };
}
