import { FRAME_SAMPLES } from '../audio/pcm.js';
import type { SendResult } from '../media/call-media.js';

interface Job {
  iterator: Iterator<Int16Array>;
  upcoming: Int16Array | undefined;
  resolve: (result: SendResult) => void;
  reject: (err: unknown) => void;
  detach: () => void;
}

/** Frames must be exactly one packet long; anything else is cut or padded with silence. */
function toFrame(frame: Int16Array): Int16Array {
  if (frame.length === FRAME_SAMPLES) return frame;
  const out = new Int16Array(FRAME_SAMPLES);
  out.set(frame.subarray(0, FRAME_SAMPLES));
  return out;
}

/**
 * Send jobs in order, drained one frame per tick. Each job looks one frame ahead so its promise can
 * resolve on the tick its last frame leaves, not a tick later.
 */
export class OutputQueue {
  private jobs: Job[] = [];
  private ended: SendResult | undefined;

  get idle(): boolean {
    return this.jobs.length === 0;
  }

  enqueue(frames: Iterable<Int16Array>, signal?: AbortSignal): Promise<SendResult> {
    if (this.ended === 'closed') return Promise.resolve('closed');
    if (signal?.aborted) return Promise.resolve('cleared');
    return new Promise<SendResult>((resolve, reject) => {
      const iterator = frames[Symbol.iterator]();
      const onAbort = () => this.finish(job, 'cleared');
      const job: Job = { iterator, upcoming: undefined, resolve, reject, detach: () => signal?.removeEventListener('abort', onAbort) };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.jobs.push(job);
      this.advance(job);
    });
  }

  /** The frame for this tick, or undefined when nothing is queued. */
  next(): Int16Array | undefined {
    const job = this.jobs[0];
    if (!job) return undefined;
    const frame = job.upcoming!;
    this.advance(job);
    return frame;
  }

  clear(result: SendResult = 'cleared'): void {
    for (const job of [...this.jobs]) this.finish(job, result);
  }

  close(): void {
    this.ended = 'closed';
    this.clear('closed');
  }

  private advance(job: Job): void {
    let step: IteratorResult<Int16Array>;
    try {
      step = job.iterator.next();
    } catch (err) {
      this.remove(job);
      job.reject(err);
      return;
    }
    if (step.done) this.finish(job, 'sent');
    else job.upcoming = toFrame(step.value);
  }

  private finish(job: Job, result: SendResult): void {
    if (!this.remove(job)) return;
    if (result !== 'sent') job.iterator.return?.();
    job.resolve(result);
  }

  private remove(job: Job): boolean {
    const at = this.jobs.indexOf(job);
    if (at < 0) return false;
    this.jobs.splice(at, 1);
    job.detach();
    return true;
  }
}
