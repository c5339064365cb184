import type { NodeConfig } from '../../functions/services/media-nodes/node-config.js';
import type { CallSession } from '../ivr/session.js';
import type { NodeLogger } from '../log.js';
import type { RtpSession } from '../rtp/rtp-session.js';
import type { InboundCall } from '../sip/inbound-call.js';
import type { Route } from './routing.js';
import type { EstablishedRecording } from './recording-media-setup.js';

export type { NodeConfig };

export interface CallContext {
  call: InboundCall;
  media: RtpSession;
  /** The IVR session over the call's media, in the site's prompt language. */
  session: CallSession;
  route: Route;
  config: NodeConfig;
  log: NodeLogger;
  /** A SIPREC session's streams (one per side of the call) and metadata; absent for other calls. */
  recording?: EstablishedRecording;
}

/** One of the node's services (echo test, recorder, voicemail…): runs an answered call to its end. */
export interface CallApplication {
  run(context: CallContext): Promise<void>;
}
