import {
  InMemoryWebStorage,
  UserManager,
  WebStorageStateStore,
  type INavigator,
  type User,
} from 'oidc-client-ts';

import type { AuthConfig } from '../api/types.ts';

/** Path of the sign-in callback; the identity provider redirects here with the code. */
export const CALLBACK_PATH = '/auth/callback';

/** Opens a URL in this tab (sign-in and sign-out leave the app). */
export type Navigate = (url: string) => void;

/** The signed-in user's tokens and claims, as oidc-client-ts keeps them. */
export type OidcUser = User;

/** Sign-in with an OpenID Connect provider; see `createOidcSession`. */
export interface OidcSession {
  /** Goes to the provider's sign-in page (authorization code flow with PKCE S256). */
  signIn(): Promise<void>;
  /** Completes the sign-in from the callback URL; rejects when the provider reported an error. */
  completeSignIn(url: string): Promise<OidcUser>;
  /** Returns the signed-in user, or null. */
  getUser(): Promise<OidcUser | null>;
  /** Returns a current access token, renewing an expired one first, or null when signed out. */
  getAccessToken(): Promise<string | null>;
  /** Forgets the tokens and goes to the provider's sign-out (end-session) page. */
  signOut(): Promise<void>;
  /** Calls `listener` when the tokens are dropped (sign-out, or a renewal that failed). */
  onSignedOut(listener: () => void): () => void;
  /** Starts renewing the access token with the refresh token shortly before it expires. */
  startRenewal(): void;
  /** Stops the renewal timer. */
  stopRenewal(): void;
}

/**
 * Creates the dashboard's OpenID Connect session. Tokens live in memory only, never in
 * localStorage or sessionStorage, so they end with the page. The short-lived sign-in state
 * (PKCE verifier, state, nonce) is kept in sessionStorage so it survives the redirect. While
 * renewal runs, access tokens are renewed with the refresh token before they expire.
 * `navigate` replaces the browser navigation (tests).
 */
export function createOidcSession(
  config: AuthConfig & { issuer: string },
  origin: string,
  navigate?: Navigate,
): OidcSession {
  const manager = new UserManager(
    {
      authority: config.issuer,
      client_id: config.clientId,
      redirect_uri: `${origin}${CALLBACK_PATH}`,
      post_logout_redirect_uri: `${origin}/`,
      response_type: 'code',
      scope: config.scope,
      // Auth0 issues a JWT access token for an API only when the request names its audience;
      // other providers ignore the parameter.
      extraQueryParams: { audience: config.audience },
      userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
      stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
      // Renewal is started and stopped by the component that owns the session.
      automaticSilentRenew: false,
      loadUserInfo: false,
      monitorSession: false,
    },
    navigate ? navigatorFor(navigate) : undefined,
  );

  return {
    // The nonce binds the ID token to this sign-in (OpenID Connect Core 1.0, section 3.1.2.1).
    signIn: () => manager.signinRedirect({ nonce: crypto.randomUUID() }),
    completeSignIn: (url) => manager.signinRedirectCallback(url),
    getUser: () => manager.getUser(),
    async getAccessToken() {
      const user = await manager.getUser();
      if (user === null) {
        return null;
      }
      if (!user.expired) {
        return user.access_token;
      }
      const renewed = await manager.signinSilent().catch(() => null);
      if (renewed === null) {
        await manager.removeUser();
        return null;
      }
      return renewed.access_token;
    },
    signOut: () => manager.signoutRedirect(),
    onSignedOut: (listener) => manager.events.addUserUnloaded(listener),
    startRenewal: () => manager.startSilentRenew(),
    stopRenewal: () => manager.stopSilentRenew(),
  };
}

function navigatorFor(navigate: Navigate): INavigator {
  return {
    prepare: async () => ({
      navigate: async ({ url }) => {
        navigate(url);
        return { url };
      },
      close: () => {},
    }),
    callback: async () => {},
  };
}
