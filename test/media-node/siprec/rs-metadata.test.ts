import { describe, expect, it } from 'vitest';
import { aorNumber, MetadataError, parseRecordingMetadata } from '../../../media-node/siprec/rs-metadata.js';
import { MetadataState } from '../../../media-node/siprec/metadata-state.js';
import { DRAFT_FORM, RFC_FORM, TRANSFER_PARTIAL } from './metadata-fixtures.js';

describe('SIPREC recording metadata', () => {
  it('reads the RFC 7865 shape: participants, numbers, names, labels and times', () => {
    const m = parseRecordingMetadata(RFC_FORM);
    expect(m.dataMode).toBe('complete');
    expect(m.sessionId).toBe('cs-1');
    expect(Object.fromEntries(m.streams)).toEqual({ 's-a': '1', 's-b': '2' });
    expect(m.participants.map((p) => [p.id, p.number, p.name, p.sends])).toEqual([
      ['p-ext', '2001', 'Ana & Cia', ['s-a']],
      ['p-out', '+551130001000', '', ['s-b']],
    ]);
    expect(m.participants[1]?.associatedAt?.toISOString()).toBe('2026-11-26T13:00:01.000Z');
  });

  it('reads the draft shape older SBCs send', () => {
    const m = parseRecordingMetadata(Buffer.from(DRAFT_FORM));
    expect(m.sessionId).toBe('urn:uuid:0001');
    expect(m.participants.map((p) => [p.number, p.name, p.sends])).toEqual([
      ['2002', 'Reception', ['urn:uuid:st1']],
      ['08001234', '', ['urn:uuid:st2']],
    ]);
    expect(m.streams.get('urn:uuid:st2')).toBe('11');
  });

  it('refuses what is not recording metadata, with a reason', () => {
    expect(() => parseRecordingMetadata('<recording><participant')).toThrow(MetadataError);
    expect(() => parseRecordingMetadata('<other/>')).toThrow(/no <recording>/);
    const bomb = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><recording>&b;</recording>';
    expect(() => parseRecordingMetadata(bomb)).toThrow(/DOCTYPE/);
    expect(() => parseRecordingMetadata(`<recording>${' '.repeat(300 * 1024)}</recording>`)).toThrow(/256 KB/);
  });

  it('takes numbers from sip, sips and tel addresses', () => {
    expect(aorNumber('sip:2001@pbx;user=phone')).toBe('2001');
    expect(aorNumber('<sips:%2B5511@x>')).toBe('+5511');
    expect(aorNumber('tel:+551130001000;phone-context=x')).toBe('+551130001000');
    expect(aorNumber('mailto:a@b')).toBe('');
  });
});

describe('metadata across re-INVITEs', () => {
  const clock = (iso: string) => () => new Date(iso);

  it('a transfer adds the new participant on the same channel and closes the old one', () => {
    const state = new MetadataState(clock('2026-11-26T13:02:00Z'));
    state.apply(parseRecordingMetadata(RFC_FORM));
    expect(state.senderOf('1')?.number).toBe('2001');
    state.apply(parseRecordingMetadata(TRANSFER_PARTIAL));
    expect(state.senderOf('1')?.number).toBe('2003');
    expect(state.senderOf('2')?.number).toBe('+551130001000');
    const people = state.participants().map((p) => [p.number, p.joinedAt.toISOString(), p.leftAt?.toISOString() ?? null]);
    expect(people).toEqual([
      ['2001', '2026-11-26T13:00:00.000Z', '2026-11-26T13:02:00.000Z'],
      ['+551130001000', '2026-11-26T13:00:01.000Z', null],
      ['2003', '2026-11-26T13:02:00.000Z', null],
    ]);
  });

  it('a complete document that leaves someone out marks them as gone', () => {
    let now = '2026-11-26T13:00:00Z';
    const state = new MetadataState(() => new Date(now));
    state.apply(parseRecordingMetadata(DRAFT_FORM));
    now = '2026-11-26T13:05:00Z';
    state.apply(parseRecordingMetadata(DRAFT_FORM.replace(/<participant id="urn:uuid:b"[\s\S]*?<\/participant>/, '')));
    expect(state.participants().find((p) => p.number === '08001234')?.leftAt?.toISOString()).toBe('2026-11-26T13:05:00.000Z');
    expect(state.senderOf('11')).toBeUndefined();
    expect(state.senderOf('10')?.number).toBe('2002');
  });
});
