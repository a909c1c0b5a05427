import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/database.ts';
import { DEMO_IDS, seedDemo } from './seed.ts';

// Direct SQL against the database gates, connected as the API's login role and switched to each
// application role, as an attacker holding the API's database password could do.

const OTHER_PATIENT = '00000000-0000-4000-8000-000000000102';
const OTHER_USER = '00000000-0000-4000-8000-000000000009';
const BRIDGE = '00000000-0000-4000-8000-00000000b001';

let db: TestDatabase;
let admin: pg.Client;
let api: pg.Client;

async function asRole(role: string, userId: string | null, sql: string, params: unknown[] = []) {
  await api.query('begin');
  try {
    // eslint-disable-next-line phoenix/no-sql-string-building -- role names come from the test's fixed lists
    await api.query(`set local role ${role}`);
    if (userId) await api.query("select set_config('app.user_id', $1, true)", [userId]);
    return await api.query(sql, params);
  } finally {
    await api.query('rollback');
  }
}

async function sqlState(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.adminUrl, 'UTC');
  admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  await admin.query(
    "insert into users (id, display_name, role) values ($1, 'Other Patient', 'patient')",
    [OTHER_USER],
  );
  await admin.query(
    "insert into patients (id, user_id, display_name, timezone) values ($1, $2, 'Other Patient', 'UTC')",
    [OTHER_PATIENT, OTHER_USER],
  );
  await admin.query(
    "insert into bridges (id, patient_id, name, public_key) values ($1, $2, 'Test bridge', $3)",
    [BRIDGE, DEMO_IDS.patientId, Buffer.alloc(32, 7)],
  );
  api = new pg.Client({ connectionString: db.apiUrl });
  await api.connect();
});

afterAll(async () => {
  await api.end();
  await admin.end();
  await db.drop();
});

describe('row-level security', () => {
  it('shows a patient only themselves', async () => {
    const result = await asRole(
      'phoenix_patient',
      DEMO_IDS.patientUserId,
      'select id from patients',
    );
    expect(result.rows.map((row) => row.id)).toEqual([DEMO_IDS.patientId]);
  });

  it('shows a clinician only shared patients', async () => {
    const result = await asRole(
      'phoenix_clinician',
      DEMO_IDS.clinicianUserId,
      'select id from patients',
    );
    expect(result.rows.map((row) => row.id)).toEqual([DEMO_IDS.patientId]);
  });

  it('hides a patient after the share is revoked', async () => {
    await admin.query('update patient_shares set revoked_at = now() where patient_id = $1', [
      DEMO_IDS.patientId,
    ]);
    try {
      const result = await asRole(
        'phoenix_clinician',
        DEMO_IDS.clinicianUserId,
        'select id from patients',
      );
      expect(result.rows).toEqual([]);
    } finally {
      await admin.query('update patient_shares set revoked_at = null where patient_id = $1', [
        DEMO_IDS.patientId,
      ]);
    }
  });

  it('shows an engineer no patient', async () => {
    const code = await sqlState(
      asRole('phoenix_engineer', DEMO_IDS.engineerUserId, 'select * from patients'),
    );
    expect(code).toBe('42501');
  });

  it('rejects reading another patient through the read functions', async () => {
    const code = await sqlState(
      asRole(
        'phoenix_patient',
        DEMO_IDS.patientUserId,
        "select * from cbg_in_range($1, now() - interval '1 day', now())",
        [OTHER_PATIENT],
      ),
    );
    expect(code).toBe('42501');
  });

  it('ignores a forged user ID without a matching row', async () => {
    const result = await asRole(
      'phoenix_patient',
      '00000000-0000-4000-8000-00000000beef',
      'select id from patients',
    );
    expect(result.rows).toEqual([]);
  });

  it('gives no application role the raw time series', async () => {
    for (const role of [
      'phoenix_patient',
      'phoenix_clinician',
      'phoenix_engineer',
      'phoenix_admin',
      'phoenix_bridge',
    ]) {
      for (const table of ['cbg_readings', 'device_records', 'upload_staging']) {
        const code = await sqlState(
          asRole(role, DEMO_IDS.patientUserId, `select * from ${table} limit 1`),
        );
        expect(code, `${role} on ${table}`).toBe('42501');
      }
    }
  });

  it('lets the login role do nothing but switch roles', async () => {
    for (const table of ['patients', 'users', 'cbg_readings', 'audit.events', 'vault.data_keys']) {
      // eslint-disable-next-line phoenix/no-sql-string-building -- table names come from the fixed list above
      const code = await sqlState(api.query(`select * from ${table} limit 1`));
      expect(code, table).toBe('42501');
    }
  });
});

