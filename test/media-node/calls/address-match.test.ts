import { describe, expect, it } from 'vitest';
import { addressAllowed } from '../../../media-node/calls/address-match.js';

describe('addressAllowed', () => {
  it('matches single IPv4 addresses and CIDR blocks', () => {
    expect(addressAllowed('10.0.0.5', ['10.0.0.5'])).toBe(true);
    expect(addressAllowed('10.0.0.6', ['10.0.0.5'])).toBe(false);
    expect(addressAllowed('192.168.7.200', ['192.168.4.0/22'])).toBe(true);
    expect(addressAllowed('192.168.8.1', ['192.168.4.0/22'])).toBe(false);
  });

  it('matches IPv4-mapped IPv6 sources against IPv4 entries', () => {
    expect(addressAllowed('::ffff:10.1.2.3', ['10.1.0.0/16'])).toBe(true);
  });

  it('matches IPv6 blocks and never mixes families', () => {
    expect(addressAllowed('2001:db8::42', ['2001:db8::/32'])).toBe(true);
    expect(addressAllowed('2001:db9::42', ['2001:db8::/32'])).toBe(false);
    expect(addressAllowed('10.0.0.1', ['::/0'])).toBe(false);
  });

  it('refuses everything for an empty list, garbage sources and malformed entries', () => {
    expect(addressAllowed('10.0.0.1', [])).toBe(false);
    expect(addressAllowed('not-an-ip', ['0.0.0.0/0'])).toBe(false);
    expect(addressAllowed('10.0.0.1', ['10.0.0.0/33', 'bogus'])).toBe(false);
  });
});
