import { describe, expect, it } from 'vitest';
import { participantsOf, shouldDiscard } from '../../../media-node/recorder/recording-rules.js';

const ext = (number: string) => ({ number, internal: true });
const outside = (number: string) => ({ number, internal: false });
const rules = (over: Partial<Parameters<typeof shouldDiscard>[0]> = {}) => ({ minDurationMs: 0, excludedExtensions: [] as string[], discardIfAnyExcluded: false, ...over });

describe('shouldDiscard', () => {
  it('keeps any call when no rule is set', () => {
    expect(shouldDiscard(rules(), { durationMs: 0, participants: [ext('2001'), outside('+5511')] })).toBeNull();
  });

  it('discards a call shorter than the minimum duration', () => {
    expect(shouldDiscard(rules({ minDurationMs: 10_000 }), { durationMs: 9_999, participants: [ext('2001')] })).toBe('too-short');
  });

  it('keeps a call exactly as long as the minimum duration', () => {
    expect(shouldDiscard(rules({ minDurationMs: 10_000 }), { durationMs: 10_000, participants: [ext('2001')] })).toBeNull();
  });

  it('names the duration first when a call is both too short and excluded', () => {
    expect(shouldDiscard(rules({ minDurationMs: 5000, excludedExtensions: ['2001'] }), { durationMs: 100, participants: [ext('2001')] })).toBe('too-short');
  });

  it('without "any excluded", discards when every internal participant is excluded', () => {
    const call = { durationMs: 60_000, participants: [ext('2001'), ext('2002'), outside('+551130001000')] };
    expect(shouldDiscard(rules({ excludedExtensions: ['2001', '2002'] }), call)).toBe('excluded');
  });

  it('without "any excluded", keeps a call where one internal participant is not excluded', () => {
    const call = { durationMs: 60_000, participants: [ext('2001'), ext('2002')] };
    expect(shouldDiscard(rules({ excludedExtensions: ['2001'] }), call)).toBeNull();
  });

  it('with "any excluded", discards a call with one excluded participant among others', () => {
    const call = { durationMs: 60_000, participants: [ext('2001'), ext('2002')] };
    expect(shouldDiscard(rules({ excludedExtensions: ['2001'], discardIfAnyExcluded: true }), call)).toBe('excluded');
  });

  it('with "any excluded", keeps a call with no excluded participant', () => {
    const call = { durationMs: 60_000, participants: [ext('2003'), outside('2001x')] };
    expect(shouldDiscard(rules({ excludedExtensions: ['2001'], discardIfAnyExcluded: true }), call)).toBeNull();
  });

  it('never discards by exclusion a call without internal participants', () => {
    const call = { durationMs: 60_000, participants: [outside('+551130001000'), outside('+551130002000')] };
    expect(shouldDiscard(rules({ excludedExtensions: ['2001'] }), call)).toBeNull();
    expect(shouldDiscard(rules({ excludedExtensions: ['2001'], discardIfAnyExcluded: true }), call)).toBeNull();
  });

  it('never discards by exclusion a call without any participant', () => {
    expect(shouldDiscard(rules({ excludedExtensions: ['2001'] }), { durationMs: 60_000, participants: [] })).toBeNull();
  });
});

describe('participantsOf', () => {
  it('marks the site extensions internal, drops blanks and repeats', () => {
    const config = { extensions: [{ number: '2001', name: 'Ana' }] };
    expect(participantsOf(['2001', ' ', '+551130001000', '2001'], config)).toEqual([ext('2001'), outside('+551130001000')]);
  });
});