describe('audit trail', () => {
  it('records direct SQL by the owner', async () => {
    await admin.query("update patients set display_name = 'Renamed Directly' where id = $1", [
      OTHER_PATIENT,
    ]);
    const event = await admin.query(
      `select actor, db_role, operation, row_before->>'display_name' as before,
        row_after->>'display_name' as after
       from audit.events where table_name = 'public.patients' order by id desc limit 1`,
    );
    expect(event.rows[0]).toEqual({
      actor: 'postgres',
      db_role: 'postgres',
      operation: 'UPDATE',
      before: 'Other Patient',
      after: 'Renamed Directly',
    });
  });

  it('records the application user of a transaction', async () => {
    await api.query('begin');
    await api.query('set local role phoenix_admin');
    await api.query("select set_config('app.user_id', $1, true)", [DEMO_IDS.adminUserId]);
    await api.query("update users set display_name = 'Admin Renamed' where id = $1", [
      DEMO_IDS.adminUserId,
    ]);
    await api.query('commit');
    const event = await admin.query(
      'select actor, db_role from audit.events order by id desc limit 1',
    );
    expect(event.rows[0]).toEqual({ actor: DEMO_IDS.adminUserId, db_role: 'phoenix_admin' });
  });

  it('audits upload batches at commit without blocking', async () => {
    const insertBatch = (client: pg.Client, key: string) =>
      client.query(
        `insert into upload_batches
           (patient_id, created_by, idempotency_key, digest, record_count, status, accepted, duplicates)
         values ($1, $2, $3, sha256(convert_to($3, 'UTF8')), 1, 'staged', 1, 0)`,
        [DEMO_IDS.patientId, DEMO_IDS.patientUserId, key],
      );
    const eventCount = async (key: string) => {
      const result = await admin.query(
        `select count(*)::int as n from audit.events
         where table_name = 'public.upload_batches' and row_after->>'idempotency_key' = $1`,
        [key],
      );
      return result.rows[0].n as number;
    };
    const first = new pg.Client({ connectionString: db.adminUrl });
    const second = new pg.Client({ connectionString: db.adminUrl });
    await Promise.all([first.connect(), second.connect()]);
    try {
      await first.query('begin');
      await insertBatch(first, 'audit-at-commit-1');
      expect(await eventCount('audit-at-commit-1')).toBe(0);
      // An event written at the insert would hold the chain's lock until the first commits,
      // and this insert would then fail on the lock timeout (SQLSTATE 55P03).
      await second.query('begin');
      await second.query("set local lock_timeout = '2s'");
      await insertBatch(second, 'audit-at-commit-2');
      await second.query('commit');
      await first.query('commit');
    } finally {
      await Promise.all([first.end(), second.end()]);
    }
    expect(await eventCount('audit-at-commit-1')).toBe(1);
    expect(await eventCount('audit-at-commit-2')).toBe(1);
  });

  it('verifies an intact chain', async () => {
    const result = await admin.query('select (audit.verify()).*');
    expect(result.rows[0].ok).toBe(true);
    expect(Number(result.rows[0].checked)).toBeGreaterThan(5);
  });

  it('rejects updates and deletes of events', async () => {
    expect(await sqlState(admin.query("update audit.events set actor = 'x' where id = 1"))).toBe(
      '42501',
    );
    expect(await sqlState(admin.query('delete from audit.events where id = 1'))).toBe('42501');
    expect(await sqlState(admin.query('truncate audit.events'))).toBe('42501');
  });

  it('gives application roles no write access to events', async () => {
    for (const role of [
      'phoenix_patient',
      'phoenix_clinician',
      'phoenix_engineer',
      'phoenix_admin',
      'phoenix_bridge',
    ]) {
      const code = await sqlState(
        asRole(
          role,
          DEMO_IDS.adminUserId,
          "insert into audit.events (actor, db_role, table_name, operation, hash, hmac) values ('a', 'b', 'c', 'INSERT', '\\x00', '\\x00')",
        ),
      );
      expect(code, role).toBe('42501');
    }
  });

  it('rejects events made up outside a trigger', async () => {
    const sql = "select audit.append_event('phoenix_admin', 'public.users', 'INSERT', null, '{}')";
    expect(await sqlState(asRole('phoenix_admin', DEMO_IDS.adminUserId, sql))).toBe('42501');
    expect(await sqlState(admin.query(sql))).toBe('42501');
  });

  it('keeps row images from admins', async () => {
    const code = await sqlState(
      asRole('phoenix_admin', DEMO_IDS.adminUserId, 'select row_after from audit.events limit 1'),
    );
    expect(code).toBe('42501');
    const metadata = await asRole(
      'phoenix_admin',
      DEMO_IDS.adminUserId,
      'select id, actor, operation from audit.events limit 1',
    );
    expect(metadata.rows).toHaveLength(1);
  });

  it('detects a tampered, removed or inserted event', async () => {
    const events = await admin.query('select id from audit.events order by id');
    const target = events.rows[2].id;

    // A superuser can switch triggers off; verify still finds the change.
    await admin.query('begin');
    await admin.query('alter table audit.events disable trigger events_00_append_only');
    await admin.query("update audit.events set actor = 'someone else' where id = $1", [target]);
    const tampered = await admin.query('select (audit.verify()).*');
    await admin.query('rollback');
    expect(tampered.rows[0]).toMatchObject({ ok: false, first_broken_id: target });
    expect(tampered.rows[0].reason).toMatch(/hash does not match/);

    await admin.query('begin');
    await admin.query('alter table audit.events disable trigger events_00_append_only');
    await admin.query('delete from audit.events where id = $1', [target]);
    const removed = await admin.query('select (audit.verify()).*');
    await admin.query('rollback');
    expect(removed.rows[0].ok).toBe(false);
    expect(removed.rows[0].reason).toMatch(/previous_hash/);

    const intact = await admin.query('select (audit.verify()).*');
    expect(intact.rows[0].ok).toBe(true);
  });

  it('keeps the signing key from application roles', async () => {
    for (const role of [
      'phoenix_patient',
      'phoenix_clinician',
      'phoenix_engineer',
      'phoenix_admin',
      'phoenix_bridge',
    ]) {
      const code = await sqlState(
        asRole(role, DEMO_IDS.adminUserId, 'select * from audit.signing_key'),
      );
      expect(code, role).toBe('42501');
    }
  });
});

