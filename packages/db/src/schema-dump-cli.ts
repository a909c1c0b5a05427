// `npm run db:dump`: applies every migration to a fresh embedded PostgreSQL and writes the
// schema to packages/db/schema.sql. Commit the new file together with the migration.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { dumpMigratedSchema, SCHEMA_DUMP_PATH, withTemporaryPostgres } from './schema-dump.ts';

const schema = await withTemporaryPostgres((adminUrl) => dumpMigratedSchema(adminUrl));
writeFileSync(SCHEMA_DUMP_PATH, schema);
process.stdout.write(
  `wrote ${relative(process.cwd(), SCHEMA_DUMP_PATH)} (${schema.split('\n').length - 1} lines)\n`,
);
