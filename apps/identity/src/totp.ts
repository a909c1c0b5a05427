import { generateSecret, generateURI, verify } from 'otplib';

/** Issuer name shown by authenticator apps next to the account. */
export const TOTP_ISSUER = 'Phoenix Ascend';

/** Seconds of clock difference accepted between the server and the authenticator: one step. */
const TOLERANCE_SECONDS = 30;

const CODE_PATTERN = /^[0-9]{6}$/;

/** Creates a new random TOTP secret: 20 bytes (160 bits, the RFC 4226 recommendation), Base32. */
export function createTotpSecret(): string {
  return generateSecret();
}

/** Builds the `otpauth://totp/…` URI that authenticator apps import (as text or QR code). */
export function totpUri(secret: string, username: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: username, secret });
}

/**
 * Checks a six-digit TOTP code (RFC 6238: SHA-1, 30-second steps) at `nowMs`, accepting the
 * previous and next step for clock drift. Codes of `afterTimeStep` or earlier are rejected, so
 * an accepted code cannot be replayed. Returns the matched time step, or null.
 */
export async function verifyTotpCode(
  secret: string,
  code: string,
  afterTimeStep: number | null,
  nowMs: number,
): Promise<number | null> {
  const token = code.replace(/\s/g, '');
  if (!CODE_PATTERN.test(token)) return null;
  const result = await verify({
    secret,
    token,
    epoch: Math.floor(nowMs / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    ...(afterTimeStep === null ? {} : { afterTimeStep }),
  });
  // The result type also covers HOTP, whose results have no time step.
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}