describe('credential vault', () => {
  let credentialId: string;

  it('stores a credential for the patient', async () => {
    await api.query('begin');
    await api.query('set local role phoenix_patient');
    await api.query("select set_config('app.user_id', $1, true)", [DEMO_IDS.patientUserId]);
    const stored = await api.query(
      "select vault_store_credential($1, 'dexcom-share', 'share-user', 'share-secret-123') as id",
      [DEMO_IDS.patientId],
    );
    await api.query('commit');
    credentialId = stored.rows[0].id;
    const raw = await admin.query('select secret_encrypted from vault.credentials where id = $1', [
      credentialId,
    ]);
    expect(raw.rows[0].secret_encrypted.toString('latin1')).not.toContain('share-secret-123');
  });

  it('rejects storing for another patient', async () => {
    const code = await sqlState(
      asRole(
        'phoenix_patient',
        DEMO_IDS.patientUserId,
        "select vault_store_credential($1, 'dexcom-share', 'u', 's')",
        [OTHER_PATIENT],
      ),
    );
    expect(code).toBe('42501');
  });

  it('decrypts for the bridge role only', async () => {
    const sql = 'select * from vault_use_credential($1)';
    const bridge = await asRole('phoenix_bridge', BRIDGE, sql, [credentialId]);
    expect(bridge.rows[0]).toEqual({
      provider: 'dexcom-share',
      username: 'share-user',
      secret: 'share-secret-123',
    });
    for (const role of [
      'phoenix_patient',
      'phoenix_clinician',
      'phoenix_engineer',
      'phoenix_admin',
    ]) {
      const code = await sqlState(asRole(role, DEMO_IDS.patientUserId, sql, [credentialId]));
      expect(code, role).toBe('42501');
    }
  });

  it('decrypts for paired bridges only', async () => {
    // The bridge role acting for something other than a paired bridge, such as a Nightscout
    // site credential, may write the patient's data but gets no vendor secret.
    const sql = 'select * from vault_use_credential($1)';
    const code = await sqlState(
      asRole('phoenix_bridge', DEMO_IDS.patientUserId, sql, [credentialId]),
    );
    expect(code).toBe('42501');
  });

  it('audits every use', async () => {
    await api.query('begin');
    await api.query('set local role phoenix_bridge');
    await api.query("select set_config('app.user_id', $1, true)", [BRIDGE]);
    await api.query('select * from vault_use_credential($1)', [credentialId]);
    await api.query('commit');
    const uses = await admin.query(
      "select actor from audit.events where table_name = 'vault.credential_uses' order by id desc limit 1",
    );
    expect(uses.rows[0].actor).toBe(BRIDGE);
  });

  it('keeps the data key from every application role', async () => {
    for (const role of [
      'phoenix_patient',
      'phoenix_clinician',
      'phoenix_engineer',
      'phoenix_admin',
      'phoenix_bridge',
    ]) {
      const code = await sqlState(
        asRole(role, DEMO_IDS.patientUserId, 'select key from vault.data_keys'),
      );
      expect(code, role).toBe('42501');
    }
  });

  it('survives key rotation', async () => {
    const before = await admin.query(
      'select key_id, secret_encrypted from vault.credentials where id = $1',
      [credentialId],
    );
    await api.query('begin');
    await api.query('set local role phoenix_admin');
    const rotated = await api.query('select vault_rotate_key() as n');
    await api.query('commit');
    expect(rotated.rows[0].n).toBe(1);

    const after = await admin.query(
      'select key_id, secret_encrypted from vault.credentials where id = $1',
      [credentialId],
    );
    expect(after.rows[0].key_id).not.toBe(before.rows[0].key_id);
    expect(after.rows[0].secret_encrypted.equals(before.rows[0].secret_encrypted)).toBe(false);
    const active = await admin.query(
      'select count(*)::int as n from vault.data_keys where retired_at is null',
    );
    expect(active.rows[0].n).toBe(1);

    const bridge = await asRole(
      'phoenix_bridge',
      BRIDGE,
      'select * from vault_use_credential($1)',
      [credentialId],
    );
    expect(bridge.rows[0].secret).toBe('share-secret-123');
  });
});
