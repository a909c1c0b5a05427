import Provider, {
  errors,
  interactionPolicy,
  type ClientInfo,
  type ProviderContext,
  type TokenInfo,
} from 'oidc-provider';
import { MemoryAdapter, type AdapterStorage } from './memory-adapter.ts';
import { logoutPage, messagePage } from './pages.ts';
import { requiresSecondFactor } from './sign-in-checks.ts';
import type { SigningKeys } from './signing-keys.ts';
import type { UserStore } from './user-store.ts';

/** Life of access tokens and ID tokens, in seconds (15 minutes). */
export const TOKEN_TTL_SECONDS = 15 * 60;

/** Life of a provider session and of the refresh tokens bound to it, in seconds (12 hours). */
export const SESSION_TTL_SECONDS = 12 * 3600;

/** Path of the dashboard's sign-in callback on each dashboard origin. */
export const CALLBACK_PATH = '/auth/callback';

/** Everything a provider instance is built from; the same values across key rotations. */
export interface ProviderSettings {
  issuer: string;
  clientId: string;
  /** Origins the dashboard is served from; each gets the callback and sign-out redirect. */
  dashboardOrigins: string[];
  audience: string;
  rolesClaim: string;
  cookieKeys: string[];
  users: UserStore;
  storage: AdapterStorage;
}

/**
 * Builds an `oidc-provider` instance that signs with the active key of `keys`. It serves one
 * public client (the dashboard) with the authorization code flow, PKCE S256 and refresh
 * tokens, and issues RS256 JWT access tokens for the single resource `settings.audience`.
 */
export function buildProvider(settings: ProviderSettings, keys: SigningKeys): Provider {
  const provider = new Provider(settings.issuer, {
    clients: [dashboardClient(settings)],
    adapter: (name: string) => new MemoryAdapter(name, settings.storage),
    jwks: keys.providerJwks(),
    cookies: {
      keys: settings.cookieKeys,
      // Lax, not the default None: the flows here are top-level navigations, and None needs
      // Secure, which plain-HTTP local runs cannot set.
      long: { signed: true, httpOnly: true, sameSite: 'lax' },
      short: { signed: true, httpOnly: true, sameSite: 'lax' },
    },
    claims: {
      openid: ['sub', 'amr'],
      profile: ['name', 'preferred_username', settings.rolesClaim],
    },
    conformIdTokenClaims: false,
    scopes: ['openid', 'offline_access', 'profile'],
    responseTypes: ['code'],
    pkce: { methods: ['S256'], required: () => true },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: ProviderContext, form: string) => {
          ctx.type = 'html';
          ctx.body = logoutPage(form);
        },
        postLogoutSuccessSource: async (ctx: ProviderContext) => {
          ctx.type = 'html';
          ctx.body = messagePage('Signed out', 'You are signed out of Phoenix Ascend.');
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => settings.audience,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: ProviderContext, indicator: string) => {
          if (indicator !== settings.audience) {
            throw new errors.InvalidTarget(`unknown resource ${indicator}`);
          }
          return {
            scope: '',
            audience: settings.audience,
            accessTokenFormat: 'jwt',
            accessTokenTTL: TOKEN_TTL_SECONDS,
            jwt: { sign: { alg: 'RS256', kid: keys.active.kid } },
          };
        },
      },
    },
    enabledJWA: {
      idTokenSigningAlgValues: ['RS256'],
      userinfoSigningAlgValues: ['RS256'],
      introspectionSigningAlgValues: ['RS256'],
      authorizationSigningAlgValues: ['RS256'],
      requestObjectSigningAlgValues: ['RS256'],
      clientAuthSigningAlgValues: ['RS256'],
    },
    ttl: {
      AccessToken: TOKEN_TTL_SECONDS,
      IdToken: TOKEN_TTL_SECONDS,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: SESSION_TTL_SECONDS,
      Grant: SESSION_TTL_SECONDS,
      RefreshToken: SESSION_TTL_SECONDS,
    },
    // Refresh tokens without the offline_access scope expire with the provider session, so
    // signing out at the provider ends every refresh token of that session.
    issueRefreshToken: async (_ctx: ProviderContext, client: ClientInfo) =>
      client.grantTypeAllowed('refresh_token'),
    findAccount: async (_ctx: ProviderContext, sub: string) => findAccount(settings, sub),
    extraTokenClaims: async (_ctx: ProviderContext, token: TokenInfo) => {
      if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
      const user = settings.users.findById(token.accountId);
      return user ? { [settings.rolesClaim]: [user.role] } : undefined;
    },
    interactions: {
      url: async (_ctx: ProviderContext, interaction: { uid: string }) =>
        `/interaction/${interaction.uid}`,
      policy: interactionPolicyWithSecondFactor(settings.users),
    },
    clientBasedCORS: (_ctx: ProviderContext, origin: string) =>
      settings.dashboardOrigins.includes(origin),
    renderError: async (
      ctx: ProviderContext,
      out: { error?: string; error_description?: string },
    ) => {
      ctx.type = 'html';
      ctx.body = messagePage(
        'Sign-in failed',
        `${out.error ?? 'error'}: ${out.error_description ?? 'the request could not be completed'}. Return to the dashboard and sign in again.`,
      );
    },
  });
  return provider;
}

function dashboardClient(settings: ProviderSettings) {
  return {
    client_id: settings.clientId,
    client_name: 'Phoenix Ascend dashboard',
    application_type: 'web',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: settings.dashboardOrigins.map((origin) => `${origin}${CALLBACK_PATH}`),
    post_logout_redirect_uris: settings.dashboardOrigins.map((origin) => `${origin}/`),
    id_token_signed_response_alg: 'RS256',
  };
}

function findAccount(settings: ProviderSettings, sub: string) {
  const user = settings.users.findById(sub);
  if (!user) return undefined;
  return {
    accountId: user.id,
    claims: async () => ({
      sub: user.id,
      name: user.displayName,
      preferred_username: user.username,
      [settings.rolesClaim]: [user.role],
    }),
  };
}

/**
 * The default login and consent prompts, with one more login check: a session of a user who
 * needs a second factor, but whose sign-in did not include one (`amr` lacks `otp`), must sign
 * in again. The interaction pages only finish such a login after a TOTP code, so this check is
 * a second line that also covers a role changed to clinician or admin during a session.
 */
function interactionPolicyWithSecondFactor(users: UserStore) {
  const policy = interactionPolicy.base();
  const login = policy.get('login');
  if (!login) throw new Error('oidc-provider has no login prompt');
  login.checks.add(
    new interactionPolicy.Check(
      'second_factor_required',
      'the account requires a second factor',
      'login_required',
      (ctx) => {
        const accountId = ctx.oidc.session?.accountId;
        if (!accountId) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
        const user = users.findById(accountId);
        if (!user) return interactionPolicy.Check.REQUEST_PROMPT;
        const amr = ctx.oidc.session?.amr ?? [];
        return requiresSecondFactor(user) && !amr.includes('otp')
          ? interactionPolicy.Check.REQUEST_PROMPT
          : interactionPolicy.Check.NO_NEED_TO_PROMPT;
      },
    ),
  );
  return policy;
}
