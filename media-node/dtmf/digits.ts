import type { DtmfDigit } from '../media/call-media.js';

/** RFC 4733 §3.2 event codes 0–15, in code order. */
export const DTMF_EVENT_DIGITS: readonly DtmfDigit[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#', 'A', 'B', 'C', 'D'];

export const DTMF_ROWS = [697, 770, 852, 941] as const;
export const DTMF_COLUMNS = [1209, 1336, 1477, 1633] as const;

/** The keypad as [row][column]. */
export const DTMF_KEYPAD: readonly (readonly DtmfDigit[])[] = [
  ['1', '2', '3', 'A'],
  ['4', '5', '6', 'B'],
  ['7', '8', '9', 'C'],
  ['*', '0', '#', 'D'],
];

export function dtmfEventCode(digit: DtmfDigit): number {
  return DTMF_EVENT_DIGITS.indexOf(digit);
}

export function dtmfFrequencies(digit: DtmfDigit): [low: number, high: number] {
  for (let r = 0; r < 4; r++) {
    const c = DTMF_KEYPAD[r]!.indexOf(digit);
    if (c >= 0) return [DTMF_ROWS[r]!, DTMF_COLUMNS[c]!];
  }
  throw new InvalidDtmfDigit(digit);
}

export class InvalidDtmfDigit extends Error {
  readonly code = 'INVALID_DTMF_DIGIT';
  constructor(digit: string) {
    super(`not a DTMF digit: ${JSON.stringify(digit)}`);
    this.name = 'InvalidDtmfDigit';
  }
}

export function isDtmfDigit(value: string): value is DtmfDigit {
  return (DTMF_EVENT_DIGITS as readonly string[]).includes(value);
}
