/** The calls in progress on this node, for the heartbeat, graceful shutdown and logs. */
export interface ActiveCall {
  id: string;
  app: string;
  startedAt: number;
  hangup(): Promise<void>;
}

export class ActiveCalls {
  readonly #calls = new Map<string, ActiveCall>();
  readonly #idle = new Set<() => void>();

  add(call: ActiveCall): () => void {
    this.#calls.set(call.id, call);
    return () => {
      this.#calls.delete(call.id);
      if (this.#calls.size === 0) for (const done of this.#idle) done();
    };
  }

  /** Resolves when the last call's application finished (its audio is in the spool), or after the limit. */
  drained(limitMs: number): Promise<void> {
    if (this.#calls.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.#idle.delete(finish);
        resolve();
      };
      const timer = setTimeout(finish, limitMs);
      this.#idle.add(finish);
    });
  }

  get count(): number {
    return this.#calls.size;
  }

  list(): ActiveCall[] {
    return [...this.#calls.values()];
  }

  /** Ends every call (at shutdown), so recordings finish into the spool before the process exits. */
  async hangupAll(): Promise<void> {
    await Promise.allSettled(this.list().map((c) => c.hangup()));
  }
}
