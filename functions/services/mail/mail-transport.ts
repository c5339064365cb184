/** One message as a transport sends it: addresses resolved, attachments read into memory. */
export interface OutgoingMail {
  /** Ramal's id for the message; transports that support it use it to make retries idempotent. */
  id: string;
  from: string;
  to: string[];
  cc: string[];
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  attachments: { filename: string; contentType: string; content: Uint8Array }[];
}

export interface SentMail {
  /** The provider's id (Resend's id, the SMTP Message-ID), when it gives one. */
  providerMessageId: string | null;
  /** The outbox transport's file name, relative to the outbox folder. */
  outboxFile?: string;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<SentMail>;
}

/** A transport failure the next attempt may not repeat (network, 5xx, 429) or will (bad key, 4xx). */
export class MailSendError extends Error {
  override readonly name = 'MailSendError';
  constructor(
    message: string,
    readonly code: 'TEMPORARY' | 'PERMANENT',
    /** The provider asked to wait this long (Retry-After), in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export interface SmtpSettings {
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'none';
  user: string | null;
  password: string | null;
}

/**
 * The transports only a runtime can provide. Resend needs nothing but fetch and is built by the
 * mail service itself; SMTP needs sockets and the outbox needs a file system (Node only).
 */
export interface MailTransports {
  smtp: ((settings: SmtpSettings) => MailTransport) | null;
  /** Writes .eml files to the local outbox folder; used when an organization has no mail settings. */
  outbox: MailTransport | null;
  /** Reads one outbox file back (for the UI's download); null where there is no outbox. */
  readOutboxFile: ((name: string) => Promise<Uint8Array | null>) | null;
}
