import type { NodeLogger } from '../log.js';
import type { SipEndpoint } from '../sip/endpoint.js';
import type { Registration } from '../sip/registration.js';
import type { NodeConfig } from './call-application.js';

type Trunk = NodeConfig['sip']['trunk'];

/**
 * Keeps the optional registration toward the PBX in line with the site's settings: started,
 * replaced when the settings change, removed when turned off.
 */
export class TrunkRegistration {
  #current: { key: string; registration: Registration } | null = null;

  constructor(private readonly sip: SipEndpoint, private readonly log: NodeLogger) {}

  /** Unregisters and waits for the registrar's answer, so it goes out before the sockets close. */
  async stop(): Promise<void> {
    const current = this.#current;
    this.#current = null;
    await current?.registration.unregister().catch(() => {});
  }

  apply(trunk: Trunk): void {
    const wanted = trunk?.register ? trunk : null;
    const key = wanted ? JSON.stringify(wanted) : '';
    if ((this.#current?.key ?? '') === key) return;
    if (this.#current) void this.#current.registration.unregister().catch(() => {});
    this.#current = null;
    if (!wanted) return;
    const registration = this.sip.register({ registrar: wanted.registrar, user: wanted.username, password: wanted.password, expiresSeconds: wanted.expiresSeconds });
    registration.on('state', (state: string, detail: { status?: number }) => {
      const level = state === 'failed' ? 'warn' : 'info';
      this.log[level]('trunk registration', { state, status: detail.status, registrar: wanted.registrar });
    });
    this.#current = { key, registration };
  }
}
