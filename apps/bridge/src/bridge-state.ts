import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BRIDGE_HEADERS, bridgeSigningMessage } from '@phoenix/domain';

/** What a paired bridge keeps on disk: where it uploads, who it is, and its private key. */
export interface BridgeState {
  apiUrl: string;
  bridgeId: string;
  patientId: string;
  /** PKCS #8 PEM of the Ed25519 private key; it never leaves the bridge. */
  privateKeyPem: string;
}

/** Folder of the bridge's state: `--state`, else `$PHOENIX_BRIDGE_STATE`, else ~/.phoenix-bridge. */
export function stateDirectory(flag?: string): string {
  return flag ?? process.env.PHOENIX_BRIDGE_STATE ?? join(homedir(), '.phoenix-bridge');
}

/** Generate a new Ed25519 key pair; returns the private key and the raw 32-byte public key. */
export function generateBridgeKey(): { privateKey: KeyObject; publicKeyRaw: Buffer } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return { privateKey, publicKeyRaw: spki.subarray(spki.length - 32) };
}

/** Write the state file with mode 0600, through a temporary file so a crash leaves the old one. */
export function saveBridgeState(dir: string, state: BridgeState): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, 'bridge.json');
  writeFileSync(`${path}.tmp`, JSON.stringify(state, null, 2), { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

/** Read the state file; null when the bridge was never paired. */
export function loadBridgeState(dir: string): BridgeState | null {
  const path = join(dir, 'bridge.json');
  if (!existsSync(path)) return null;
  return JSON.parse(readFileSync(path, 'utf8')) as BridgeState;
}

/** Signs requests as a paired bridge. */
export type RequestSigner = (
  method: string,
  pathWithQuery: string,
  body: string,
) => Record<string, string>;

/** Build the headers that authenticate one request as the paired bridge. */
export function bridgeSigner(state: BridgeState): RequestSigner {
  const key = createPrivateKey(state.privateKeyPem);
  return (method, pathWithQuery, body) => {
    const timestampMs = Date.now();
    const message = bridgeSigningMessage(method, pathWithQuery, timestampMs, body);
    return {
      [BRIDGE_HEADERS.id]: state.bridgeId,
      [BRIDGE_HEADERS.timestamp]: String(timestampMs),
      [BRIDGE_HEADERS.signature]: sign(null, message, key).toString('base64'),
    };
  };
}
