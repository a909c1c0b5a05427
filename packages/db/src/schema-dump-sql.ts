import type pg from 'pg';

/** A database client the schema dump reads the catalogs through. */
export type CatalogClient = Pick<pg.ClientBase, 'query'>;

/**
 * SQL condition: the schema with OID `namespaceOid` contains user objects, so it is neither
 * `pg_catalog`, `information_schema`, TOAST nor a temporary schema.
 */
export function isUserSchema(namespaceOid: string): string {
  return `${namespaceOid} in (
    select oid from pg_namespace where nspname <> 'information_schema' and nspname !~ '^pg_'
  )`;
}

/**
 * SQL condition: the object `oid` of catalog `catalog` does not belong to an extension. Objects of
 * an extension come and go with it, so the dump lists the extension and skips its members.
 */
export function isNotExtensionMember(catalog: string, oid: string): string {
  return `not exists (
    select 1 from pg_depend dep
    where dep.classid = '${catalog}'::regclass and dep.objid = ${oid} and dep.deptype = 'e'
  )`;
}

/**
 * SQL expression: the privileges of one object as `grant … on TARGET to …;` lines joined by
 * newlines and sorted, or null when no role has a privilege. A null ACL in the catalog means
 * the built-in defaults, so those are expanded with `acldefault`: for example PUBLIC may execute
 * a function until someone revokes it. `kind` is the `acldefault` object type ('r' relation,
 * 's' sequence, 'f' function, 'n' schema, 'T' type, 'd' database).
 */
export function grantLines(acl: string, kind: string, owner: string, target: string): string {
  return `(
    select string_agg(g.line, E'\\n' order by g.line collate "C") from (
      select format('grant %s on %s to %s%s;',
        string_agg(lower(x.privilege_type), ', ' order by x.privilege_type collate "C"),
        ${target},
        case when x.grantee = 0 then 'public' else quote_ident(pg_get_userbyid(x.grantee)) end,
        case when x.is_grantable then ' with grant option' else '' end) as line
      from aclexplode(coalesce(${acl}, acldefault(${kind}, ${owner}))) x
      group by x.grantee, x.is_grantable
    ) g
  )`;
}

/** Compares strings by UTF-16 code units, so the order does not depend on the locale. */
export function byCodeUnits(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** Sorts blocks of text by a key and returns the texts. */
export function sortedBlocks(blocks: { key: string; text: string }[]): string[] {
  return [...blocks].sort((a, b) => byCodeUnits(a.key, b.key)).map((block) => block.text);
}

/** Joins the lines that are present, dropping null, undefined and empty entries. */
export function joinLines(lines: (string | null | undefined)[]): string {
  return lines.filter((line): line is string => Boolean(line)).join('\n');
}

/** Renders a SQL string literal, doubling single quotes. */
export function sqlLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
