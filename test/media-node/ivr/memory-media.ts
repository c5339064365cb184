/**
 * An in-memory CallMedia for IVR tests: the test decides when 20 ms pass (`tick`), what the caller
 * says (`pushAudio`) and types (`pressDigit`), and reads back every frame the IVR sent.
 */
import type { CallMedia, DtmfDigit, DtmfEvent, SendResult } from '../../../media-node/media/call-media.js';

interface Pending {
  frames: Int16Array[];
  resolve: (result: SendResult) => void;
}

export class MemoryMedia implements CallMedia {
  readonly sent: Int16Array[] = [];
  readonly sentDtmf: DtmfDigit[] = [];
  clearCount = 0;
  closed = false;
  private queue: Pending[] = [];
  private readonly audioListeners = new Set<(frame: Int16Array) => void>();
  private packetsIn = 0;
  private readonly dtmfListeners = new Set<(event: DtmfEvent) => void>();
  private now = 0;

  send(frames: Iterable<Int16Array>, signal?: AbortSignal): Promise<SendResult> {
    if (this.closed) return Promise.resolve('closed');
    if (signal?.aborted) return Promise.resolve('cleared');
    return new Promise((resolve) => {
      const pending: Pending = { frames: [...frames], resolve };
      if (pending.frames.length === 0) return resolve('sent');
      this.queue.push(pending);
      signal?.addEventListener('abort', () => this.drop(pending, 'cleared'), { once: true });
    });
  }

  clearOutput(): void {
    this.clearCount++;
    for (const pending of [...this.queue]) this.drop(pending, 'cleared');
  }

  async sendDtmf(digit: DtmfDigit): Promise<void> {
    this.sentDtmf.push(digit);
  }

  onAudio(listener: (frame: Int16Array) => void): () => void {
    this.audioListeners.add(listener);
    return () => this.audioListeners.delete(listener);
  }

  onDtmf(listener: (event: DtmfEvent) => void): () => void {
    this.dtmfListeners.add(listener);
    return () => this.dtmfListeners.delete(listener);
  }

  injectDtmf(digit: DtmfDigit, source: DtmfEvent['source']): void {
    for (const listener of [...this.dtmfListeners]) listener({ digit, source, at: this.now });
  }

  pressDigit(digit: DtmfDigit): void {
    this.injectDtmf(digit, 'rfc4733');
  }

  /** Frames pushed stand for received packets, as a real session counts them. */
  stats(): { packetsIn: number } {
    return { packetsIn: this.packetsIn };
  }

  pushAudio(frame: Int16Array): void {
    this.packetsIn++;
    for (const listener of [...this.audioListeners]) listener(frame);
  }

  /** Frames still waiting to be sent. */
  get queued(): number {
    return this.queue.reduce((n, p) => n + p.frames.length, 0);
  }

  /** Lets `count` frame periods pass: one queued frame leaves per period. */
  tick(count = 1): void {
    for (let i = 0; i < count; i++) {
      this.now += 20;
      const head = this.queue[0];
      if (!head) continue;
      const frame = head.frames.shift();
      if (frame) this.sent.push(frame);
      if (head.frames.length === 0) {
        this.queue.shift();
        head.resolve('sent');
      }
    }
  }

  /** Ends the media: pending and later sends resolve 'closed'. */
  close(): void {
    this.closed = true;
    for (const pending of [...this.queue]) this.drop(pending, 'closed');
  }

  private drop(pending: Pending, result: SendResult): void {
    const index = this.queue.indexOf(pending);
    if (index < 0) return;
    this.queue.splice(index, 1);
    pending.resolve(result);
  }
}
