const FRAME = 160;
const silence = () => new Int16Array(FRAME);

/**
 * Pairs the two sides of a recorded call into stereo frames by their place in time. A record-only
 * stream plays out one frame per 20 ms of wall-clock time since its start, silence included, and
 * catches up in a burst after the event loop stalled (rtp-session.ts `recordOnly`): the n-th frame
 * of a side belongs n × 20 ms after that side began. Each frame is written at `start + n`; a side
 * with nothing there gives silence. A side that may still bring a place is waited for, up to
 * `slackFrames` ahead, so a burst on one side never shifts the other; a frame whose place was
 * already written (it came later than that) is dropped.
 */
export class StereoPairer {
  private readonly queues: [{ place: number; frame: Int16Array }[], { place: number; frame: Int16Array }[]] = [[], []];
  /** Each side's first place; null until it begins. */
  private readonly starts: [number | null, number | null];
  private readonly pushed: [number, number] = [0, 0];
  private readonly slackFrames: number;
  /** The next place to write. */
  private next = 0;
  /** Frames that came after their place was written. */
  late = 0;

  constructor(
    private readonly write: (left: Int16Array, right: Int16Array) => void,
    options: { slackFrames?: number; starts?: [number | null, number | null] } = {},
  ) {
    this.slackFrames = options.slackFrames ?? 500;
    this.starts = options.starts ? [...options.starts] : [0, 0];
  }

  /** A side that has not begun begins at `place` (frames since the recording's start). */
  begin(channel: 0 | 1, place: number): void {
    if (this.starts[channel] === null) this.starts[channel] = place;
    this.drain();
  }

  push(channel: 0 | 1, frame: Int16Array): void {
    const start = (this.starts[channel] ??= this.next);
    const place = start + this.pushed[channel]++;
    if (place < this.next) this.late++;
    else this.queues[channel].push({ place, frame: frame.slice() });
    this.drain();
  }

  /** Writes what is still waiting, each missing side as silence. */
  flush(): void {
    while (this.queues[0].length || this.queues[1].length) this.emit();
  }

  private drain(): void {
    for (;;) {
      const ready = [this.queues[0][0]?.place === this.next, this.queues[1][0]?.place === this.next];
      if (!ready[0] && !ready[1]) return;
      if (!ready[0] || !ready[1]) {
        const waiting = ready[0] ? 0 : 1;
        const other = waiting === 0 ? 1 : 0;
        const start = this.starts[other];
        // The other side may still bring this place if it has not begun, or has not reached it yet.
        const mayStillCome = start === null || start + this.pushed[other] <= this.next;
        if (mayStillCome && this.queues[waiting].length <= this.slackFrames) return;
      }
      this.emit();
    }
  }

  /** Writes the place `next`: each side's frame if it has one there, else silence. */
  private emit(): void {
    const take = (c: 0 | 1): Int16Array => (this.queues[c][0]?.place === this.next ? (this.queues[c].shift() as { frame: Int16Array }).frame : silence());
    const left = take(0);
    const right = take(1);
    this.next++;
    this.write(left, right);
  }
}
