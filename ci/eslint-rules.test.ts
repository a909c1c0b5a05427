import { ESLint, RuleTester } from 'eslint';
import { join } from 'node:path';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import plugin from './eslint-rules.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

// Built from parts, as in the rules, so this file does not trip the rule it tests.
const TLS_ENV_NAME = ['NODE', 'TLS', 'REJECT', 'UNAUTHORIZED'].join('_');

const ruleTester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
});

ruleTester.run('no-sql-string-building', plugin.rules['no-sql-string-building'], {
  valid: [
    "client.query('select * from users where id = $1', [id]);",
    'client.query(`select 1`);',
    "client.query('select a ' + 'from b');",
    "client.query(`select ${'a'} from b`);",
    'const SQL = `select * from ${table()}`;\nasync function f() { await client.query(SQL); }',
    'client.query(sql`select * from users where id = ${id}`);',
    "client.query({ text: 'select $1', values: [id] });",
    'client.execute(`select ${x}`);',
  ],
  invalid: [
    {
      code: 'client.query(`select * from users where id = ${id}`);',
      errors: [{ messageId: 'built', data: { how: 'a template literal with ${…}' } }],
    },
    {
      code: "pool.query('select * from users where name = ' + name);",
      errors: [{ messageId: 'built', data: { how: 'string concatenation' } }],
    },
    {
      code: 'async function f(id: string) {\n  const sql = `delete from users where id = ${id}`;\n  await db.query(sql);\n}',
      errors: [{ messageId: 'built', line: 3 }],
    },
    {
      code: 'client.query({ text: `select * from ${table}` });',
      errors: [{ messageId: 'built' }],
    },
    {
      code: "client.query(('select ' + column) as string);",
      errors: [{ messageId: 'built' }],
    },
    {
      code: "client.query('select '.concat(column));",
      errors: [{ messageId: 'built', data: { how: 'concat()' } }],
    },
  ],
});

ruleTester.run('no-disabled-tls-verification', plugin.rules['no-disabled-tls-verification'], {
  valid: [
    'new pg.Pool({ ssl: { rejectUnauthorized: true, ca } });',
    'https.request({ rejectUnauthorized: verify });',
    "process.env.NODE_EXTRA_CA_CERTS = '/etc/ca.pem';",
  ],
  invalid: [
    {
      code: 'new pg.Pool({ ssl: { rejectUnauthorized: false } });',
      errors: [{ messageId: 'rejectUnauthorized' }],
    },
    {
      code: 'https.globalAgent.options.rejectUnauthorized = false;',
      errors: [{ messageId: 'rejectUnauthorized' }],
    },
    {
      code: `process.env.${TLS_ENV_NAME} = '0';`,
      errors: [{ messageId: 'environment' }],
    },
    {
      code: `process.env['${TLS_ENV_NAME}'] = '0';`,
      errors: [{ messageId: 'environment' }],
    },
    {
      code: `spawn('node', ['app.js'], { env: { ${TLS_ENV_NAME}: '0' } });`,
      errors: [{ messageId: 'environment' }],
    },
  ],
});

describe('repository ESLint configuration', () => {
  const eslint = new ESLint({ cwd: join(import.meta.dirname, '..') });

  async function ruleIdsFor(code: string): Promise<(string | null)[]> {
    const [result] = await eslint.lintText(code, { filePath: 'packages/db/src/example.ts' });
    return result!.messages.map((message) => message.ruleId);
  }

  it('rejects a string-built query', async () => {
    const code =
      "import pg from 'pg';\n" +
      'export async function find(pool: pg.Pool, name: string) {\n' +
      '  return pool.query(`select * from users where display_name = ${name}`);\n' +
      '}\n';
    expect(await ruleIdsFor(code)).toEqual(['phoenix/no-sql-string-building']);
  });

  it('rejects code run from a string', async () => {
    const code = "export const run = (body: string) => new Function('x', body);\n";
    expect(await ruleIdsFor(code)).toEqual(['no-new-func']);
  });

  it('rejects an escape comment without a reason', async () => {
    const code =
      "import pg from 'pg';\n" +
      'export async function use(client: pg.Client, role: string) {\n' +
      '  // eslint-disable-next-line phoenix/no-sql-string-building\n' +
      '  await client.query(`set role ${role}`);\n' +
      '}\n';
    expect(await ruleIdsFor(code)).toEqual(['phoenix/require-disable-reason']);
  });

  it('accepts an escape comment with a reason', async () => {
    const code =
      "import pg from 'pg';\n" +
      'export async function use(client: pg.Client, role: string) {\n' +
      '  // eslint-disable-next-line phoenix/no-sql-string-building -- role from a fixed list\n' +
      '  await client.query(`set role ${role}`);\n' +
      '}\n';
    expect(await ruleIdsFor(code)).toEqual([]);
  });

  it('accepts a parameterised query', async () => {
    const code =
      "import pg from 'pg';\n" +
      'export async function find(pool: pg.Pool, name: string) {\n' +
      "  return pool.query('select * from users where display_name = $1', [name]);\n" +
      '}\n';
    expect(await ruleIdsFor(code)).toEqual([]);
  });
});
