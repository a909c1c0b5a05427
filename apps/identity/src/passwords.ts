import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt cost for new hashes: N = 2^15, r = 8, p = 1, which needs 32 MiB of memory per hash and
 * is the interactive-login setting of the scrypt paper (Percival 2009, "Stronger key derivation
 * via sequential memory-hard functions"). Stored hashes carry their own parameters, so this can
 * be raised later without breaking old ones.
 */
const COST = { logN: 15, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;
const MAX_LOG_N = 20;

function derive(password: string, salt: Buffer, logN: number, r: number, p: number) {
  const N = 2 ** logN;
  // scrypt needs 128 · N · r bytes; Node.js rejects more than maxmem (32 MiB by default).
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Hashes a password with scrypt and a random salt, as `scrypt$logN$r$p$salt$hash` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, COST.logN, COST.r, COST.p);
  return [
    'scrypt',
    COST.logN,
    COST.r,
    COST.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ]
    .map(String)
    .join('$');
}

/**
 * Checks a password against a hash from `hashPassword` in constant time. Returns false for a
 * wrong password; raises when the stored hash is malformed.
 */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const [scheme, logNText, rText, pText, saltText, keyText] = encoded.split('$');
  const logN = Number(logNText);
  const r = Number(rText);
  const p = Number(pText);
  if (
    scheme !== 'scrypt' ||
    !Number.isInteger(logN) ||
    logN < 1 ||
    logN > MAX_LOG_N ||
    !Number.isInteger(r) ||
    !Number.isInteger(p) ||
    saltText === undefined ||
    keyText === undefined
  ) {
    throw new Error('stored password hash is malformed; reset the password');
  }
  const expected = Buffer.from(keyText, 'base64url');
  const actual = await derive(password, Buffer.from(saltText, 'base64url'), logN, r, p);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

let decoyHash: Promise<string> | null = null;

/**
 * Spends the time of one password check for a username that does not exist, so response times
 * do not reveal which usernames are registered.
 */
export async function verifyDecoyPassword(password: string): Promise<void> {
  decoyHash ??= hashPassword(randomBytes(16).toString('base64url'));
  await verifyPassword(password, await decoyHash);
}
