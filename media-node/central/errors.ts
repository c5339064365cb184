/** Why a call to the central app failed; callers decide by class and `retryable`, never by message. */
export class CentralError extends Error {
  constructor(
    readonly code: 'NETWORK' | 'TIMEOUT' | 'HTTP' | 'BAD_RESPONSE',
    message: string,
    readonly status: number | null = null,
    /** From Retry-After, when the server sent one. */
    readonly retryAfterMs: number | null = null,
    options?: { cause?: unknown; body?: unknown },
  ) {
    super(message, options);
    this.body = options?.body;
  }

  /** The parsed JSON error body, when the server sent one (`{ error: { code, fields? } }` under /api). */
  readonly body: unknown;

  /** Field names the central app's validation error points at (e.g. "files.wav"). */
  get fields(): string[] {
    const fields = (this.body as { error?: { fields?: { field?: unknown }[] } } | undefined)?.error?.fields;
    return Array.isArray(fields) ? fields.flatMap((f) => (typeof f.field === 'string' ? [f.field] : [])) : [];
  }

  /** Network trouble, timeouts, 5xx, 408, 409 and 429 may pass; any other 4xx will fail again. */
  get retryable(): boolean {
    // A garbled reply (a proxy's error page) is not a refusal of our data: try again later.
    if (this.code !== 'HTTP') return true;
    const status = this.status ?? 0;
    return status >= 500 || status === 408 || status === 409 || status === 429;
  }
}

/**
 * True when the central app refused this data itself (a 4xx that will repeat), so the item or event
 * is set aside. 401/403 are not: a revoked or mistyped site token is an operator's fix, after which
 * everything must still upload.
 */
export function refusesData(error: unknown): boolean {
  return error instanceof CentralError && !error.retryable && error.code === 'HTTP' && error.status !== 401 && error.status !== 403;
}

export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Exponential backoff with "equal jitter": half fixed so retries never bunch at zero, half random. */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return ceiling / 2 + random() * (ceiling / 2);
}
