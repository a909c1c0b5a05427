import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type Provider from 'oidc-provider';
import { handleInteraction, type IdentityLogger, type InteractionContext } from './interactions.ts';
import { AdapterStorage } from './memory-adapter.ts';
import { PAGE_STYLE_SOURCE } from './pages.ts';
import { buildProvider, TOKEN_TTL_SECONDS, type ProviderSettings } from './provider-config.ts';
import { RateLimiter } from './rate-limiter.ts';
import { readSecretJson, writeSecretJson } from './secure-file.ts';
import { SignInChecks } from './sign-in-checks.ts';
import {
  DEFAULT_KEY_ROTATION,
  SigningKeys,
  type KeyRotationOptions,
  type PublicSigningJwk,
} from './signing-keys.ts';
import { UserStore, type DemoLogin, type IdentityUserSeed, type Role } from './user-store.ts';

/** Default client ID of the dashboard. */
export const DASHBOARD_CLIENT_ID = 'phoenix-dashboard';

/** Default audience (resource indicator) of the API's access tokens; RFC 8707 needs a URI. */
export const API_AUDIENCE = 'urn:phoenix-ascend:api';

/** Default claim that carries the user's roles in access and ID tokens. */
export const ROLES_CLAIM = 'https://phoenix-ascend.org/roles';

/** Options of `startIdentityProvider`. */
export interface IdentityProviderOptions {
  /** Address to listen on; 127.0.0.1 by default. */
  host?: string;
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /**
   * Public URL of the provider as browsers reach it, without a trailing slash. Defaults to
   * `http://<host>:<port>`; set it when the host is 0.0.0.0 or a proxy sits in front.
   */
  issuer?: string;
  /** Origins (scheme, host, port) that serve the dashboard; they get the sign-in callback. */
  dashboardOrigins: string[];
  /** Users created when `<dataDir>/users.json` does not exist yet. */
  users: IdentityUserSeed[];
  /** Folder for users, signing keys and cookie keys (created with mode 0700). */
  dataDir: string;
  keyRotation?: Partial<KeyRotationOptions>;
  clientId?: string;
  audience?: string;
  rolesClaim?: string;
  /**
   * Whether a TLS-terminating proxy sits in front, so X-Forwarded-Proto marks requests as
   * secure (for secure cookies). The sign-in rate limit still counts the proxy's address.
   */
  proxy?: boolean;
  /** Sign-in form posts allowed per client address and window; 20 per minute by default. */
  loginRateLimit?: { limit: number; windowMs: number };
  /** Clock in milliseconds since the Unix epoch, for key rotation and lockout (tests). */
  now?: () => number;
  /** Logger of starts, stops, key rotations and sign-in failures; silent when unset. */
  logger?: IdentityLogger;
}

/** A running identity provider. */
export interface IdentityProvider {
  issuer: string;
  port: number;
  clientId: string;
  audience: string;
  rolesClaim: string;
  /** Generated passwords of the seeded users (empty when every seed had a password). */
  demoLogins: DemoLogin[];
  /**
   * Adds a login for a database user with a generated initial password, stored as an scrypt
   * hash. Returns the password, which the provider keeps nowhere in plain text. Raises
   * LoginConflictError when the user ID or the username is taken.
   */
  createLogin(user: Omit<IdentityUserSeed, 'password'>): Promise<{ password: string }>;
  /** Whether a login with this username (case-insensitive) exists. */
  hasUsername(username: string): boolean;
  /**
   * Sets the role that the tokens of this user name from now on. When the role changed, it
   * also ends the user's sessions, grants and refresh tokens, so the next sign-in shows the
   * password page (and the TOTP step that the new role may need). Returns false when the user
   * has no login here.
   */
  setRole(userId: string, role: Role): Promise<boolean>;
  /** The public keys the provider publishes now, the signing key first. */
  jwks(): { keys: PublicSigningJwk[] };
  /** ID of the key that signs new tokens. */
  activeKeyId(): string;
  /** Rotates the signing key now (the schedule does this on its own). */
  rotateKeys(): Promise<void>;
  /** Stops the server and the rotation timer. */
  stop(): Promise<void>;
}

const SILENT_LOGGER: IdentityLogger = { info() {}, warn() {}, error() {} };
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Starts the local OpenID Connect provider: authorization code flow with PKCE for the
 * dashboard, RS256 JWT access tokens of at most 15 minutes for `audience`, refresh tokens,
 * a sign-in page with lockout, and TOTP required for clinicians and admins. Signing keys,
 * users and cookie keys live in `dataDir` (mode 0600) so a restart keeps them.
 */
