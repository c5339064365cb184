import { describe, expect, it } from 'vitest';
import { NodeConfigError, parseNodeEnv } from '../../../media-node/config.js';

const base = { RAMAL_CENTRAL_URL: 'http://central:3000', RAMAL_SITE_TOKEN: 'rml_x' };

describe('RAMAL_RECORDING_JOIN_HEADER', () => {
  it('defaults to X-Ramal-Recording-Id', () => {
    expect(parseNodeEnv(base).RAMAL_RECORDING_JOIN_HEADER).toBe('X-Ramal-Recording-Id');
  });

  it('accepts another header name', () => {
    expect(parseNodeEnv({ ...base, RAMAL_RECORDING_JOIN_HEADER: 'X-Call-Link' }).RAMAL_RECORDING_JOIN_HEADER).toBe('X-Call-Link');
  });

  it('refuses a value that is not a header name, naming the setting', () => {
    expect(() => parseNodeEnv({ ...base, RAMAL_RECORDING_JOIN_HEADER: 'X-Call: Id' })).toThrow(NodeConfigError);
    expect(() => parseNodeEnv({ ...base, RAMAL_RECORDING_JOIN_HEADER: 'X-Call: Id' })).toThrow(/RAMAL_RECORDING_JOIN_HEADER: must be a SIP header name/);
  });
});
