import { describe, expect, it } from 'vitest';
import type { NodeConfig } from '../../../functions/services/media-nodes/node-config.js';
import { createCallHandler, type CallHandlerDeps } from '../../../media-node/calls/call-handler.js';
import { silentLogger } from '../../../media-node/log.js';
import type { InboundCall } from '../../../media-node/sip/inbound-call.js';

const CONFIG = {
  codes: { voicemailOwn: '1001', voicemailOther: '1002', conference: '1006', echoTest: '1009', recorder: 'rec' },
  extensions: [{ number: '2001', name: 'Ana' }],
} as unknown as NodeConfig;

/** Only what routing reads, and the refusal it answers with. */
function fakeCall(dialled: string) {
  const refusals: { status: number; reason?: string; headers?: Record<string, string> }[] = [];
  const call = {
    callId: 'c1', dialled, from: { user: '3001' }, diversions: [], headers: () => [], offer: undefined,
    reject: (status: number, reason?: string, headers?: Record<string, string>) => void refusals.push({ status, reason, headers }),
  } as unknown as InboundCall;
  return { call, refusals };
}

function handler(config: NodeConfig | null, apps: CallHandlerDeps['apps'] = {}) {
  return createCallHandler({ config: () => config, apps, log: silentLogger } as unknown as CallHandlerDeps);
}

describe('calls the node refuses before answering', () => {
  it('answers 404 to a number no service uses', async () => {
    const { call, refusals } = fakeCall('7777');
    await handler(CONFIG)(call);
    expect(refusals).toEqual([{ status: 404, reason: 'No Ramal Service At This Number', headers: undefined }]);
  });

  it('answers 480 to a service this node does not run', async () => {
    const { call, refusals } = fakeCall('1009');
    await handler(CONFIG, {})(call);
    expect(refusals.map((r) => r.status)).toEqual([480]);
  });

  it('answers 503 with Retry-After before its first configuration', async () => {
    const { call, refusals } = fakeCall('1009');
    await handler(null)(call);
    expect(refusals).toEqual([{ status: 503, reason: 'Node Not Configured Yet', headers: { 'Retry-After': '30' } }]);
  });
});