export async function startIdentityProvider(
  options: IdentityProviderOptions,
): Promise<IdentityProvider> {
  const now = options.now ?? Date.now;
  const log = options.logger ?? SILENT_LOGGER;
  const rotation: KeyRotationOptions = { ...DEFAULT_KEY_ROTATION, ...options.keyRotation };
  const keys = await SigningKeys.open(
    join(options.dataDir, 'signing-keys.json'),
    rotation,
    TOKEN_TTL_SECONDS * 1000,
    now(),
  );
  const { store, demoLogins } = await UserStore.open(
    join(options.dataDir, 'users.json'),
    join(options.dataDir, 'demo-logins.json'),
    options.users,
  );
  const cookieKeys = await loadCookieKeys(join(options.dataDir, 'cookie-keys.json'));
  const storage = new AdapterStorage();
  const host = options.host ?? '127.0.0.1';

  let current:
    { provider: Provider; handle: (req: IncomingMessage, res: ServerResponse) => void } | undefined;
  const limit = options.loginRateLimit ?? { limit: 20, windowMs: 60_000 };
  const context: InteractionContext = {
    provider: () => {
      if (!current) throw new Error('the identity provider is not built yet');
      return current.provider;
    },
    checks: new SignInChecks(store, now),
    limiter: new RateLimiter(limit.limit, limit.windowMs, now),
    now,
    log,
    pending: new Map(),
  };

  const server = createServer((req, res) => {
    setSecurityHeaders(res, options.dashboardOrigins);
    if (!current) {
      // The server listens before the provider exists, because the issuer needs the port.
      res.statusCode = 503;
      res.setHeader('retry-after', '1');
      res.end();
      return;
    }
    if ((req.url ?? '').startsWith('/interaction/')) {
      handleInteraction(req, res, context).catch((error: unknown) => {
        log.error({ err: error }, 'sign-in page failed');
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
      return;
    }
    current.handle(req, res);
  });
  const port = await listen(server, host, options.port);
  const issuer = options.issuer ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const settings: ProviderSettings = {
    issuer,
    clientId: options.clientId ?? DASHBOARD_CLIENT_ID,
    dashboardOrigins: options.dashboardOrigins,
    audience: options.audience ?? API_AUDIENCE,
    rolesClaim: options.rolesClaim ?? ROLES_CLAIM,
    cookieKeys,
    users: store,
    storage,
  };
  const rebuild = () => {
    const provider = buildProvider(settings, keys);
    provider.proxy = options.proxy ?? false;
    provider.on('server_error', (_ctx, error) =>
      log.error({ err: error }, 'provider request failed'),
    );
    current = { provider, handle: provider.callback() };
  };
  rebuild();

  let timer: NodeJS.Timeout | undefined;
  const rotateKeys = async () => {
    const retired = keys.active.kid;
    await keys.rotate(now());
    rebuild();
    log.info({ activeKid: keys.active.kid, retiredKid: retired }, 'signing key rotated');
  };
  const schedule = () => {
    const delay = Math.min(Math.max(keys.nextRotationAt() - now(), 1000), MAX_TIMER_MS);
    timer = setTimeout(() => {
      const due = now() >= keys.nextRotationAt();
      (due ? rotateKeys() : Promise.resolve())
        .catch((error: unknown) => log.error({ err: error }, 'signing key rotation failed'))
        .finally(schedule);
    }, delay);
    timer.unref();
  };
  schedule();
  const sweeper = setInterval(() => storage.sweep(Date.now()), 5 * 60_000);
  sweeper.unref();

  log.info({ issuer, activeKid: keys.active.kid }, 'identity provider started');
  return {
    issuer,
    port,
    clientId: settings.clientId,
    audience: settings.audience,
    rolesClaim: settings.rolesClaim,
    demoLogins,
    createLogin: async (user) => {
      const password = generatePassword();
      await store.add(user, password);
      log.info({ userId: user.id, role: user.role }, 'login created');
      return { password };
    },
    hasUsername: (username) => store.findByUsername(username) !== null,
    setRole: async (userId, role) => {
      const user = store.findById(userId);
      if (!user) return false;
      if (user.role === role) return true;
      const previousRole = user.role;
      await store.update(user.id, (stored) => {
        stored.role = role;
      });
      const revoked = storage.revokeAccount(user.id);
      log.info({ userId: user.id, previousRole, role, revoked }, 'login role changed');
      return true;
    },
    jwks: () => keys.publicJwks(),
    activeKeyId: () => keys.active.kid,
    rotateKeys,
    stop: async () => {
      clearTimeout(timer);
      clearInterval(sweeper);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      log.info({ issuer }, 'identity provider stopped');
    },
  };
}

/**
 * Sets the headers of every response: a CSP that allows only the pages' own stylesheet and
 * forms posting to the provider, which then redirects to a dashboard origin (Chrome checks
 * form-action on those redirects too), and no framing.
 */
function setSecurityHeaders(res: ServerResponse, dashboardOrigins: string[]): void {
  const csp = [
    "default-src 'none'",
    `style-src ${PAGE_STYLE_SOURCE}`,
    // oidc-provider adds the hash of its automatic form submission script to this list.
    "script-src 'self'",
    `form-action 'self' ${dashboardOrigins.join(' ')}`.trim(),
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
  res.setHeader('content-security-policy', csp);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
}

/** A generated password of 16 random bytes (128 bits), base64url-encoded to 22 characters. */
function generatePassword(): string {
  return randomBytes(16).toString('base64url');
}

async function loadCookieKeys(path: string): Promise<string[]> {
  const existing = await readSecretJson<string[]>(path);
  if (Array.isArray(existing) && existing.length > 0) return existing;
  const keys = [randomBytes(32).toString('base64url')];
  await writeSecretJson(path, keys);
  return keys;
}

function listen(server: ReturnType<typeof createServer>, host: string, port: number) {
  return new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
