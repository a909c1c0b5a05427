import type pg from 'pg';

/**
 * Nightscout sites and their credentials. A site is a patient's Nightscout endpoint, addressed
 * by a random site key; its credentials are an API secret and access tokens. The database
 * stores digests only (see `NightscoutCredentialDigests`).
 */

/** Permission strings as Nightscout names them, for example `api:*:read` or `*`. */
export type NightscoutPermissions = readonly string[];

/**
 * Digests of an API secret as stored: SHA-256 of the lowercase hex SHA-1 and SHA-512 of the
 * secret, which are the forms clients send. Each is 32 bytes.
 */
export interface NightscoutCredentialDigests {
  sha1: Buffer;
  sha512: Buffer;
}

/** A credential a client presented, with the site and patient it belongs to. */
export interface NightscoutCredential {
  credentialId: string;
  siteId: string;
  siteKey: string;
  patientId: string;
  /** IANA zone of the patient, for documents whose times carry no offset. */
  timezone: string;
  kind: 'secret' | 'token';
  /** Subject name reported to clients: `api-secret`, or the token's name. */
  name: string;
  permissions: string[];
}

/**
 * Find an unrevoked credential of an unrevoked site: by the SHA-256 digest of the hex text a
 * client sent, or by the credential's ID (from a JWT). Runs as the API's login role, before
 * the request acts as the credential. Returns null when nothing matches.
 */
export async function findNightscoutCredential(
  pool: pg.Pool,
  siteKey: string,
  lookup: { digest: Buffer } | { credentialId: string },
): Promise<NightscoutCredential | null> {
  const digest = 'digest' in lookup ? lookup.digest : null;
  const credentialId = 'credentialId' in lookup ? lookup.credentialId : null;
  const result = await pool.query<{
    credential_id: string;
    site_id: string;
    patient_id: string;
    timezone: string;
    kind: 'secret' | 'token';
    name: string;
    permissions: string[];
  }>(
    'select credential_id, site_id, patient_id, timezone, kind, name, permissions ' +
      'from nightscout_find_credential($1, $2, $3)',
    [siteKey, digest, credentialId],
  );
  const row = result.rows[0];
  if (!row) return null;
  return {
    credentialId: row.credential_id,
    siteId: row.site_id,
    siteKey,
    patientId: row.patient_id,
    timezone: row.timezone,
    kind: row.kind,
    name: row.name,
    permissions: row.permissions,
  };
}

/** Return true when the site key names an unrevoked site. Runs as the API's login role. */
export async function nightscoutSiteExists(pool: pg.Pool, siteKey: string): Promise<boolean> {
  const result = await pool.query<{ exists: boolean }>(
    'select nightscout_site_exists($1) as exists',
    [siteKey],
  );
  return result.rows[0]?.exists === true;
}

/**
 * Read the deployment's 32-byte key for signing Nightscout JWTs (HMAC-SHA-256). Runs as the
 * API's login role. Callers must never log it.
 */
export async function readNightscoutSigningKey(pool: pg.Pool): Promise<Buffer> {
  const result = await pool.query<{ key: Buffer }>('select nightscout_signing_key() as key');
  const key = result.rows[0]?.key;
  if (!key) throw new Error('the Nightscout signing key is missing; run the migrations');
  return key;
}

/**
 * Create a site with its API secret for the caller's own patient record. Raises SQLSTATE
 * 42501 unless the caller is the patient, and 23505 when the site key exists already.
 */
export async function createNightscoutSite(
  client: pg.PoolClient,
  site: { patientId: string; siteKey: string; name: string; secret: NightscoutCredentialDigests },
): Promise<void> {
  await client.query('select nightscout_create_site($1, $2, $3, $4, $5)', [
    site.patientId,
    site.siteKey,
    site.name,
    site.secret.sha1,
    site.secret.sha512,
  ]);
}

/**
 * Replace a site's API secret; the old one stops working at once. Raises 42501 unless the
 * caller is the patient, and P0002 for an unknown or revoked site.
 */
export async function rotateNightscoutSecret(
  client: pg.PoolClient,
  patientId: string,
  siteKey: string,
  secret: NightscoutCredentialDigests,
): Promise<void> {
  await client.query('select nightscout_rotate_secret($1, $2, $3, $4)', [
    patientId,
    siteKey,
    secret.sha1,
    secret.sha512,
  ]);
}

/**
 * Create an access token; `sha1Digest` is the SHA-256 of the lowercase hex SHA-1 of the token.
 * Returns the token's ID. Raises as `rotateNightscoutSecret` does.
 */
export async function createNightscoutToken(
  client: pg.PoolClient,
  token: {
    patientId: string;
    siteKey: string;
    name: string;
    sha1Digest: Buffer;
    permissions: NightscoutPermissions;
  },
): Promise<string> {
  const result = await client.query<{ id: string }>(
    'select nightscout_create_token($1, $2, $3, $4, $5) as id',
    [token.patientId, token.siteKey, token.name, token.sha1Digest, token.permissions],
  );
  return result.rows[0]!.id;
}

/** Revoke one access token of a site. Raises P0002 when there is no such unrevoked token. */
export async function revokeNightscoutToken(
  client: pg.PoolClient,
  patientId: string,
  siteKey: string,
  tokenId: string,
): Promise<void> {
  await client.query('select nightscout_revoke_token($1, $2, $3)', [patientId, siteKey, tokenId]);
}

/** Revoke a site and all its credentials; its documents stay with the patient's data. */
export async function revokeNightscoutSite(
  client: pg.PoolClient,
  patientId: string,
  siteKey: string,
): Promise<void> {
  await client.query('select nightscout_revoke_site($1, $2)', [patientId, siteKey]);
}

/** A credential as the patient's site list shows it, without digests. */
export interface NightscoutCredentialRow {
  id: string;
  kind: 'secret' | 'token';
  name: string;
  permissions: string[];
  createdAt: string;
  revokedAt: string | null;
}

/** A site as the patient and their care team see it. */
export interface NightscoutSiteRow {
  siteKey: string;
  name: string;
  createdAt: Date;
  revokedAt: Date | null;
  credentials: NightscoutCredentialRow[];
}

/** List a patient's sites with their credentials. Raises 42501 when the caller may not read. */
export async function listNightscoutSites(
  client: pg.PoolClient,
  patientId: string,
): Promise<NightscoutSiteRow[]> {
  const result = await client.query<{
    site_key: string;
    name: string;
    created_at: Date;
    revoked_at: Date | null;
    credentials: NightscoutCredentialRow[];
  }>('select site_key, name, created_at, revoked_at, credentials from nightscout_sites_of($1)', [
    patientId,
  ]);
  return result.rows.map((row) => ({
    siteKey: row.site_key,
    name: row.name,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    credentials: row.credentials,
  }));
}
