import type { NodeConfig } from './call-application.js';
import { addressAllowed } from './address-match.js';

/**
 * Who may call the node: the site's PBX addresses without a password; anyone else only with the
 * site's inbound digest credentials, and nobody when none are set.
 */
export function sipTrust(config: () => NodeConfig) {
  return {
    realm: () => `ramal-${config().site.id.slice(0, 8)}`,
    isTrusted: (source: { address: string }) => addressAllowed(source.address, config().sip.allowedAddresses),
    passwordFor: (username: string) => {
      const inbound = config().sip.inbound;
      return inbound && inbound.username === username ? inbound.password : undefined;
    },
  };
}
