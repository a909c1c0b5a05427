import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { jwtVerify, SignJWT } from 'jose';
import type pg from 'pg';
import {
  findNightscoutCredential,
  readNightscoutSigningKey,
  type NightscoutCredential,
} from '@phoenix/db';
import { NightscoutError, unauthorized } from './nightscout-auth-errors.ts';
import { permits } from './nightscout-auth-permissions.ts';
import { FailedAuthThrottle, sleep } from './nightscout-auth-throttle.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The Authorization header of a Nightscout request, kept apart from the API's sign-in. */
    nightscoutAuthorization: string | null;
  }
}

/** Path prefix of the Nightscout sites: `/ns/{siteKey}/api/…`. */
export const NIGHTSCOUT_PATH_PREFIX = '/ns/';

/** Lifetime of the JWTs handed to API v3 clients, in seconds: one hour. */
export const NIGHTSCOUT_JWT_LIFETIME_SECONDS = 3600;

/**
 * Takes the Authorization header (and the development login and bridge headers) off every
 * request under `/ns/`, keeping the header in `request.nightscoutAuthorization`, because
 * Nightscout clients send their own bearer tokens there, which the API's sign-in would reject.
 * Must be installed before the API's authentication hooks, which run in the order added.
 */
export function installNightscoutHeaderCapture(app: FastifyInstance): void {
  app.decorateRequest('nightscoutAuthorization', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith(NIGHTSCOUT_PATH_PREFIX)) return;
    const authorization = request.headers.authorization;
    request.nightscoutAuthorization = typeof authorization === 'string' ? authorization : null;
    delete request.headers.authorization;
    delete request.headers['x-dev-user'];
    delete request.headers['x-bridge-id'];
  });
}

/** A credential as a client presented it. */
export type PresentedCredential =
  | { form: 'jwt'; value: string }
  /** Lowercase hex SHA-1 or SHA-512 of a secret or token; a raw token is hashed to this. */
  | { form: 'digest'; hex: string }
  | { form: 'malformed' };

const JWT_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const HEX_DIGEST_PATTERN = /^([0-9a-f]{40}|[0-9a-f]{128})$/;
/** Access tokens as Nightscout writes them: a name, a dash and 16 hex digits. */
export const ACCESS_TOKEN_PATTERN = /^[a-z0-9]{1,40}-[0-9a-f]{16}$/;

/**
 * Classify a credential text: a JWT, a SHA-1 (40 hex digits) or SHA-512 (128) digest, compared
 * without case, or a raw access token, which is replaced by its SHA-1.
 */
export function classifyCredential(text: string): PresentedCredential {
  const trimmed = text.trim();
  if (JWT_PATTERN.test(trimmed)) return { form: 'jwt', value: trimmed };
  const lower = trimmed.toLowerCase();
  if (HEX_DIGEST_PATTERN.test(lower)) return { form: 'digest', hex: lower };
  if (ACCESS_TOKEN_PATTERN.test(lower)) return { form: 'digest', hex: sha1Hex(lower) };
  return { form: 'malformed' };
}

/** Lowercase hex SHA-1 of a text, as clients send secrets and tokens. */
export function sha1Hex(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex');
}

/** Lowercase hex SHA-512 of a text. */
export function sha512Hex(text: string): string {
  return createHash('sha512').update(text, 'utf8').digest('hex');
}

/** Compute the digest stored for a hex text a client sends: SHA-256 of that text (32 bytes). */
export function storedDigest(hex: string): Buffer {
  return createHash('sha256').update(hex.toLowerCase(), 'utf8').digest();
}

/**
 * Return the credential of a request, from the first place that has one: `Authorization: Bearer`,
 * the `token` query parameter, the `api-secret` header, the `secret` query parameter, or a
 * `secret` member of a JSON body. With `bearerJwtOnly` (API v3) only a bearer JWT counts.
 * Returns null when the request carries none.
 */
export function presentedCredential(
  request: FastifyRequest,
  bearerJwtOnly: boolean,
): PresentedCredential | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.nightscoutAuthorization ?? '')?.[1];
  if (bearerJwtOnly) {
    if (bearer === undefined) return null;
    const credential = classifyCredential(bearer);
    return credential.form === 'jwt' ? credential : { form: 'malformed' };
  }
  const query = request.query as Record<string, unknown>;
  const body = request.body as Record<string, unknown> | undefined;
  const candidates = [
    bearer,
    query['token'],
    request.headers['api-secret'],
    query['secret'],
    typeof body === 'object' && body !== null && !Array.isArray(body) ? body['secret'] : undefined,
  ];
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    return typeof candidate === 'string' ? classifyCredential(candidate) : { form: 'malformed' };
  }
  return null;
}

/** An authenticated Nightscout request: the credential and how it was presented. */
export interface NightscoutAuth {
  credential: NightscoutCredential;
  via: 'digest' | 'jwt';
}

