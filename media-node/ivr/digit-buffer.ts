import type { CallMedia, DtmfDigit } from '../media/call-media.js';

export type DigitWait = DtmfDigit | 'timeout' | 'aborted';

/**
 * Holds the caller's digits from the moment the session starts, so digits typed during a prompt
 * (barge-in) or between two verbs are not lost: the next gather reads them first.
 */
export class DigitBuffer {
  private readonly queue: DtmfDigit[] = [];
  private readonly listeners = new Set<(digit: DtmfDigit) => void>();
  private readonly unsubscribe: () => void;

  constructor(media: CallMedia) {
    this.unsubscribe = media.onDtmf((event) => {
      this.queue.push(event.digit);
      for (const listener of [...this.listeners]) listener(event.digit);
    });
  }

  get size(): number {
    return this.queue.length;
  }

  /** Removes and returns the oldest buffered digit. */
  take(): DtmfDigit | undefined {
    return this.queue.shift();
  }

  clear(): void {
    this.queue.length = 0;
  }

  /** Called for every digit as it arrives (it is buffered as well). Returns an unsubscribe. */
  onDigit(listener: (digit: DtmfDigit) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Takes the next digit, waiting up to `timeoutMs` for one to arrive. */
  next(timeoutMs: number, signal: AbortSignal): Promise<DigitWait> {
    const ready = this.take();
    if (ready !== undefined) return Promise.resolve(ready);
    if (signal.aborted) return Promise.resolve('aborted');
    return new Promise((resolve) => {
      const finish = (result: DigitWait) => {
        clearTimeout(timer);
        off();
        signal.removeEventListener('abort', onAbort);
        resolve(result);
      };
      const onAbort = () => finish('aborted');
      const timer = setTimeout(() => finish('timeout'), timeoutMs);
      const off = this.onDigit(() => {
        const digit = this.take();
        if (digit !== undefined) finish(digit);
      });
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  dispose(): void {
    this.unsubscribe();
    this.listeners.clear();
  }
}
