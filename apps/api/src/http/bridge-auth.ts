import { createPublicKey, hash, verify } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type pg from 'pg';
import {
  BRIDGE_CLOCK_TOLERANCE_MS,
  BRIDGE_HEADERS,
  bridgeSigningMessageForDigest,
} from '@phoenix/domain';
import { findBridgeIdentity, touchBridge, withCaller } from '@phoenix/db';
import { ApiError } from './errors.ts';
import { installJsonBodyParser } from './json-body.ts';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// DER prefix of an SPKI Ed25519 public key; the 32 raw key bytes follow it.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Wrap a raw 32-byte Ed25519 public key as a Node.js KeyObject. */
export function ed25519PublicKey(raw: Buffer) {
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, raw]),
    format: 'der',
    type: 'spki',
  });
}

/**
 * Authenticate requests signed by a paired bridge. A request with `X-Bridge-Id` must carry
 * `X-Bridge-Timestamp` (epoch ms, within five minutes of the server's clock) and
 * `X-Bridge-Signature` (base64 Ed25519 over `bridgeSigningMessage`); the signature is checked
 * against the bridge's registered key after the body is read and before any handler runs,
 * so nothing is stored for a request that fails. The caller is then the bridge itself. It
 * installs the JSON body parser too, which keeps the digest of the body that bridges sign.
 */
export function installBridgeAuth(app: FastifyInstance, pool: pg.Pool): void {
  installJsonBodyParser(app);

  app.addHook('preHandler', async (request) => {
    const bridgeId = request.headers[BRIDGE_HEADERS.id];
    if (bridgeId === undefined) return;
    if (request.caller) {
      throw new ApiError('NOT_AUTHENTICATED', 'send bridge headers or user credentials, not both');
    }
    await authenticateBridge(request, pool, bridgeId);
  });
}

async function authenticateBridge(
  request: FastifyRequest,
  pool: pg.Pool,
  bridgeId: string | string[],
): Promise<void> {
  const timestampText = request.headers[BRIDGE_HEADERS.timestamp];
  const signature = request.headers[BRIDGE_HEADERS.signature];
  if (typeof bridgeId !== 'string' || !UUID_PATTERN.test(bridgeId)) {
    throw new ApiError('NOT_AUTHENTICATED', `${BRIDGE_HEADERS.id} must be a bridge ID (a UUID)`);
  }
  if (typeof timestampText !== 'string' || typeof signature !== 'string') {
    throw new ApiError(
      'NOT_AUTHENTICATED',
      `a bridge request needs ${BRIDGE_HEADERS.timestamp} and ${BRIDGE_HEADERS.signature}`,
    );
  }
  const timestampMs = Number(timestampText);
  if (
    !Number.isInteger(timestampMs) ||
    Math.abs(Date.now() - timestampMs) > BRIDGE_CLOCK_TOLERANCE_MS
  ) {
    throw new ApiError(
      'NOT_AUTHENTICATED',
      `${BRIDGE_HEADERS.timestamp} is missing or more than five minutes off the server's clock; check the bridge's clock`,
    );
  }

  const identity = await findBridgeIdentity(pool, bridgeId.toLowerCase());
  if (!identity || identity.revoked) {
    throw new ApiError('NOT_AUTHENTICATED', 'unknown or revoked bridge; pair it again');
  }
  // A request without a body (a GET) signs the digest of the empty string.
  const message = bridgeSigningMessageForDigest(
    request.method,
    request.url,
    timestampMs,
    request.bodyDigest ?? hash('sha256', '', 'buffer'),
  );
  const valid = verify(
    null,
    message,
    ed25519PublicKey(identity.publicKey),
    Buffer.from(signature, 'base64'),
  );
  if (!valid) {
    request.log.info({ bridgeId }, 'bridge signature rejected');
    throw new ApiError('NOT_AUTHENTICATED', 'bridge signature does not match the request');
  }
  request.caller = { role: 'bridge', userId: bridgeId.toLowerCase() };
  await withCaller(pool, request.caller, (client) => touchBridge(client));
}
