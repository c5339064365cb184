import type { NodeLogger } from '../log.js';
import type { RtpSession } from '../rtp/rtp-session.js';
import type { InboundCall } from '../sip/inbound-call.js';

/**
 * Hangs up a call whose far end stopped sending RTP (a PBX that crashed or lost its network never
 * sends BYE), so the call does not hold ports and a recording does not grow silence forever.
 * The limit comes from the call's current SDP direction (null: the far end announced silence).
 */
export function watchMediaTimeout(media: RtpSession, call: InboundCall, limitSeconds: () => number | null, log: NodeLogger): () => void {
  let lastPackets = media.stats().packetsIn;
  let quietSince = Date.now();
  const timer = setInterval(() => {
    const packets = media.stats().packetsIn;
    const seconds = limitSeconds();
    if (packets !== lastPackets || seconds === null) {
      lastPackets = packets;
      quietSince = Date.now();
      return;
    }
    if (Date.now() - quietSince >= seconds * 1000) {
      log.warn('no RTP received; hanging up', { seconds });
      clearInterval(timer);
      void call.hangup().catch(() => {});
    }
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}
