import { describe, expect, it } from 'vitest';
import { sipp } from '../sip/helpers/sipp.js';
import { startNodeUnderTest } from './node-fixture.js';

describe('the site’s trunk registration', () => {
  it('registers the node at the PBX with digest credentials and unregisters when the node stops', async () => {
    const registrar = await sipp({ scenario: 'uas-registrar.xml', transport: 'udp' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const t = await startNodeUnderTest({}, {
      sipTrunk: { register: true, registrar: `sip:127.0.0.1:${registrar.port}`, username: 'alice', password: 'secret', expiresSeconds: 300 },
    });
    // sipp's registrar challenges with 401, checks the digest, grants 120 s, then expects the
    // un-REGISTER; it exits 0 only when all of that happened.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await t.close();
    const result = await registrar.done;
    expect(result.code, `${result.output}\n${result.errors}`).toBe(0);
  });
});
