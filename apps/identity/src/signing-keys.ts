import { createHash, generateKeyPair, type JsonWebKey, type KeyObject } from 'node:crypto';
import { readSecretJson, writeSecretJson } from './secure-file.ts';

/** A private RSA signing key as a JWK, with its key ID, algorithm and use. */
export type PrivateSigningJwk = JsonWebKey & { kid: string; alg: 'RS256'; use: 'sig' };

/** A public RSA verification key as published in the JWKS. */
export interface PublicSigningJwk {
  kty: 'RSA';
  kid: string;
  alg: 'RS256';
  use: 'sig';
  n: string;
  e: string;
}

/** A signing key and its life: published as next, active (signing), then retired. */
export interface SigningKeyRecord {
  kid: string;
  jwk: PrivateSigningJwk;
  /** Milliseconds since the Unix epoch. */
  createdAt: number;
  /** When the key started signing; null while it is published as the next key. */
  activatedAt: number | null;
  /** When a newer key replaced it; the key stays published for `retainMs` after this. */
  retiredAt: number | null;
}

/** Schedule of key rotation, in milliseconds. */
export interface KeyRotationOptions {
  /** How long a key signs before the next key replaces it. */
  intervalMs: number;
  /**
   * How long a retired key stays in the JWKS. It must cover the longest life of a token the key
   * signed (access and ID tokens live 15 minutes) plus clock skew.
   */
  retainMs: number;
}

/** Default schedule: a new signing key every 24 hours, old keys published one hour longer. */
export const DEFAULT_KEY_ROTATION: KeyRotationOptions = {
  intervalMs: 24 * 3_600_000,
  retainMs: 3_600_000,
};

interface KeyFile {
  version: 1;
  keys: SigningKeyRecord[];
}

/**
 * The provider's RS256 keys, kept in a JSON file (mode 0600) so a restart keeps them. One key
 * signs. The next key is published before it signs, so verifiers that cache the JWKS know it in
 * advance. Retired keys stay published until the tokens they signed have expired.
 */
export class SigningKeys {
  private constructor(
    private readonly path: string,
    private readonly rotation: KeyRotationOptions,
    private keys: SigningKeyRecord[],
  ) {}

  /**
   * Loads the keys from `path` (creating them when the file is missing), rotates when the
   * active key is older than the interval, drops expired retired keys and writes the file.
   * Raises when `retainMs` is shorter than `minRetainMs`.
   */
  static async open(
    path: string,
    rotation: KeyRotationOptions,
    minRetainMs: number,
    nowMs: number,
  ): Promise<SigningKeys> {
    if (!(rotation.retainMs >= minRetainMs)) {
      throw new Error(
        `keyRotation.retainMs must be at least ${minRetainMs} ms (the longest token life), ` +
          `not ${rotation.retainMs}`,
      );
    }
    if (!(rotation.intervalMs > 0)) {
      throw new Error(`keyRotation.intervalMs must be positive, not ${rotation.intervalMs}`);
    }
    const file = await readSecretJson<KeyFile>(path);
    if (file && (file.version !== 1 || !Array.isArray(file.keys))) {
      throw new Error(`${path} has an unknown format; delete it to create new keys`);
    }
    const keys = new SigningKeys(path, rotation, file?.keys ?? []);
    if (!keys.keys.some((key) => key.activatedAt !== null && key.retiredAt === null)) {
      keys.keys.push({ ...(await createKey(nowMs)), activatedAt: nowMs });
    }
    if (nowMs >= keys.nextRotationAt()) {
      await keys.rotate(nowMs);
    } else {
      await keys.completeAndSave(nowMs);
    }
    return keys;
  }

  /** The key that signs new tokens. */
  get active(): SigningKeyRecord {
    const active = this.keys.find((key) => key.activatedAt !== null && key.retiredAt === null);
    if (!active) throw new Error('no active signing key');
    return active;
  }

  /** When the active key is due to be replaced, in milliseconds since the Unix epoch. */
  nextRotationAt(): number {
    return (this.active.activatedAt ?? 0) + this.rotation.intervalMs;
  }

  /**
   * Replaces the active key with the published next key, publishes a new next key, drops
   * retired keys older than `retainMs` and writes the file.
   */
  async rotate(nowMs: number): Promise<void> {
    const previous = this.active;
    let next = this.keys.find((key) => key.activatedAt === null);
    if (!next) {
      next = await createKey(nowMs);
      this.keys.push(next);
    }
    previous.retiredAt = nowMs;
    next.activatedAt = nowMs;
    await this.completeAndSave(nowMs);
  }

  /** Private keys for the provider, the active key first (the provider signs with the first). */
  providerJwks(): { keys: PrivateSigningJwk[] } {
    return { keys: this.ordered().map((key) => ({ ...key.jwk })) };
  }

  /** Public keys as the provider publishes them at its `jwks_uri`. */
  publicJwks(): { keys: PublicSigningJwk[] } {
    return { keys: this.ordered().map((key) => publicJwk(key.jwk)) };
  }

  private ordered(): SigningKeyRecord[] {
    const active = this.active;
    const others = this.keys
      .filter((key) => key !== active)
      .sort((a, b) => (b.activatedAt ?? Infinity) - (a.activatedAt ?? Infinity));
    return [active, ...others];
  }

  private async completeAndSave(nowMs: number): Promise<void> {
    this.keys = this.keys.filter(
      (key) => key.retiredAt === null || nowMs < key.retiredAt + this.rotation.retainMs,
    );
    if (!this.keys.some((key) => key.activatedAt === null)) {
      this.keys.push(await createKey(nowMs));
    }
    const file: KeyFile = { version: 1, keys: this.keys };
    await writeSecretJson(this.path, file);
  }
}

/** Computes the RFC 7638 JWK thumbprint of an RSA key (SHA-256, base64url), used as its `kid`. */
export function rsaThumbprint(jwk: { e?: string; n?: string }): string {
  const canonical = JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n });
  return createHash('sha256').update(canonical).digest('base64url');
}

async function createKey(nowMs: number): Promise<SigningKeyRecord> {
  const { privateKey } = await new Promise<{ privateKey: KeyObject }>((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: 2048 }, (error, _publicKey, privateKey) =>
      error ? reject(error) : resolve({ privateKey }),
    ),
  );
  const exported = privateKey.export({ format: 'jwk' });
  const kid = rsaThumbprint(exported);
  return {
    kid,
    jwk: { ...exported, kid, alg: 'RS256', use: 'sig' },
    createdAt: nowMs,
    activatedAt: null,
    retiredAt: null,
  };
}

function publicJwk(jwk: PrivateSigningJwk): PublicSigningJwk {
  if (typeof jwk.n !== 'string' || typeof jwk.e !== 'string') {
    throw new Error(`signing key ${jwk.kid} is not an RSA key`);
  }
  return { kty: 'RSA', kid: jwk.kid, alg: 'RS256', use: 'sig', n: jwk.n, e: jwk.e };
}
