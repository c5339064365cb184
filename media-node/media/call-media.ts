/**
 * The audio side of one call as the IVR and the applications see it: decoded 20 ms frames in,
 * frames out paced by the RTP sender, and DTMF from whichever source the caller uses
 * (RFC 4733 events, SIP INFO or in-band tones), already de-duplicated.
 */
export type DtmfDigit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D';

export interface DtmfEvent {
  digit: DtmfDigit;
  source: 'rfc4733' | 'info' | 'inband';
  /** Milliseconds since the call's media started, for ordering against audio. */
  at: number;
}

export type SendResult = 'sent' | 'cleared' | 'closed';

export interface CallMedia {
  /**
   * Queues 160-sample frames for sending, one every 20 ms. Resolves when the last of them left,
   * or early with 'cleared' when `clearOutput` ran or `signal` aborted, or 'closed' when the call ended.
   */
  send(frames: Iterable<Int16Array>, signal?: AbortSignal): Promise<SendResult>;
  /** Drops everything still queued (barge-in); pending `send` promises resolve 'cleared'. */
  clearOutput(): void;
  /** Sends one digit out of band (RFC 4733 when negotiated, else in-band tones). */
  sendDtmf(digit: DtmfDigit, durationMs?: number): Promise<void>;
  /** Every received 20 ms frame, decoded, in order after the jitter buffer. Returns an unsubscribe. */
  onAudio(listener: (frame: Int16Array) => void): () => void;
  onDtmf(listener: (event: DtmfEvent) => void): () => void;
  /** Injects a digit that came by signalling (SIP INFO); listeners get it like any other. */
  injectDtmf(digit: DtmfDigit, source: DtmfEvent['source']): void;
  /** True once the call's media ended; sends resolve 'closed' from then on. */
  readonly closed: boolean;
}
