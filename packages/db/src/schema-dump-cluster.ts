import {
  byCodeUnits,
  type CatalogClient,
  grantLines,
  isNotExtensionMember,
  isUserSchema,
  joinLines,
  sortedBlocks,
  sqlLiteral,
} from './schema-dump-sql.ts';

// The catalog queries are module constants: they are assembled once from fixed SQL fragments
// and take no input.

/**
 * Name the dump uses for the current database, in psql's variable syntax, because databases
 * made from the same migrations carry different names.
 */
export const DATABASE_PLACEHOLDER = ':"dbname"';

/**
 * SQL condition: the role `alias` is neither a built-in `pg_*` role nor the bootstrap superuser
 * (OID 10), which initdb creates and which every cluster has under its own name.
 */
function isProjectRole(alias: string): string {
  return `(${alias}.rolname !~ '^pg_' and ${alias}.oid <> 10)`;
}

const ROLES_SQL = `
  select rolname as name, concat_ws(' ',
    format('create role %I', rolname),
    case when rolsuper then 'superuser' end,
    case when rolcreatedb then 'createdb' end,
    case when rolcreaterole then 'createrole' end,
    case when not rolinherit then 'noinherit' end,
    case when rolcanlogin then 'login' end,
    case when rolreplication then 'replication' end,
    case when rolbypassrls then 'bypassrls' end,
    case when rolconnlimit <> -1 then 'connection limit ' || rolconnlimit end,
    case when rolvaliduntil is not null then format('valid until %L', rolvaliduntil) end
  ) || ';' as definition
  from pg_roles r where ${isProjectRole('r')}`;

// pg_auth_members gained inherit_option and set_option in PostgreSQL 16; reading the row as
// JSON works on older servers too.
const MEMBERSHIPS_SQL = `
  select quote_ident(g.rolname) as role_name, m.rolname as member,
    quote_ident(m.rolname) as member_sql, to_jsonb(a) as options
  from pg_auth_members a
  join pg_roles g on g.oid = a.roleid
  join pg_roles m on m.oid = a.member
  where ${isProjectRole('m')}`;

const SETTINGS_SQL = `
  select r.rolname as role, format('alter %s%s set %s = %L;',
    case when s.setrole = 0 then 'database ${DATABASE_PLACEHOLDER}'
      else format('role %I', r.rolname) end,
    case when s.setrole <> 0 and s.setdatabase <> 0 then ' in database ${DATABASE_PLACEHOLDER}'
      else '' end,
    split_part(setting, '=', 1), substr(setting, strpos(setting, '=') + 1)) as line
  from pg_db_role_setting s
  cross join unnest(s.setconfig) as setting
  left join pg_roles r on r.oid = s.setrole
  where s.setdatabase in (0, (select oid from pg_database where datname = current_database()))
    and (s.setrole = 0 or ${isProjectRole('r')})`;

const DATABASE_SQL = `
  select ${grantLines('d.datacl', "'d'", 'd.datdba', `'database ${DATABASE_PLACEHOLDER}'`)} as grants
  from pg_database d where d.datname = current_database()`;

const EXTENSIONS_SQL = `
  select e.extname as name,
    format('create extension %I with schema %I version %L;', e.extname, n.nspname, e.extversion)
      as definition
  from pg_extension e join pg_namespace n on n.oid = e.extnamespace`;

const SCHEMAS_SQL = `
  select quote_ident(n.nspname) as name, quote_ident(pg_get_userbyid(n.nspowner)) as owner,
    ${grantLines('n.nspacl', "'n'", 'n.nspowner', "format('schema %I', n.nspname)")} as grants,
    obj_description(n.oid, 'pg_namespace') as comment
  from pg_namespace n
  where ${isUserSchema('n.oid')} and ${isNotExtensionMember('pg_namespace', 'n.oid')}`;

const DEFAULT_PRIVILEGES_SQL = `
  select quote_ident(pg_get_userbyid(d.defaclrole)) as role_name,
    quote_ident(n.nspname) as schema_name,
    d.defaclobjtype as object_type,
    (select string_agg(line, E'\\n' order by line collate "C") from (
      select format('grant %s to %s%s;',
        string_agg(lower(x.privilege_type), ', ' order by x.privilege_type collate "C"),
        case when x.grantee = 0 then 'public' else quote_ident(pg_get_userbyid(x.grantee)) end,
        case when x.is_grantable then ' with grant option' else '' end) as line
      from aclexplode(d.defaclacl) x group by x.grantee, x.is_grantable) g) as lines
  from pg_default_acl d left join pg_namespace n on n.oid = d.defaclnamespace`;

/**
 * Dumps the roles of the cluster with their attributes, their memberships and their settings.
 * Roles belong to the whole cluster, so run the dump on a cluster that holds only the
 * database under test, as `dumpMigratedSchema` does.
 */
