import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, isPrivateAddress } from '../../../functions/services/webhooks/endpoint-url.js';

describe('isPrivateAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'], ['127.255.0.9', 'loopback /8'], ['10.1.2.3', '10/8'], ['172.16.0.1', '172.16/12 start'], ['172.31.255.254', '172.16/12 end'],
    ['192.168.1.1', '192.168/16'], ['169.254.169.254', 'link-local (cloud metadata)'], ['0.0.0.0', 'unspecified'], ['100.64.0.1', 'carrier-grade NAT'],
    ['224.0.0.1', 'multicast'], ['255.255.255.255', 'broadcast'], ['240.0.0.1', 'reserved'],
    ['::1', 'IPv6 loopback'], ['[::1]', 'bracketed'], ['::', 'IPv6 unspecified'], ['fe80::1', 'IPv6 link-local'], ['fc00::1', 'unique-local fc'], ['fd12:3456::1', 'unique-local fd'],
    ['ff02::1', 'IPv6 multicast'], ['::ffff:127.0.0.1', 'IPv4-mapped loopback'], ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'], ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['64:ff9b::a00:1', 'NAT64 of 10.0.0.1'], ['::7f00:1', 'IPv4-compatible loopback'],
  ])('refuses %s (%s)', (ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it.each(['8.8.8.8', '172.32.0.1', '172.15.255.255', '100.128.0.1', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808'])('allows the public address %s', (ip) => {
    expect(isPrivateAddress(ip)).toBe(false);
  });

  it('counts text that is not an IP address as private, so nothing unclassified gets through', () => {
    expect(isPrivateAddress('example.com')).toBe(true);
    expect(isPrivateAddress('')).toBe(true);
  });
});

describe('checkWebhookUrl', () => {
  const refusal = (url: string, allowPrivate = false) => {
    const r = checkWebhookUrl(url, allowPrivate);
    return r.ok ? null : r.refusal;
  };

  it('accepts public http and https URLs', () => {
    expect(checkWebhookUrl('https://crm.example.com/hooks/ramal?x=1', false)).toEqual({ ok: true });
    expect(checkWebhookUrl('http://8.8.8.8:8080/in', false)).toEqual({ ok: true });
    expect(checkWebhookUrl('https://[2606:4700:4700::1111]/in', false)).toEqual({ ok: true });
  });

  it('refuses other schemes, garbage and overlong URLs', () => {
    expect(refusal('ftp://example.com/')).toBe('scheme');
    expect(refusal('javascript:alert(1)')).toBe('scheme');
    expect(refusal('not a url')).toBe('invalid');
    expect(refusal(`https://example.com/${'a'.repeat(2000)}`)).toBe('tooLong');
  });

  it('refuses credentials in the URL, even when private targets are allowed', () => {
    expect(refusal('https://user:pass@example.com/')).toBe('credentials');
    expect(refusal('https://user@example.com/')).toBe('credentials');
    expect(refusal('http://u:p@127.0.0.1/', true)).toBe('credentials');
  });

  it.each([
    'http://127.0.0.1/', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'http://0.0.0.0/', 'http://10.0.0.5/', 'http://192.168.0.10:8080/', 'http://169.254.169.254/latest/meta-data',
    'http://[fe80::1]/', 'http://[fd00::1]/', 'http://100.64.1.1/',
    // The URL parser turns these into 127.0.0.1 before we look at them.
    'http://2130706433/', 'http://0177.0.0.1/', 'http://0x7f.1/', 'http://127.1/', 'http://127.0.0.1./',
  ])('refuses the private address in %s', (url) => {
    expect(refusal(url)).toBe('privateAddress');
  });

  it.each(['http://localhost/', 'http://LOCALHOST./', 'http://api.localhost/', 'http://printer.local/', 'http://crm.corp.internal/'])('refuses the local name in %s', (url) => {
    expect(refusal(url)).toBe('privateName');
  });

  it('allows private addresses and local names when the operator does', () => {
    expect(checkWebhookUrl('http://127.0.0.1:9000/in', true)).toEqual({ ok: true });
    expect(checkWebhookUrl('http://crm.local/in', true)).toEqual({ ok: true });
  });

  it('gives a reason that says how to allow private targets', () => {
    const r = checkWebhookUrl('http://10.0.0.1/', false);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('RAMAL_WEBHOOK_ALLOW_PRIVATE');
  });
});
