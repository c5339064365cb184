const FRAME = 160;

/**
 * Pairs the two sides of a recorded call into stereo frames. Both streams play out on the node's
 * media clock, but within a tick either may come first, and a side that sends nothing (a muted
 * phone, a gap) delivers no frame at all. Frames wait for their partner; once one side is more
 * than `slackFrames` ahead, the other is taken as silent, so the channels never drift apart by
 * more than that and a one-sided call is still written in real time.
 */
export class StereoPairer {
  private readonly queues: [Int16Array[], Int16Array[]] = [[], []];

  constructor(
    private readonly write: (left: Int16Array, right: Int16Array) => void,
    private readonly slackFrames = 5,
  ) {}

  push(channel: 0 | 1, frame: Int16Array): void {
    const mine = this.queues[channel];
    const other = this.queues[channel === 0 ? 1 : 0];
    mine.push(frame.slice());
    while (mine.length && other.length) this.emit(channel, mine.shift() as Int16Array, other.shift() as Int16Array);
    while (mine.length > this.slackFrames) this.emit(channel, mine.shift() as Int16Array, new Int16Array(FRAME));
  }

  /** Writes what is still waiting, the missing side as silence. */
  flush(): void {
    for (const channel of [0, 1] as const) {
      const queue = this.queues[channel];
      while (queue.length) this.emit(channel, queue.shift() as Int16Array, new Int16Array(FRAME));
    }
  }

  private emit(channel: 0 | 1, mine: Int16Array, other: Int16Array): void {
    if (channel === 0) this.write(mine, other);
    else this.write(other, mine);
  }
}
