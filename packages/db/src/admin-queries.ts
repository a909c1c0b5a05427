import type pg from 'pg';

/** Outcome of `audit.verify()`. */
export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstBrokenId: number | null;
  reason: string | null;
}

/** Recompute the audit chain; the caller must be an admin. */
export async function verifyAuditTrail(client: pg.PoolClient): Promise<AuditVerification> {
  const result = await client.query<{
    ok: boolean;
    checked: string;
    first_broken_id: string | null;
    reason: string | null;
  }>('select (audit.verify()).*');
  const row = result.rows[0]!;
  return {
    ok: row.ok,
    checked: Number(row.checked),
    firstBrokenId: row.first_broken_id === null ? null : Number(row.first_broken_id),
    reason: row.reason,
  };
}

/** One audit event as admins see it: who changed which table, how and when. */
export interface AuditEventRow {
  id: number;
  occurredAt: Date;
  transactionId: number;
  actor: string;
  dbRole: string;
  tableName: string;
  operation: string;
}

/** Filters of `listAuditEvents`; every one is optional. */
export interface AuditFilter {
  tableName?: string;
  actor?: string;
  operation?: string;
  from?: Date;
  to?: Date;
  /** Events with an ID below this, for paging back from the newest. */
  beforeId?: number;
  limit: number;
}

/** Audit events, newest first, matching every given filter. */
export async function listAuditEvents(
  client: pg.PoolClient,
  filter: AuditFilter,
): Promise<AuditEventRow[]> {
  const result = await client.query<{
    id: string;
    occurred_at: Date;
    transaction_id: string;
    actor: string;
    db_role: string;
    table_name: string;
    operation: string;
  }>(
    `select id, occurred_at, transaction_id, actor, db_role, table_name, operation
     from audit.events
     where ($1::text is null or table_name = $1)
       and ($2::text is null or actor = $2)
       and ($3::text is null or operation = $3)
       and ($4::timestamptz is null or occurred_at >= $4)
       and ($5::timestamptz is null or occurred_at < $5)
       and ($6::bigint is null or id < $6)
     order by id desc
     limit $7`,
    [
      filter.tableName ?? null,
      filter.actor ?? null,
      filter.operation ?? null,
      filter.from ?? null,
      filter.to ?? null,
      filter.beforeId ?? null,
      filter.limit,
    ],
  );
  return result.rows.map((row) => ({
    id: Number(row.id),
    occurredAt: row.occurred_at,
    transactionId: Number(row.transaction_id),
    actor: row.actor,
    dbRole: row.db_role,
    tableName: row.table_name,
    operation: row.operation,
  }));
}

/** A stored vendor credential, without its secret. */
export interface CredentialRow {
  id: string;
  provider: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Store or replace a patient's vendor credential through the vault; returns its ID. */
export async function storeCredential(
  client: pg.PoolClient,
  patientId: string,
  provider: string,
  username: string,
  secret: string,
): Promise<string> {
  const result = await client.query<{ id: string }>(
    'select vault_store_credential($1, $2, $3, $4) as id',
    [patientId, provider, username, secret],
  );
  return result.rows[0]!.id;
}

/** List the providers a patient has credentials for. */
export async function listCredentials(
  client: pg.PoolClient,
  patientId: string,
): Promise<CredentialRow[]> {
  const result = await client.query<{
    id: string;
    provider: string;
    created_at: Date;
    updated_at: Date;
  }>('select * from vault_list_credentials($1)', [patientId]);
  return result.rows.map((row) => ({
    id: row.id,
    provider: row.provider,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}
