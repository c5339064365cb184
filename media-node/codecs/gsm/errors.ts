/** Raised for input that is not a GSM 06.10 stream (or a PCM frame of the wrong size). */
export class GsmFormatError extends Error {
  readonly code = 'GSM_FORMAT' as const;

  constructor(message: string) {
    super(message);
    this.name = 'GsmFormatError';
  }
}
