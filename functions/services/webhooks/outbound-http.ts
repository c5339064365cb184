/** A POST to a customer's URL (webhooks), through the runtime's guarded HTTP client. */
export interface OutboundRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Loopback, private and link-local targets are refused unless the operator allowed them. */
  allowPrivate: boolean;
}

export interface OutboundResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The first bytes of the body as text, for the delivery log. */
  bodyExcerpt: string;
}

/** Why a request never got an HTTP answer. */
export class OutboundError extends Error {
  override readonly name = 'OutboundError';
  constructor(
    message: string,
    readonly code: 'ADDRESS_REFUSED' | 'TIMEOUT' | 'NETWORK' | 'BAD_URL',
  ) {
    super(message);
  }
}

/**
 * Sends one request and never follows redirects (a 3xx is an answer like any other). Rejects with
 * OutboundError when no answer came.
 */
export type OutboundHttp = (request: OutboundRequest) => Promise<OutboundResponse>;
