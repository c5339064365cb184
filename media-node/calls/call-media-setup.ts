import type { DtmfDigit } from '../media/call-media.js';
import type { NodeLogger } from '../log.js';
import type { MediaClock } from '../rtp/media-clock.js';
import type { RtpPorts } from '../rtp/port-pool.js';
import { RtpSession } from '../rtp/rtp-session.js';
import { answerOffer, createOffer, readAnswer, type NegotiatedAudio } from '../sdp/offer-answer.js';
import type { InboundCall } from '../sip/inbound-call.js';

export interface EstablishedMedia {
  media: RtpSession;
  codec: NegotiatedAudio['codec'];
  /** Seconds of RTP silence after which the call counts as dead; null while the far end announced silence. */
  quietLimit: () => number | null;
}

export interface MediaSetupOptions {
  ports: RtpPorts;
  clock: MediaClock;
  address: string;
  timeoutSeconds: number;
  log: NodeLogger;
  /** The call is only recorded (the recorder application): see RtpSession's `recordOnly`. */
  recordOnly?: boolean;
}

const NOT_ACCEPTABLE_WARNING = '305 ramal "only PCMA, PCMU and telephone-event at 20 ms"';

/**
 * Answers the call and starts its RTP: the INVITE's offer is answered in the 200, or, when the
 * INVITE came without SDP (delayed offer), our offer goes in the 200 and the ACK answers it.
 * Re-INVITEs (hold, resume, codec or address change) update the running session. The session
 * listens already; the caller starts its playout when the application is ready. Returns null
 * when the call could not be established; the SIP answer has been sent by then.
 */
export async function establishMedia(call: InboundCall, options: MediaSetupOptions): Promise<EstablishedMedia | null> {
  const { ports, log } = options;
  const local = { address: options.address, port: ports.port };
  let version = 1;
  let offerAnswer: { answer: string; media: NegotiatedAudio } | null = null;
  if (call.offer) {
    try {
      offerAnswer = answerOffer(call.offer, { ...local, sessionVersion: version });
    } catch (err) {
      ports.release();
      log.info('offer not acceptable', { error: (err as Error).message });
      call.reject(488, 'Not Acceptable Here', { Warning: NOT_ACCEPTABLE_WARNING });
      return null;
    }
  }
  // A far end that said it sends nothing may stay silent; one that put us on hold may be silent
  // for long; anyone else silent past the limit is gone.
  const limitFor = (direction: NegotiatedAudio['direction'], held: boolean): number | null =>
    direction === 'sendonly' || direction === 'inactive' ? null : held ? options.timeoutSeconds * 10 : options.timeoutSeconds;
  let limit: number | null = null;
  let media: RtpSession | null = null;
  // Listening starts at once: a PBX sends RTP the moment it has our answer, often before its ACK
  // reaches us, and those first packets are the start of what the caller says.
  const listen = (audio: NegotiatedAudio): { session: RtpSession; audio: NegotiatedAudio } => {
    limit = limitFor(audio.direction, false);
    const session = new RtpSession({
      ports, clock: options.clock, codec: audio.codec, payloadType: audio.payloadType,
      telephoneEventPt: audio.telephoneEventPt, remote: audio.remote, direction: audio.direction, log, recordOnly: options.recordOnly ?? false,
    });
    session.listen();
    media = session;
    return { session, audio };
  };

  call.on('dtmf', (digit) => {
    if (media && /^[0-9*#A-D]$/.test(digit)) media.injectDtmf(digit as DtmfDigit, 'info');
  });
  call.on('reoffer', (sdp, respond) => {
    try {
      if (!media) throw new Error('no media yet');
      const next = answerOffer(sdp, { ...local, sessionVersion: ++version });
      limit = limitFor(next.media.direction, next.media.direction !== 'sendrecv');
      media.update({ codec: next.media.codec, payloadType: next.media.payloadType, telephoneEventPt: next.media.telephoneEventPt, remote: next.media.remote, direction: next.media.direction });
      respond({ sdp: next.answer });
    } catch {
      respond({ status: 488 });
    }
  });
  call.signal.addEventListener('abort', () => (media ? media.close() : ports.release()), { once: true });

  let started = offerAnswer ? listen(offerAnswer.media) : null;
  let ackSdp: string | undefined;
  try {
    ackSdp = await call.answer(offerAnswer ? offerAnswer.answer : createOffer({ ...local, sessionVersion: version }));
  } catch (err) {
    log.info('call not established', { error: (err as Error).message });
    return null;
  }
  if (!started) {
    try {
      started = listen(readAnswer(ackSdp ?? ''));
    } catch (err) {
      log.info('no usable answer in the ACK', { error: (err as Error).message });
      await call.hangup().catch(() => {});
      return null;
    }
  }
  return { media: started.session, codec: started.audio.codec, quietLimit: () => limit };
}