/** Response of `GET /api/v2/authorization/request/{token}`, in Nightscout's shape. */
export interface NightscoutJwtGrant {
  token: string;
  sub: string;
  permissionGroups: string[][];
  iat: number;
  exp: number;
}

/**
 * Checks Nightscout credentials against a site and issues API v3 JWTs (HS256, signed with the
 * deployment's key from the database, which is cached in memory and never logged).
 */
export class NightscoutAuthenticator {
  private signingKey: Promise<Uint8Array> | null = null;

  constructor(
    private readonly pool: pg.Pool,
    readonly throttle: FailedAuthThrottle = new FailedAuthThrottle(),
    private readonly jwtLifetimeSeconds = NIGHTSCOUT_JWT_LIFETIME_SECONDS,
  ) {}

  /**
   * Authenticate a request against the site. Waits first when the address failed recently.
   * Raises a 401 NightscoutError when the credential is missing, malformed, wrong, expired or
   * revoked, and counts every case but a missing credential as a failed attempt.
   */
  async authenticate(
    request: FastifyRequest,
    siteKey: string,
    bearerJwtOnly: boolean,
  ): Promise<NightscoutAuth> {
    await this.waitForAddress(request.ip);
    const presented = presentedCredential(request, bearerJwtOnly);
    if (presented === null) {
      throw unauthorized(
        bearerJwtOnly
          ? 'API v3 needs Authorization: Bearer <JWT> from /api/v2/authorization/request/<token>'
          : 'send the API secret as its SHA-1 in the api-secret header, or an access token',
      );
    }
    const credential = await this.lookUp(siteKey, presented);
    if (!credential) return this.fail(request, 'invalid or revoked credentials for this site');
    return { credential, via: presented.form === 'jwt' ? 'jwt' : 'digest' };
  }

  /**
   * Exchange an access token (raw or as its SHA-1) of the site for a JWT. The API secret is
   * not accepted here, as in Nightscout. Raises a 401 NightscoutError otherwise.
   */
  async issueJwt(
    request: FastifyRequest,
    siteKey: string,
    tokenText: string,
  ): Promise<NightscoutJwtGrant> {
    await this.waitForAddress(request.ip);
    const presented = classifyCredential(tokenText);
    const credential = presented.form === 'digest' ? await this.lookUp(siteKey, presented) : null;
    if (!credential || credential.kind !== 'token') {
      return this.fail(request, 'invalid or revoked access token for this site');
    }
    const iat = Math.floor(Date.now() / 1000);
    const exp = iat + this.jwtLifetimeSeconds;
    const token = await new SignJWT({ site: siteKey })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(credential.credentialId)
      .setAudience(audienceOf(siteKey))
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(await this.key());
    return {
      token,
      sub: credential.name,
      permissionGroups: [credential.permissions],
      iat,
      exp,
    };
  }

  private async lookUp(
    siteKey: string,
    presented: PresentedCredential,
  ): Promise<NightscoutCredential | null> {
    if (presented.form === 'malformed') return null;
    if (presented.form === 'digest') {
      return findNightscoutCredential(this.pool, siteKey, { digest: storedDigest(presented.hex) });
    }
    let subject: string | undefined;
    try {
      const verified = await jwtVerify(presented.value, await this.key(), {
        algorithms: ['HS256'],
        audience: audienceOf(siteKey),
      });
      subject = verified.payload.sub;
    } catch {
      return null;
    }
    if (!subject || !/^[0-9a-f-]{36}$/.test(subject)) return null;
    return findNightscoutCredential(this.pool, siteKey, { credentialId: subject });
  }

  private async waitForAddress(address: string): Promise<void> {
    const verdict = this.throttle.check(address);
    if (verdict.lockedOutForMs !== null) {
      const seconds = Math.max(1, Math.ceil(verdict.lockedOutForMs / 1000));
      throw unauthorized(`too many failed attempts from this address; retry in ${seconds} s`, {
        'retry-after': String(seconds),
      });
    }
    await sleep(verdict.delayMs);
  }

  private async fail(request: FastifyRequest, description: string): Promise<never> {
    const delayMs = this.throttle.recordFailure(request.ip);
    request.log.info({ delayMs }, 'Nightscout credentials rejected');
    await sleep(delayMs);
    throw unauthorized(description);
  }

  private key(): Promise<Uint8Array> {
    this.signingKey ??= readNightscoutSigningKey(this.pool).then(
      (key) => new Uint8Array(key),
      (error: unknown) => {
        this.signingKey = null;
        throw error;
      },
    );
    return this.signingKey;
  }
}

function audienceOf(siteKey: string): string {
  return `nightscout:${siteKey}`;
}

/**
 * Raise unless the credential has `permission`: 403 for API v3, and 401 for API v1, which is
 * the status Nightscout uses there.
 */
export function requirePermission(auth: NightscoutAuth, permission: string, apiVersion: 1 | 3) {
  if (permits(auth.credential.permissions, permission)) return;
  if (apiVersion === 3) throw new NightscoutError(403, `Missing permission ${permission}`);
  throw unauthorized(`this credential lacks the permission ${permission}`);
}
