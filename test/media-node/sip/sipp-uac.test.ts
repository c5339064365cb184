import { afterEach, describe, expect, it } from 'vitest';
import { createOffer, readAnswer } from '../../../media-node/sdp/offer-answer.js';
import type { SipEndpoint } from '../../../media-node/sip/endpoint.js';
import type { RegistrationState } from '../../../media-node/sip/registration.js';
import { startEndpoint } from './helpers/endpoint.js';
import { sipp, type SippRun } from './helpers/sipp.js';

function expectClean(run: SippRun): void {
  expect(run.errors, run.output.slice(-3000)).toBe('');
  expect(run.code, run.output.slice(-3000)).toBe(0);
}

// sipp needs a moment to bind before our first request; UDP would retransmit anyway, TCP would be refused.
const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

describe.each(['udp', 'tcp'] as const)('the node as UAC toward sipp over %s', (transport) => {
  let endpoint: SipEndpoint | undefined;
  afterEach(async () => endpoint?.close());
  const suffix = transport === 'tcp' ? ';transport=tcp' : '';

  it('calls sipp (-sn uas), gets its answer SDP, and hangs up with BYE', async () => {
    endpoint = await startEndpoint();
    const peer = await sipp({ builtin: 'uas', transport });
    await settle();
    const call = endpoint.invite({ target: `sip:service@127.0.0.1:${peer.port}${suffix}`, from: { user: '4000', displayName: 'Ramal' }, sdp: createOffer({ address: '127.0.0.1', port: 40_002 }) });
    const ended = new Promise<string>((resolve) => call.on('ended', resolve));
    const { sdp } = await call.answered;
    expect(readAnswer(sdp).codec).toMatch(/^PCM[AU]$/);
    expect(endpoint.activeDialogs).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await call.hangup();
    expect(await ended).toBe('local-bye');
    expectClean(await peer.done);
    expect(endpoint.activeDialogs).toBe(0);
  });

  it('registers at a registrar that challenges with 401, then unregisters on close', async () => {
    endpoint = await startEndpoint();
    const registrar = await sipp({ scenario: 'uas-registrar.xml', transport });
    await settle();
    const states: RegistrationState[] = [];
    const registration = endpoint.register({ registrar: `sip:127.0.0.1:${registrar.port}${suffix}`, user: 'alice', password: 'secret', expiresSeconds: 300 });
    registration.on('state', (s: RegistrationState) => states.push(s));
    await new Promise<void>((resolve) => registration.on('state', (s: RegistrationState) => s === 'registered' && resolve()));
    expect(registration.grantedSeconds).toBe(120);
    await endpoint.close();
    endpoint = undefined;
    expect(states).toEqual(['registered', 'unregistered']);
    expectClean(await registrar.done);
  });

  it('fails the registration when the registrar refuses the credentials', async () => {
    endpoint = await startEndpoint();
    const registrar = await sipp({ scenario: 'uas-registrar.xml', transport });
    await settle();
    const registration = endpoint.register({ registrar: `sip:127.0.0.1:${registrar.port}${suffix}`, user: 'alice', password: 'not-the-password', retryBaseMs: 60_000 });
    const [state, detail] = await new Promise<[RegistrationState, { status?: number }]>((resolve) => registration.on('state', (s, d) => resolve([s, d])));
    expect(state).toBe('failed');
    expect(detail.status).toBe(403);
    expect((await registrar.done).code).not.toBe(0);
  });
});
