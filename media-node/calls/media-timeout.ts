import type { NodeLogger } from '../log.js';
import type { InboundCall } from '../sip/inbound-call.js';

/**
 * Hangs up a call whose far end stopped sending RTP (a PBX that crashed or lost its network never
 * sends BYE), so the call does not hold ports and a recording does not grow silence forever.
 * Every stream of the call counts (a recording has two). The limit comes from the call's current SDP direction (null: the far end announced silence).
 */
export function watchMediaTimeout(packetsIn: () => number, call: InboundCall, limitSeconds: () => number | null, log: NodeLogger): () => void {
  let lastPackets = packetsIn();
  let quietSince = Date.now();
  const timer = setInterval(() => {
    const packets = packetsIn();
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
