export type PromptResult = 'played' | 'stopped';

interface Prompt {
  iterator: Iterator<Int16Array>;
  resolve: (result: PromptResult) => void;
  except: string | undefined;
}

/**
 * Tones and announcements waiting to be mixed into what someone hears, one 20 ms frame per tick,
 * in order. Frames are pulled lazily so a long announcement costs no memory up front.
 */
export class PromptQueue {
  private prompts: Prompt[] = [];
  private lastExcept: string | undefined;

  get idle(): boolean {
    return this.prompts.length === 0;
  }

  /** `except`: the one listener who must not hear it (the person an entry or exit announcement is about). */
  add(frames: Iterable<Int16Array>, except?: string): Promise<PromptResult> {
    return new Promise((resolve) => this.prompts.push({ iterator: frames[Symbol.iterator](), resolve, except }));
  }

  /** Who is left out of the frame `next()` returned last. */
  get except(): string | undefined {
    return this.lastExcept;
  }

  /** This tick's frame, or undefined when nothing plays; a prompt resolves once its last frame is taken. */
  next(): Int16Array | undefined {
    while (this.prompts.length > 0) {
      const head = this.prompts[0]!;
      let step: IteratorResult<Int16Array>;
      try {
        step = head.iterator.next();
      } catch {
        // A broken prompt source is skipped: the room must keep talking.
        step = { done: true, value: undefined };
      }
      if (!step.done) {
        this.lastExcept = head.except;
        return step.value;
      }
      this.prompts.shift();
      head.resolve('played');
    }
    this.lastExcept = undefined;
    return undefined;
  }

  /** Drops every waiting prompt; their promises resolve 'stopped'. */
  clear(): void {
    const prompts = this.prompts;
    this.prompts = [];
    for (const p of prompts) {
      p.iterator.return?.();
      p.resolve('stopped');
    }
  }
}
