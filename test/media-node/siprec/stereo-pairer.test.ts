import { describe, expect, it } from 'vitest';
import { StereoPairer } from '../../../media-node/siprec/stereo-pairer.js';

/** A frame whose samples all hold `n`, so a written pair says which frames it holds. */
const frame = (n: number) => new Int16Array(160).fill(n);

function recorder(options?: ConstructorParameters<typeof StereoPairer>[1]) {
  const pairs: [number, number][] = [];
  const pairer = new StereoPairer((l, r) => pairs.push([l[0]!, r[0]!]), options);
  return { pairer, pairs };
}

describe('pairing the two sides of a recorded call by their place in time', () => {
  it('keeps the sides aligned when one catches up in a burst before the other', () => {
    const { pairer, pairs } = recorder();
    for (let n = 1; n <= 3; n++) (pairer.push(0, frame(n)), pairer.push(1, frame(100 + n)));
    // The event loop stalled: 25 frames each, the left side's burst first.
    for (let n = 4; n <= 28; n++) pairer.push(0, frame(n));
    for (let n = 4; n <= 28; n++) pairer.push(1, frame(100 + n));
    expect(pairs).toHaveLength(28);
    expect(pairs.every(([l, r]) => r === l + 100)).toBe(true);
  });

  it('places a side that begins later at its start, silence before it', () => {
    const { pairer, pairs } = recorder({ starts: [0, null], slackFrames: 50 });
    for (let n = 1; n <= 10; n++) pairer.push(0, frame(n));
    pairer.begin(1, 4);
    for (let n = 1; n <= 6; n++) pairer.push(1, frame(100 + n));
    expect(pairs).toEqual([[1, 0], [2, 0], [3, 0], [4, 0], [5, 101], [6, 102], [7, 103], [8, 104], [9, 105], [10, 106]]);
  });

  it('writes one side alone once it is more than the slack ahead of a side that never begins', () => {
    const { pairer, pairs } = recorder({ starts: [0, null], slackFrames: 5 });
    for (let n = 1; n <= 8; n++) pairer.push(0, frame(n));
    expect(pairs).toEqual([[1, 0], [2, 0], [3, 0]]);
    pairer.flush();
    expect(pairs.map(([l]) => l)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('drops a frame whose place was already written, and counts it', () => {
    const { pairer, pairs } = recorder({ starts: [0, null], slackFrames: 2 });
    for (let n = 1; n <= 6; n++) pairer.push(0, frame(n));
    pairer.begin(1, 0);
    pairer.push(1, frame(101));
    expect(pairer.late).toBe(1);
    pairer.flush();
    expect(pairs.map(([, r]) => r)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('flushes what waits at the end, the missing side silent', () => {
    const { pairer, pairs } = recorder();
    pairer.push(0, frame(1));
    pairer.push(0, frame(2));
    pairer.push(1, frame(101));
    pairer.flush();
    expect(pairs).toEqual([[1, 101], [2, 0]]);
  });
});
