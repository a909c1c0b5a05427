import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/database.ts';
import { dumpSchema } from './schema-dump.ts';

// Objects of a schema of their own, so the expected lines do not depend on the migrations.
const FIXTURE_SQL = `
  create schema dump_check;
  create type dump_check.mood as enum ('low', 'in range', 'high');
  create table dump_check.readings (
    id bigint generated always as identity primary key,
    "time" timestamptz not null default now(),
    mood dump_check.mood,
    value_mg_dl double precision check (value_mg_dl > 0)
  ) partition by range (id);
  create table dump_check.readings_first partition of dump_check.readings
    for values from (1) to (1000);
  create index readings_time on dump_check.readings ("time");
  alter table dump_check.readings enable row level security;
  create policy readings_low on dump_check.readings for select to phoenix_patient
    using (mood = 'low');
  grant select on dump_check.readings to phoenix_clinician;
  comment on table dump_check.readings is 'Fixture''s table';
  create function dump_check.twice(x integer) returns integer language sql immutable
    as $$ select 2 * x $$;
  create view dump_check.lows as select id from dump_check.readings where mood = 'low';
`;

describe('dumpSchema', () => {
  let db: TestDatabase;
  let admin: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    admin = new pg.Client({ connectionString: db.adminUrl });
    await admin.connect();
    await admin.query(FIXTURE_SQL);
  });
  afterAll(async () => {
    await admin.end();
    await db.drop();
  });

  it('dumps a table with its parts', async () => {
    const dump = await dumpSchema(db.adminUrl);
    const table = [
      'create table dump_check.readings (',
      '  id bigint generated always as identity not null,',
      '  "time" timestamp with time zone default now() not null,',
      '  mood dump_check.mood,',
      '  value_mg_dl double precision',
      ') partition by RANGE (id);',
      'alter table dump_check.readings add constraint readings_pkey PRIMARY KEY (id);',
      'alter table dump_check.readings add constraint readings_value_mg_dl_check CHECK (value_mg_dl > 0::double precision);',
      'CREATE INDEX readings_time ON ONLY dump_check.readings USING btree ("time");',
      'alter table dump_check.readings enable row level security;',
      "create policy readings_low on dump_check.readings as permissive for select to phoenix_patient using ((mood = 'low'::dump_check.mood));",
      'alter table dump_check.readings owner to postgres;',
      'grant delete, insert, maintain, references, select, trigger, truncate, update on table dump_check.readings to postgres;',
      'grant select on table dump_check.readings to phoenix_clinician;',
      "comment on table dump_check.readings is 'Fixture''s table';",
    ].join('\n');
    expect(dump).toContain(`\n${table}\n\n`);
  });

  it('dumps a partition by its bounds', async () => {
    const dump = await dumpSchema(db.adminUrl);
    expect(dump).toContain(
      '\ncreate table dump_check.readings_first partition of dump_check.readings ' +
        "FOR VALUES FROM ('1') TO ('1000');\n",
    );
  });

  it('dumps types, functions and views', async () => {
    const dump = await dumpSchema(db.adminUrl);
    expect(dump).toContain("\ncreate type dump_check.mood as enum ('low', 'in range', 'high');\n");
    expect(dump).toContain('\nCREATE OR REPLACE FUNCTION dump_check.twice(x integer)\n');
    expect(dump).toContain(
      '\ncreate view dump_check.lows as\nSELECT id\n   FROM dump_check.readings\n' +
        "  WHERE mood = 'low'::dump_check.mood;\n",
    );
  });

  it('expands the default privileges of a function', async () => {
    const dump = await dumpSchema(db.adminUrl);
    // Created by the superuser, whose new functions keep PUBLIC's default EXECUTE.
    expect(dump).toContain('\ngrant execute on function dump_check.twice(x integer) to public;\n');
  });

  it('lists extensions but not their members', async () => {
    const dump = await dumpSchema(db.adminUrl);
    expect(dump).toMatch(/\ncreate extension pgcrypto with schema public version '[\d.]+';\n/);
    expect(dump).not.toContain('public.gen_salt(');
  });

  it('gives the same text twice', async () => {
    expect(await dumpSchema(db.adminUrl)).toBe(await dumpSchema(db.adminUrl));
  });

  it('shows a new column', async () => {
    const before = await dumpSchema(db.adminUrl);
    await admin.query('alter table dump_check.readings add column note text');
    const after = await dumpSchema(db.adminUrl);
    expect(before).not.toContain('  note text\n');
    expect(after).toContain('  value_mg_dl double precision,\n  note text\n) partition by');
  });
});
