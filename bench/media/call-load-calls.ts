/**
 * Calls into the media node from our own SIP stack as the UAC: each call gets a generator stream,
 * offers PCMA from the stream's port, and joins the shared timer once the answer names the node's
 * RTP port.
 */
import { silentLogger } from '../../media-node/log.js';
import { readAnswer, createOffer } from '../../media-node/sdp/offer-answer.js';
import { SipEndpoint } from '../../media-node/sip/endpoint.js';
import type { OutboundCall } from '../../media-node/sip/outbound-call.js';
import { Stream, type LoadGenerator } from './call-load-generator.js';

/** INVITEs in flight at once while a step ramps up: a PBX's burst, not a flood. */
const RAMP_CONCURRENCY = 20;

export interface PlacedCall {
  call: OutboundCall;
  stream: Stream;
}

export interface Placed {
  up: PlacedCall[];
  failed: number;
  /** First failure, for the report. */
  reason: string | undefined;
}

export async function startUac(): Promise<SipEndpoint> {
  return SipEndpoint.start({
    host: '127.0.0.1', port: 0, userAgent: 'ramal-bench', log: silentLogger, realm: 'bench',
    isTrusted: () => true, passwordFor: () => undefined,
    // The generator calls out only; nothing should call it.
    onInvite: (call) => void call.reject(603, 'Decline'),
  });
}

async function placeOne(uac: SipEndpoint, sipPort: number, code: string, generator: LoadGenerator): Promise<PlacedCall> {
  const stream = await Stream.open();
  try {
    const call = uac.invite({
      target: `sip:${code}@127.0.0.1:${sipPort}`,
      from: { user: '2001', displayName: 'bench' },
      sdp: createOffer({ address: '127.0.0.1', port: stream.port, preferred: ['PCMA'] }),
    });
    const { sdp } = await call.answered;
    const media = readAnswer(sdp);
    stream.remote = media.remote;
    generator.add(stream);
    return { call, stream };
  } catch (error) {
    stream.close();
    throw error;
  }
}

/** Places `count` calls to `code`, RAMP_CONCURRENCY at a time. */
export async function placeCalls(uac: SipEndpoint, sipPort: number, code: string, count: number, generator: LoadGenerator): Promise<Placed> {
  const placed: Placed = { up: [], failed: 0, reason: undefined };
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      try {
        placed.up.push(await placeOne(uac, sipPort, code, generator));
      } catch (error) {
        placed.failed++;
        placed.reason ??= String((error as Error).message ?? error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(RAMP_CONCURRENCY, count) }, worker));
  return placed;
}

/** Stops each call's audio, hangs up (BYE) and closes its socket; returns hang-ups that failed. */
export async function hangupAll(calls: PlacedCall[], generator: LoadGenerator): Promise<number> {
  for (const c of calls) generator.remove(c.stream);
  let failed = 0;
  for (let i = 0; i < calls.length; i += RAMP_CONCURRENCY * 2) {
    await Promise.all(
      calls.slice(i, i + RAMP_CONCURRENCY * 2).map(async (c) => {
        try {
          await c.call.hangup();
        } catch {
          failed++;
        }
      }),
    );
  }
  for (const c of calls) c.stream.close();
  return failed;
}
