import { EventEmitter } from 'node:events';
import { newCallId, newTag } from './build.js';
import { authorize } from './digest.js';
import { parseNameAddr } from './headers.js';
import { header, headerValues, type SipResponse } from './message.js';
import { requestOnce, type SipStack } from './stack.js';
import type { SipSource } from './transport.js';

export type RegistrationState = 'registering' | 'registered' | 'failed' | 'unregistered';

export interface RegisterOptions {
  registrar: string;
  user: string;
  password: string;
  expiresSeconds?: number;
  /** First retry delay after a failure; doubles up to five minutes. */
  retryBaseMs?: number;
}

const MAX_RETRY_MS = 5 * 60_000;

/**
 * Keeps one binding at a registrar alive (RFC 3261 §10): refreshes well before expiry, retries with
 * exponential backoff after failures, and emits 'state' on every change.
 */
export class Registration extends EventEmitter {
  state: RegistrationState = 'registering';
  /** Seconds the registrar granted on the last success. */
  grantedSeconds: number | undefined;
  private readonly callId = newCallId();
  private readonly tag = newTag();
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private closed = false;

  constructor(private readonly stack: SipStack, private readonly options: RegisterOptions, private readonly destination: SipSource, private readonly aor: string) {
    super();
    void this.attempt();
  }

  private setState(state: RegistrationState, detail?: { status?: number }): void {
    if (this.state === state && state !== 'failed') return;
    this.state = state;
    this.emit('state', state, detail ?? {});
  }

  private async send(expires: number): Promise<SipResponse> {
    let authorization: { name: string; value: string } | undefined;
    for (let round = 0; ; round++) {
      this.seq++;
      const headers = [
        { name: 'From', value: `<${this.aor}>;tag=${this.tag}` },
        { name: 'To', value: `<${this.aor}>` },
        { name: 'Call-ID', value: this.callId },
        { name: 'CSeq', value: `${this.seq} REGISTER` },
        { name: 'Contact', value: this.stack.contact(this.destination.transport, this.options.user) },
        { name: 'Expires', value: String(expires) },
      ];
      if (authorization) headers.push(authorization);
      const response = await requestOnce(this.stack, { kind: 'request', method: 'REGISTER', uri: this.options.registrar, headers, body: Buffer.alloc(0) }, this.destination);
      const challenge = response.status === 401 ? header(response, 'WWW-Authenticate') : response.status === 407 ? header(response, 'Proxy-Authenticate') : undefined;
      const value = challenge === undefined || round > 0 ? undefined : authorize(challenge, { username: this.options.user, password: this.options.password }, 'REGISTER', this.options.registrar);
      if (value === undefined) return response;
      authorization = { name: response.status === 401 ? 'Authorization' : 'Proxy-Authorization', value };
    }
  }

  private async attempt(): Promise<void> {
    if (this.closed) return;
    const asked = this.options.expiresSeconds ?? 3600;
    const response = await this.send(asked);
    if (this.closed) return;
    if (response.status >= 200 && response.status < 300) {
      this.failures = 0;
      this.grantedSeconds = this.granted(response, asked);
      this.setState('registered');
      // Refresh at half the lifetime for short bindings, else a minute before expiry.
      const refresh = this.grantedSeconds <= 120 ? this.grantedSeconds * 500 : (this.grantedSeconds - 60) * 1000;
      this.schedule(refresh);
      return;
    }
    this.failures++;
    this.setState('failed', { status: response.status });
    const base = this.options.retryBaseMs ?? 2000;
    this.schedule(Math.min(base * 2 ** (this.failures - 1), MAX_RETRY_MS));
  }

  private granted(response: SipResponse, asked: number): number {
    for (const contact of headerValues(response, 'Contact')) {
      try {
        const expires = parseNameAddr(contact).params.expires;
        if (expires) return Number(expires);
      } catch {
        // An unreadable Contact in the registrar's answer is not worth failing the binding for.
      }
    }
    const expires = Number(header(response, 'Expires'));
    return Number.isFinite(expires) && expires > 0 ? expires : asked;
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.attempt(), Math.max(ms, 1000));
    this.timer.unref();
  }

  /** Removes the binding (Expires: 0) and stops refreshing. */
  async unregister(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    if (this.state === 'registered') await this.send(0);
    this.setState('unregistered');
  }
}
