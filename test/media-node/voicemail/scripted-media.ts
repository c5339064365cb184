/**
 * A CallMedia for driving whole voicemail menus: every frame the node sends is labelled (a prompt
 * id, a message's audio id, or 'tone' for the beep), and a script plays the caller, reacting to
 * what it hears: "when X is played, press 1234#" or "after the beep, speak 2 s and press #".
 * Sends complete one macrotask later, so a digit pressed on hearing a prompt barges into it.
 */
import type { CallMedia, DtmfDigit, DtmfEvent, SendResult } from '../../../media-node/media/call-media.js';
import type { PromptLanguage } from '../../../media-node/prompts/languages.js';
import type { PromptLibrary } from '../../../media-node/prompts/library.js';

/** One reaction of the caller, taken in order: the next step waits for its `when` label. */
export interface Step {
  when: string;
  /** Digits pressed while `when` plays (or, with `speakFrames`, after speaking). */
  press?: string;
  /** Loud 20 ms frames said after `when` finished (a recording's beep). */
  speakFrames?: number;
  /** The caller hangs up instead. */
  hangup?: boolean;
}

/** What the caller says: frames that read back as this label. */
export const SPEECH = 'speech';

/** Constant-valued frames mark their source: a value maps back to a label. */
export class Labels {
  private readonly byValue = new Map<number, string>();
  private readonly byLabel = new Map<string, number>();
  private next = 1;

  constructor() {
    // Loud enough not to count as silence (the recorders' threshold is a mean of 200).
    this.byLabel.set(SPEECH, 5000);
    this.byValue.set(5000, SPEECH);
  }

  value(label: string): number {
    let value = this.byLabel.get(label);
    if (value === undefined) {
      value = this.next++;
      this.byLabel.set(label, value);
      this.byValue.set(value, label);
    }
    return value;
  }

  /** One 20 ms frame (or `frames` of them) that will read back as `label`. */
  pcm(label: string, frames = 1): Int16Array {
    return new Int16Array(160 * frames).fill(this.value(label));
  }

  of(frame: Int16Array): string {
    const first = frame[0] ?? 0;
    if (!frame.every((s) => s === first)) return 'tone';
    return this.byValue.get(first) ?? `unknown:${first}`;
  }
}

/** Every prompt exists and is one labelled frame; the languages asked for are kept. */
export class LabelledPrompts implements PromptLibrary {
  readonly languages: string[] = [];
  constructor(private readonly labels: Labels) {}
  async get(id: string, language: PromptLanguage): Promise<Int16Array | null> {
    this.languages.push(`${language}/${id}`);
    return this.labels.pcm(id);
  }
}

interface Pending {
  resolve: (result: SendResult) => void;
  done: boolean;
}

export class ScriptedMedia implements CallMedia {
  /** Labels in the order they were sent; a run of frames with one label counts once per send. */
  readonly played: string[] = [];
  closed = false;
  private readonly pending = new Set<Pending>();
  private readonly audioListeners = new Set<(frame: Int16Array) => void>();
  private readonly dtmfListeners = new Set<(event: DtmfEvent) => void>();
  private lastActivity = Date.now();
  private readonly idleTimer: NodeJS.Timeout;

  /**
   * `onIdle` runs (once) when nothing was sent for `idleMs`: the script is over and the node is
   * waiting for a key the caller will never press, so the caller hangs up.
   */
  constructor(private readonly labels: Labels, private readonly steps: Step[], private readonly onHangup: () => void, idleMs = 400) {
    this.idleTimer = setInterval(() => {
      if (!this.closed && Date.now() - this.lastActivity > idleMs) this.hangUp();
    }, 25);
  }

  send(frames: Iterable<Int16Array>, signal?: AbortSignal): Promise<SendResult> {
    if (this.closed) return Promise.resolve('closed');
    if (signal?.aborted) return Promise.resolve('cleared');
    this.lastActivity = Date.now();
    const labels: string[] = [];
    for (const frame of frames) {
      const label = this.labels.of(frame);
      if (labels.at(-1) !== label) labels.push(label);
    }
    this.played.push(...labels);
    return new Promise((resolve) => {
      const entry: Pending = { resolve, done: false };
      const settle = (result: SendResult) => {
        if (entry.done) return;
        entry.done = true;
        this.pending.delete(entry);
        resolve(result);
      };
      entry.resolve = settle;
      this.pending.add(entry);
      signal?.addEventListener('abort', () => settle('cleared'), { once: true });
      setImmediate(() => {
        const after = this.react(labels);
        settle('sent');
        if (after) setImmediate(after);
      });
    });
  }

  /** Runs the steps this send's labels trigger; returns what happens once the send completed. */
  private react(labels: string[]): (() => void) | undefined {
    let after: (() => void) | undefined;
    for (const label of labels) {
      const step = this.steps[0];
      if (!step || step.when !== label) continue;
      this.steps.shift();
      if (step.hangup) {
        this.hangUp();
        return undefined;
      }
      if (step.speakFrames !== undefined) {
        const frames = step.speakFrames;
        after = () => {
          for (let i = 0; i < frames; i++) this.pushAudio(this.labels.pcm(SPEECH));
          this.press(step.press ?? '');
        };
      } else this.press(step.press ?? '');
    }
    return after;
  }

  press(digits: string): void {
    for (const digit of digits) {
      this.lastActivity = Date.now();
      for (const listener of [...this.dtmfListeners]) listener({ digit: digit as DtmfDigit, source: 'rfc4733', at: 0 });
    }
  }

  pushAudio(frame: Int16Array): void {
    for (const listener of [...this.audioListeners]) listener(frame);
  }

  clearOutput(): void {
    for (const entry of [...this.pending]) entry.resolve('cleared');
  }

  async sendDtmf(): Promise<void> {}

  onAudio(listener: (frame: Int16Array) => void): () => void {
    this.audioListeners.add(listener);
    return () => this.audioListeners.delete(listener);
  }

  onDtmf(listener: (event: DtmfEvent) => void): () => void {
    this.dtmfListeners.add(listener);
    return () => this.dtmfListeners.delete(listener);
  }

  injectDtmf(digit: DtmfDigit, source: DtmfEvent['source']): void {
    for (const listener of [...this.dtmfListeners]) listener({ digit, source, at: 0 });
  }

  /** Steps the script did not reach (a test that expects them all taken checks this is empty). */
  get unusedSteps(): Step[] {
    return [...this.steps];
  }

  hangUp(): void {
    if (this.closed) return;
    this.close();
    this.onHangup();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.idleTimer);
    for (const entry of [...this.pending]) entry.resolve('closed');
  }
}
