import { networkInterfaces } from 'node:os';
import type { NodeLogger } from '../log.js';
import { StackCore } from './core.js';
import { DigestServer, authorize } from './digest.js';
import { SipParseError } from './errors.js';
import { IncomingRequests } from './incoming.js';
import type { InboundCall, InboundSipCall } from './inbound-call.js';
import { parseMessage, type SipHeader } from './message.js';
import { OutboundSipCall, type InviteOptions, type OutboundCall } from './outbound-call.js';
import { Registration, type RegisterOptions } from './registration.js';
import { newCallId, newTag } from './build.js';
import { requestOnce } from './stack.js';
import { DEFAULT_TIMERS, type SipTimers } from './timers.js';
import { TcpTransport } from './transport-tcp.js';
import type { SipSource } from './transport.js';
import { UdpTransport } from './transport-udp.js';
import { parseUri, uriDestination } from './uri.js';
import type { InboundSubscription, SubscriptionPolicy } from './subscription.js';

export type { SipSource } from './transport.js';

export interface SipEndpointOptions {
  /** Bind address for UDP and TCP, same port for both. */
  host: string;
  /** 0 = ephemeral (tests); `endpoint.port` tells the real one (UDP and TCP share it). */
  port: number;
  /** For Via/Contact when bound to 0.0.0.0. */
  advertisedHost?: string;
  userAgent: string;
  log: NodeLogger;
  /** Callers for which this returns false must pass digest auth (401 + WWW-Authenticate, MD5, qop=auth, nonce with expiry). */
  isTrusted(source: SipSource): boolean;
  realm: string;
  /** undefined → 403 after a failed challenge. */
  passwordFor(username: string): string | undefined;
  /** A new dialog-creating INVITE that passed auth. */
  onInvite(call: InboundCall): void;
  /** SUBSCRIBE for these event packages is served (RFC 6665); without it SUBSCRIBE gets 405. */
  subscriptions?: SubscriptionPolicy;
  /** Retransmission timer bases; RFC 3261 defaults (T1 500 ms, T2 4 s, T4 5 s). */
  timers?: Partial<SipTimers>;
}

export interface RequestOptions {
  method: string;
  target: string;
  headers?: Record<string, string>;
  body?: { contentType: string; content: string };
  credentials?: { username: string; password: string };
}

export interface RequestResult {
  status: number;
  reason: string;
  /** Header values by lower-cased name, list headers split. */
  headers: Record<string, string[]>;
}

function localAddress(host: string): string {
  if (host !== '0.0.0.0' && host !== '::') return host;
  for (const list of Object.values(networkInterfaces())) for (const net of list ?? []) if (net.family === 'IPv4' && !net.internal) return net.address;
  return '127.0.0.1';
}

export class SipEndpoint {
  private readonly calls = new Set<InboundSipCall>();
  private readonly outbound = new Set<OutboundSipCall>();
  private readonly registrations = new Set<Registration>();
  private readonly subscriptions = new Set<InboundSubscription>();
  private incoming!: IncomingRequests;

  private constructor(private readonly options: SipEndpointOptions, private readonly core: StackCore, private udp: UdpTransport, private tcp: TcpTransport) {}

  static async start(options: SipEndpointOptions): Promise<SipEndpoint> {
    const timers = { ...DEFAULT_TIMERS, ...options.timers };
    const host = options.advertisedHost ?? localAddress(options.host);
    let endpoint: SipEndpoint | undefined;
    const core = new StackCore(options.log, timers, options.userAgent, host, () => ({ udp: (endpoint as SipEndpoint).udp, tcp: (endpoint as SipEndpoint).tcp }));
    const onMessage = (data: Buffer, source: SipSource) => endpoint?.receive(data, source);
    // An ephemeral UDP port may be taken on TCP by someone else: try a few until both bind.
    for (let attempt = 0; ; attempt++) {
      const udp = await UdpTransport.bind(options.host, options.port, onMessage, options.log);
      try {
        const tcp = await TcpTransport.listen(options.host, udp.port, onMessage, options.log);
        endpoint = new SipEndpoint(options, core, udp, tcp);
        break;
      } catch (error) {
        await udp.close();
        if (options.port !== 0 || attempt >= 10) throw error;
      }
    }
    core.port = endpoint.port;
    endpoint.incoming = new IncomingRequests(core, {
      isTrusted: options.isTrusted,
      passwordFor: options.passwordFor,
      onInvite: options.onInvite,
      digest: new DigestServer(options.realm),
      calls: endpoint.calls,
      ...(options.subscriptions ? { subscriptions: options.subscriptions, active: endpoint.subscriptions } : {}),
    });
    return endpoint;
  }

