/** Every SIP failure carries a stable `code`, so callers branch on it and never on message text. */
export class SipError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A message that cannot be understood; `status` is what a UAS answers when it can answer at all. */
export class SipParseError extends SipError {
  constructor(message: string, readonly status: number = 400) {
    super('SIP_PARSE', message);
  }
}

/** An outbound call or request ended with a final non-2xx response (or 408 on timeout). */
export class SipCallFailed extends SipError {
  constructor(readonly status: number, readonly reason: string) {
    super('SIP_CALL_FAILED', `call failed: ${status} ${reason}`);
  }
}

/** A transaction got no final response before timer B/F fired. */
export class SipTimeout extends SipError {
  constructor(what: string) {
    super('SIP_TIMEOUT', `${what} timed out`);
  }
}

export class SipTransportError extends SipError {
  constructor(message: string) {
    super('SIP_TRANSPORT', message);
  }
}

/** The call's state does not allow this operation (answering twice, hanging up an ended call). */
export class SipStateError extends SipError {
  constructor(message: string) {
    super('SIP_STATE', message);
  }
}
