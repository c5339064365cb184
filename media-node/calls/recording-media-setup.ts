import type { NodeLogger } from '../log.js';
import type { MediaClock } from '../rtp/media-clock.js';
import type { RtpPortPool, RtpPorts } from '../rtp/port-pool.js';
import { RtpSession } from '../rtp/rtp-session.js';
import { SdpNotAcceptable, type NegotiatedAudio } from '../sdp/offer-answer.js';
import { answerRecordingOffer, recordingStreams, type RecordingStreamOffer } from '../sdp/recording-offer.js';
import { MetadataState } from '../siprec/metadata-state.js';
import { metadataOf } from '../siprec/siprec-body.js';
import type { InboundCall } from '../sip/inbound-call.js';

/** One labelled stream of a recorded call: one side of the conversation. */
export interface RecordedStream {
  label: string;
  media: RtpSession;
}

export interface EstablishedRecording {
  /** In the order of the offer's m= lines: the first is the left channel. */
  streams: RecordedStream[];
  /** Who is on the call, from the SIPREC metadata (empty for clients that send none). */
  metadata: MetadataState;
  /** The negotiated codec of each stream, for the log. */
  codecs: string[];
  /** Seconds without RTP on every stream after which the call counts as dead. */
  quietLimit: () => number | null;
}

export interface RecordingSetupOptions {
  ports: RtpPortPool;
  clock: MediaClock;
  address: string;
  timeoutSeconds: number;
  log: NodeLogger;
}

const NOT_ACCEPTABLE_WARNING = '305 ramal "only PCMA, PCMU and telephone-event at 20 ms"';

/**
 * Answers a SIPREC session (RFC 7866): every labelled audio stream of the offer gets its own RTP
 * port, receive-only, and starts listening at once; the metadata beside the SDP says who sends
 * which stream. Re-INVITEs update streams and metadata (a transfer adds a participant). Returns
 * null when the call could not be established; the SIP answer has been sent by then.
 */
export async function establishRecording(call: InboundCall, options: RecordingSetupOptions): Promise<EstablishedRecording | null> {
  const { log } = options;
  const metadata = new MetadataState();
  const readMetadata = (body: InboundCall['body']) => {
    try {
      const m = metadataOf(body);
      if (m) metadata.apply(m);
    } catch (error) {
      // The audio matters more than who was on the call: record anyway, with the SIP headers' parties.
      log.warn('recording metadata skipped', { error: (error as Error).message });
    }
  };
  let offered: RecordingStreamOffer[];
  try {
    if (!call.offer) throw new SdpNotAcceptable('a recording session must offer its streams in the INVITE');
    offered = recordingStreams(call.offer);
  } catch (error) {
    log.info('recording offer not acceptable', { error: (error as Error).message });
    call.reject(488, 'Not Acceptable Here', { Warning: NOT_ACCEPTABLE_WARNING });
    return null;
  }
  readMetadata(call.body);

  const taken: { offer: RecordingStreamOffer; ports: RtpPorts }[] = [];
  try {
    for (const offer of offered) taken.push({ offer, ports: await options.ports.allocate() });
  } catch (error) {
    for (const t of taken) t.ports.release();
    log.warn('no RTP ports free for a recording', { error: String(error) });
    call.reject(503, 'No Media Ports Free', { 'Retry-After': '10' });
    return null;
  }
  const portsByIndex = new Map(taken.map((t) => [t.offer.index, t.ports.port]));
  let version = 1;
  const { answer, media } = answerRecordingOffer(call.offer, offered, { address: options.address, ports: portsByIndex, sessionVersion: version });
  const streams: RecordedStream[] = taken.map(({ offer, ports }) => {
    const audio = media.get(offer.index) as NegotiatedAudio;
    const session = new RtpSession({
      ports, clock: options.clock, codec: audio.codec, payloadType: audio.payloadType,
      telephoneEventPt: audio.telephoneEventPt, remote: audio.remote, direction: audio.direction, log,
      // Nothing is played to a recording client: a stalled event loop must delay its audio, not lose it.
      recordOnly: true,
    });
    session.listen();
    return { label: offer.label, media: session };
  });
  const byIndex = new Map(taken.map((t, i) => [t.offer.index, streams[i] as RecordedStream]));

  call.on('reoffer', (sdp, respond, body) => {
    try {
      const again = recordingStreams(sdp).filter((s) => byIndex.has(s.index));
      const next = answerRecordingOffer(sdp, again, { address: options.address, ports: portsByIndex, sessionVersion: ++version });
      for (const [index, audio] of next.media) byIndex.get(index)?.media.update({ codec: audio.codec, payloadType: audio.payloadType, telephoneEventPt: audio.telephoneEventPt, remote: audio.remote, direction: audio.direction });
      readMetadata(body);
      respond({ sdp: next.answer });
    } catch {
      respond({ status: 488 });
    }
  });
  call.signal.addEventListener('abort', () => streams.forEach((s) => s.media.close()), { once: true });

  try {
    await call.answer(answer);
  } catch (error) {
    log.info('recording session not established', { error: (error as Error).message });
    streams.forEach((s) => s.media.close());
    return null;
  }
  return { streams, metadata, codecs: taken.map((t) => t.offer.codec), quietLimit: () => options.timeoutSeconds };
}