  get port(): number {
    return this.udp.port;
  }

  get activeDialogs(): number {
    return this.core.dialogs.size;
  }

  /** Everything from the wire enters here; nothing a peer sends may throw out of it. */
  private receive(data: Buffer, source: SipSource): void {
    try {
      const { message, problem } = parseMessage(data);
      if (message.kind === 'response') this.core.receiveResponse(message);
      else this.incoming.handle(message, source, problem);
    } catch (error) {
      if (error instanceof SipParseError) this.options.log.info('sip message dropped', { source, reason: error.message });
      else this.options.log.error('sip message handling failed', { source, error: (error as Error).stack });
    }
  }

  invite(options: InviteOptions): OutboundCall {
    const destination = uriDestination(parseUri(options.target));
    const call = new OutboundSipCall(this.core, options, destination, this.core.host);
    this.outbound.add(call);
    call.on('ended', () => this.outbound.delete(call));
    return call;
  }

  /** An out-of-dialog request (NOTIFY, MESSAGE, OPTIONS …), with one digest retry when credentials are given. */
  async request(options: RequestOptions): Promise<RequestResult> {
    const destination = uriDestination(parseUri(options.target));
    const callId = newCallId();
    const tag = newTag();
    let authorization: SipHeader | undefined;
    for (let seq = 1; ; seq++) {
      const headers: SipHeader[] = [
        { name: 'From', value: `<sip:ramal@${this.core.host}>;tag=${tag}` },
        { name: 'To', value: `<${options.target}>` },
        { name: 'Call-ID', value: callId },
        { name: 'CSeq', value: `${seq} ${options.method}` },
      ];
      for (const [name, value] of Object.entries(options.headers ?? {})) headers.push({ name, value });
      if (authorization) headers.push(authorization);
      if (options.body) headers.push({ name: 'Content-Type', value: options.body.contentType });
      const body = Buffer.from(options.body?.content ?? '', 'utf8');
      const response = await requestOnce(this.core, { kind: 'request', method: options.method, uri: options.target, headers, body }, destination);
      const challengeName = response.status === 401 ? 'WWW-Authenticate' : response.status === 407 ? 'Proxy-Authenticate' : undefined;
      const challenge = challengeName && response.headers.find((h) => h.name === challengeName)?.value;
      const value = challenge && options.credentials && !authorization ? authorize(challenge, options.credentials, options.method, options.target) : undefined;
      if (value) {
        authorization = { name: response.status === 401 ? 'Authorization' : 'Proxy-Authorization', value };
        continue;
      }
      const result: Record<string, string[]> = {};
      for (const h of response.headers) (result[h.name.toLowerCase()] ??= []).push(h.value);
      return { status: response.status, reason: response.reason, headers: result };
    }
  }

  register(options: RegisterOptions): Registration {
    const registrar = parseUri(options.registrar);
    const aor = `sip:${options.user}@${registrar.host}`;
    const registration = new Registration(this.core, options, uriDestination(registrar), aor);
    this.registrations.add(registration);
    return registration;
  }

  /** Hangs up every call (BYE or CANCEL), removes registrations, ends subscriptions, then closes the sockets. */
  async close(): Promise<void> {
    const pending: Promise<unknown>[] = [];
    for (const call of this.calls) pending.push(call.hangup().catch(() => undefined));
    for (const call of this.outbound) pending.push(call.hangup().catch(() => undefined));
    for (const registration of this.registrations) pending.push(registration.unregister());
    for (const subscription of this.subscriptions) pending.push(subscription.terminate('deactivated'));
    await Promise.race([Promise.all(pending), new Promise((resolve) => setTimeout(resolve, 4 * this.core.timers.T1).unref())]);
    this.core.close();
    await Promise.all([this.udp.close(), this.tcp.close()]);
  }
}
