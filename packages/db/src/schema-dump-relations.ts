import {
  type CatalogClient,
  grantLines,
  isNotExtensionMember,
  isUserSchema,
  joinLines,
  sortedBlocks,
  sqlLiteral,
} from './schema-dump-sql.ts';
import { dumpRelationParts, type RelationParts } from './schema-dump-relation-parts.ts';

interface RelationRow {
  oid: number;
  kind: string;
  name: string;
  owner: string;
  unlogged: boolean;
  partition_of: string | null;
  partition_bound: string | null;
  partition_key: string | null;
  options: string | null;
  row_security: boolean;
  force_row_security: boolean;
  view_definition: string | null;
  sequence_definition: string | null;
  sequence_owned_by: string | null;
  comment: string | null;
  grants: string | null;
}

const RELATION_WORDS: Record<string, string> = {
  r: 'table',
  p: 'table',
  f: 'foreign table',
  v: 'view',
  m: 'materialized view',
  S: 'sequence',
};

// Assembled once from fixed SQL fragments; it takes no input.
const RELATIONS_SQL = `
  select c.oid, c.relkind as kind, format('%I.%I', n.nspname, c.relname) as name,
    quote_ident(pg_get_userbyid(c.relowner)) as owner,
    c.relpersistence = 'u' as unlogged,
    (select format('%I.%I', pn.nspname, pc.relname)
      from pg_inherits i
      join pg_class pc on pc.oid = i.inhparent
      join pg_namespace pn on pn.oid = pc.relnamespace
      where c.relispartition and i.inhrelid = c.oid) as partition_of,
    case when c.relispartition then pg_get_expr(c.relpartbound, c.oid) end as partition_bound,
    case when c.relkind = 'p' then pg_get_partkeydef(c.oid) end as partition_key,
    array_to_string(c.reloptions, ', ') as options,
    c.relrowsecurity as row_security, c.relforcerowsecurity as force_row_security,
    case when c.relkind in ('v', 'm') then pg_get_viewdef(c.oid, true) end as view_definition,
    (select format('as %s increment by %s minvalue %s maxvalue %s start with %s cache %s%s',
        format_type(s.seqtypid, null), s.seqincrement, s.seqmin, s.seqmax, s.seqstart,
        s.seqcache, case when s.seqcycle then ' cycle' else '' end)
      from pg_sequence s where s.seqrelid = c.oid) as sequence_definition,
    (select format('%I.%I.%I', tn.nspname, t.relname, a.attname)
      from pg_depend d
      join pg_class t on t.oid = d.refobjid
      join pg_namespace tn on tn.oid = t.relnamespace
      join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
      where c.relkind = 'S' and d.classid = 'pg_class'::regclass and d.objid = c.oid
        and d.refclassid = 'pg_class'::regclass and d.deptype = 'a') as sequence_owned_by,
    obj_description(c.oid, 'pg_class') as comment,
    ${grantLines(
      'c.relacl',
      `(case when c.relkind = 'S' then 's' else 'r' end)::"char"`,
      'c.relowner',
      `format('%s %I.%I', case when c.relkind = 'S' then 'sequence' else 'table' end,
        n.nspname, c.relname)`,
    )} as grants
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p', 'f', 'v', 'm', 'S')
    and ${isUserSchema('c.relnamespace')}
    and ${isNotExtensionMember('pg_class', 'c.oid')}
    and not (c.relkind = 'S' and exists (
      select 1 from pg_depend d
      where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'i'
    ))`;

/**
 * Dumps tables, partitions, views, materialized views and sequences of the user schemas, each
 * with its columns, constraints, indexes, triggers, rules, row security, policies, owner,
 * privileges and comments. Sequences behind identity columns are part of their column and are
 * not listed on their own.
 */
export async function dumpRelations(client: CatalogClient): Promise<string[]> {
  const relations = await client.query<RelationRow>(RELATIONS_SQL);
  const parts = await dumpRelationParts(
    client,
    relations.rows.map((relation) => relation.oid),
  );
  return sortedBlocks(
    relations.rows.map((relation) => ({
      key: relation.name,
      text: renderRelation(relation, parts.get(relation.oid)),
    })),
  );
}

function renderRelation(relation: RelationRow, parts: RelationParts | undefined): string {
  const word = RELATION_WORDS[relation.kind] ?? relation.kind;
  return joinLines([
    renderDefinition(relation, word, parts),
    ...(parts?.constraints ?? []),
    ...(parts?.indexes ?? []),
    ...(parts?.triggers ?? []),
    ...(parts?.rules ?? []),
    relation.row_security ? `alter table ${relation.name} enable row level security;` : null,
    relation.force_row_security ? `alter table ${relation.name} force row level security;` : null,
    ...(parts?.policies ?? []),
    `alter ${word} ${relation.name} owner to ${relation.owner};`,
    relation.grants,
    ...(parts?.columnGrants ?? []),
    relation.comment === null
      ? null
      : `comment on ${word} ${relation.name} is ${sqlLiteral(relation.comment)};`,
    ...(parts?.columnComments ?? []),
  ]);
}

function renderDefinition(
  relation: RelationRow,
  word: string,
  parts: RelationParts | undefined,
): string {
  const options = relation.options ? ` with (${relation.options})` : '';
  if (relation.kind === 'S') {
    const ownedBy = relation.sequence_owned_by
      ? `\nalter sequence ${relation.name} owned by ${relation.sequence_owned_by};`
      : '';
    return `create sequence ${relation.name} ${relation.sequence_definition};${ownedBy}`;
  }
  if (relation.view_definition !== null) {
    const body = relation.view_definition.trim().replace(/;$/, '');
    return `create ${word} ${relation.name}${options} as\n${body};`;
  }
  const persistence = relation.unlogged ? 'unlogged ' : '';
  if (relation.partition_of !== null) {
    return (
      `create ${persistence}${word} ${relation.name} partition of ${relation.partition_of}` +
      ` ${relation.partition_bound}${options};`
    );
  }
  const columns = (parts?.columns ?? []).map((column) => `  ${column}`).join(',\n');
  const partitioning = relation.partition_key ? ` partition by ${relation.partition_key}` : '';
  return `create ${persistence}${word} ${relation.name} (\n${columns}\n)${partitioning}${options};`;
}
