import type { Deps } from './deps.js';
import type { Language, Translate } from './i18n/index.js';
import type { SignedInUser, TokenActor } from './services/auth/actor.js';
import type { Scope } from './services/scope.js';

/** Who is calling: a browser session's user or an API token. */
export interface Auth {
  scope: Scope;
  user: SignedInUser | null;
  token: TokenActor | null;
}

export interface AppEnv {
  /** Runtime bindings/environment (process.env on Node, the Worker env on workerd). */
  Bindings: Record<string, unknown>;
  Variables: {
    deps: Deps;
    requestId: string;
    lang: Language;
    t: Translate;
    auth: Auth | null;
    /** The form token pages embed; checked on every form post. */
    csrfToken: string;
  };
}