export async function dumpRoles(client: CatalogClient): Promise<string[]> {
  const roles = await client.query<{ name: string; definition: string }>(ROLES_SQL);
  const memberships = await readMemberships(client);
  const settings = await readSettings(client);
  return sortedBlocks(
    roles.rows.map((role) => ({
      key: role.name,
      text: joinLines([
        role.definition,
        ...memberships.filter((m) => m.member === role.name).map((m) => m.line),
        ...settings.filter((s) => s.role === role.name).map((s) => s.line),
      ]),
    })),
  );
}

/**
 * Reads the settings made by `alter role … set` and `alter database … set` that apply to the
 * current database, sorted. `role` is null for settings of the database itself.
 */
async function readSettings(
  client: CatalogClient,
): Promise<{ role: string | null; line: string }[]> {
  const result = await client.query<{ role: string | null; line: string }>(SETTINGS_SQL);
  return [...result.rows].sort((a, b) => byCodeUnits(a.line, b.line));
}

async function readMemberships(client: CatalogClient): Promise<{ member: string; line: string }[]> {
  const result = await client.query<{
    role_name: string;
    member: string;
    member_sql: string;
    options: { admin_option: boolean; inherit_option?: boolean; set_option?: boolean };
  }>(MEMBERSHIPS_SQL);
  const lines = result.rows.map((row) => {
    const options = [`admin ${row.options.admin_option}`];
    if (row.options.inherit_option !== undefined) {
      options.push(`inherit ${row.options.inherit_option}`);
    }
    if (row.options.set_option !== undefined) options.push(`set ${row.options.set_option}`);
    return {
      member: row.member,
      line: `grant ${row.role_name} to ${row.member_sql} with ${options.join(', ')};`,
    };
  });
  // Since PostgreSQL 16 one membership can be granted by several grantors; the grantor is left
  // out, so identical lines collapse into one.
  const unique = new Map(lines.map((entry) => [entry.line, entry]));
  return [...unique.values()].sort((a, b) => byCodeUnits(a.line, b.line));
}

/** Dumps the privileges on the current database and its `alter database … set` settings. */
export async function dumpDatabase(client: CatalogClient): Promise<string[]> {
  const result = await client.query<{ grants: string | null }>(DATABASE_SQL);
  const settings = await readSettings(client);
  const text = joinLines([
    result.rows[0]?.grants,
    ...settings.filter((setting) => setting.role === null).map((setting) => setting.line),
  ]);
  return text ? [text] : [];
}

/** Dumps the installed extensions with their schema and version. */
export async function dumpExtensions(client: CatalogClient): Promise<string[]> {
  const result = await client.query<{ name: string; definition: string }>(EXTENSIONS_SQL);
  return sortedBlocks(result.rows.map((row) => ({ key: row.name, text: row.definition })));
}

/** Dumps the user schemas with owner, privileges and comment. */
export async function dumpSchemas(client: CatalogClient): Promise<string[]> {
  const result = await client.query<{
    name: string;
    owner: string;
    grants: string | null;
    comment: string | null;
  }>(SCHEMAS_SQL);
  return sortedBlocks(
    result.rows.map((row) => ({
      key: row.name,
      text: joinLines([
        `create schema ${row.name};`,
        `alter schema ${row.name} owner to ${row.owner};`,
        row.grants,
        row.comment === null
          ? null
          : `comment on schema ${row.name} is ${sqlLiteral(row.comment)};`,
      ]),
    })),
  );
}

const DEFAULT_PRIVILEGE_OBJECTS: Record<string, string> = {
  r: 'tables',
  S: 'sequences',
  f: 'functions',
  T: 'types',
  n: 'schemas',
};

/**
 * Dumps `alter default privileges` entries. An entry without a schema replaces the built-in
 * defaults for the role's new objects, and an entry for one schema adds to them (PostgreSQL
 * documentation, ALTER DEFAULT PRIVILEGES), so each block states which of the two it is.
 */
export async function dumpDefaultPrivileges(client: CatalogClient): Promise<string[]> {
  const result = await client.query<{
    role_name: string;
    schema_name: string | null;
    object_type: string;
    lines: string | null;
  }>(DEFAULT_PRIVILEGES_SQL);
  return sortedBlocks(
    result.rows.map((row) => {
      const objects = DEFAULT_PRIVILEGE_OBJECTS[row.object_type] ?? row.object_type;
      const scope = row.schema_name === null ? '' : ` in schema ${row.schema_name}`;
      const prefix = `alter default privileges for role ${row.role_name}${scope}`;
      const grants = (row.lines ?? '')
        .split('\n')
        .filter(Boolean)
        .map((line) => line.replace(/^grant (.*?) to /, `${prefix} grant $1 on ${objects} to `));
      const meaning =
        row.schema_name === null
          ? `-- New ${objects} of ${row.role_name} get exactly these privileges:`
          : `-- New ${objects} of ${row.role_name}${scope} get these privileges in addition:`;
      return {
        key: `${row.role_name} ${row.schema_name ?? ''} ${objects}`,
        text: joinLines([meaning, ...(grants.length > 0 ? grants : ['-- (none)'])]),
      };
    }),
  );
}
