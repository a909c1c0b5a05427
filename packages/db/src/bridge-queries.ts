import type pg from 'pg';

/** A bridge's registered key, for checking the signature of its requests. */
export interface BridgeIdentity {
  patientId: string;
  /** Raw 32-byte Ed25519 public key. */
  publicKey: Buffer;
  revoked: boolean;
}

/**
 * Look up a bridge's key and patient. Runs as the API's login role before any application
 * role, because the signature must be checked before the request acts as the bridge.
 */
export async function findBridgeIdentity(
  pool: pg.Pool,
  bridgeId: string,
): Promise<BridgeIdentity | null> {
  const result = await pool.query<{ patient_id: string; public_key: Buffer; revoked: boolean }>(
    'select patient_id, public_key, revoked from bridge_identity($1)',
    [bridgeId],
  );
  const row = result.rows[0];
  return row
    ? { patientId: row.patient_id, publicKey: row.public_key, revoked: row.revoked }
    : null;
}

/** Create a one-time pairing code for the caller's own patient record. */
export async function createPairingCode(
  client: pg.PoolClient,
  patientId: string,
): Promise<{ code: string; expiresAt: Date }> {
  const result = await client.query<{ code: string; expires_at: Date }>(
    'select code, expires_at from create_pairing_code($1)',
    [patientId],
  );
  const row = result.rows[0]!;
  return { code: row.code, expiresAt: row.expires_at };
}

/** Register a bridge's public key with a pairing code; raises 42501 for a bad code. */
export async function pairBridge(
  client: pg.PoolClient,
  code: string,
  publicKey: Buffer,
  name: string,
): Promise<{ bridgeId: string; patientId: string }> {
  const result = await client.query<{ bridge_id: string; patient_id: string }>(
    'select bridge_id, patient_id from pair_bridge($1, $2, $3)',
    [code, publicKey, name],
  );
  const row = result.rows[0]!;
  return { bridgeId: row.bridge_id, patientId: row.patient_id };
}

/** A bridge as its patient and care team see it. */
export interface BridgeRow {
  id: string;
  name: string;
  createdAt: Date;
  lastSeenAt: Date | null;
  revokedAt: Date | null;
}

/** List the bridges paired with a patient. */
export async function listBridges(client: pg.PoolClient, patientId: string): Promise<BridgeRow[]> {
  const result = await client.query<{
    id: string;
    name: string;
    created_at: Date;
    last_seen_at: Date | null;
    revoked_at: Date | null;
  }>(
    `select id, name, created_at, last_seen_at, revoked_at from bridges
     where patient_id = $1 order by created_at`,
    [patientId],
  );
  return result.rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    revokedAt: row.revoked_at,
  }));
}

/** Revoke a bridge of the caller's own patient record; raises 42501 otherwise. */
export async function revokeBridge(client: pg.PoolClient, bridgeId: string): Promise<void> {
  await client.query('select revoke_bridge($1)', [bridgeId]);
}

/** Record that the calling bridge was seen now. */
export async function touchBridge(client: pg.PoolClient): Promise<void> {
  await client.query('select touch_bridge()');
}

/** List every bridge the caller may see, most recently seen first (engineers see all). */
export async function listAllBridges(
  client: pg.PoolClient,
): Promise<(BridgeRow & { patientId: string })[]> {
  const result = await client.query<{
    id: string;
    patient_id: string;
    name: string;
    created_at: Date;
    last_seen_at: Date | null;
    revoked_at: Date | null;
  }>(
    `select id, patient_id, name, created_at, last_seen_at, revoked_at from bridges
     order by last_seen_at desc nulls last, created_at`,
  );
  return result.rows.map((row) => ({
    id: row.id,
    patientId: row.patient_id,
    name: row.name,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    revokedAt: row.revoked_at,
  }));
}
