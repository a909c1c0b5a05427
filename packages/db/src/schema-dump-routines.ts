import {
  type CatalogClient,
  grantLines,
  isNotExtensionMember,
  isUserSchema,
  joinLines,
  sortedBlocks,
} from './schema-dump-sql.ts';

// The catalog queries are module constants: they are assembled once from fixed SQL fragments
// and take no input.

interface ObjectRow {
  key: string;
  definition: string;
  owner_line: string;
  grants: string | null;
  comment_line: string | null;
}

const ROUTINE_SIGNATURE = `format('%I.%I(%s)', n.nspname, p.proname,
  pg_get_function_identity_arguments(p.oid))`;
const ROUTINE_WORD = `case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate'
  else 'function' end`;

const ROUTINES_SQL = `
  select ${ROUTINE_SIGNATURE} as key,
    case when p.prokind = 'a' then
      (select format('create aggregate %s (sfunc = %s, stype = %s%s%s);', ${ROUTINE_SIGNATURE},
          a.aggtransfn, format_type(a.aggtranstype, null),
          case when a.aggfinalfn::oid <> 0 then ', finalfunc = ' || a.aggfinalfn::text end,
          case when a.agginitval is not null then ', initcond = ' || quote_literal(a.agginitval)
            end)
        from pg_aggregate a where a.aggfnoid = p.oid)
      else rtrim(pg_get_functiondef(p.oid), E'\\n') || ';' end as definition,
    format('alter %s %s owner to %I;', ${ROUTINE_WORD}, ${ROUTINE_SIGNATURE},
      pg_get_userbyid(p.proowner)) as owner_line,
    ${grantLines(
      'p.proacl',
      "'f'",
      'p.proowner',
      `format('%s %s', case p.prokind when 'p' then 'procedure' else 'function' end,
        ${ROUTINE_SIGNATURE})`,
    )} as grants,
    case when obj_description(p.oid, 'pg_proc') is not null then
      format('comment on %s %s is %L;', ${ROUTINE_WORD}, ${ROUTINE_SIGNATURE},
        obj_description(p.oid, 'pg_proc')) end as comment_line
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where ${isUserSchema('p.pronamespace')} and ${isNotExtensionMember('pg_proc', 'p.oid')}`;

const TYPE_NAME = `format('%I.%I', n.nspname, t.typname)`;

const TYPES_SQL = `
  select ${TYPE_NAME} as key,
    case t.typtype
      when 'e' then format('create type %s as enum (%s);', ${TYPE_NAME},
        (select string_agg(quote_literal(e.enumlabel), ', ' order by e.enumsortorder)
          from pg_enum e where e.enumtypid = t.oid))
      when 'd' then format('create domain %s as %s%s%s;', ${TYPE_NAME},
        format_type(t.typbasetype, t.typtypmod),
        ' default ' || t.typdefault,
        case when t.typnotnull then ' not null' else '' end) ||
        coalesce((select string_agg(format(E'\\nalter domain %s add constraint %I %s;', ${TYPE_NAME},
            k.conname, pg_get_constraintdef(k.oid, true)), '' order by k.conname collate "C")
          from pg_constraint k where k.contypid = t.oid and k.contype = 'c'), '')
      when 'r' then (select format('create type %s as range (subtype = %s);', ${TYPE_NAME},
          format_type(r.rngsubtype, null)) from pg_range r where r.rngtypid = t.oid)
      else format('create type %s as (%s);', ${TYPE_NAME},
        (select string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod)),
            ', ' order by a.attnum)
          from pg_attribute a
          where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped))
    end as definition,
    format('alter %s %s owner to %I;', case t.typtype when 'd' then 'domain' else 'type' end,
      ${TYPE_NAME}, pg_get_userbyid(t.typowner)) as owner_line,
    ${grantLines('t.typacl', "'T'", 't.typowner', `'type ' || ${TYPE_NAME}`)} as grants,
    case when obj_description(t.oid, 'pg_type') is not null then
      format('comment on type %s is %L;', ${TYPE_NAME}, obj_description(t.oid, 'pg_type'))
      end as comment_line
  from pg_type t join pg_namespace n on n.oid = t.typnamespace
  where t.typtype in ('e', 'd', 'r', 'c')
    and (t.typtype <> 'c' or (select c.relkind from pg_class c where c.oid = t.typrelid) = 'c')
    and ${isUserSchema('t.typnamespace')}
    and ${isNotExtensionMember('pg_type', 't.oid')}`;

const EVENT_TRIGGERS_SQL = `
  select quote_ident(e.evtname) as name,
    format('create event trigger %I on %s%s execute function %s();', e.evtname, e.evtevent,
      ' when tag in (' || (select string_agg(quote_literal(tag), ', ' order by tag collate "C")
        from unnest(e.evttags) tag) || ')',
      e.evtfoid::regproc) as definition,
    e.evtenabled as enabled, quote_ident(pg_get_userbyid(e.evtowner)) as owner
  from pg_event_trigger e
  where ${isNotExtensionMember('pg_event_trigger', 'e.oid')}`;

function renderObjects(rows: ObjectRow[]): string[] {
  return sortedBlocks(
    rows.map((row) => ({
      key: row.key,
      text: joinLines([row.definition, row.owner_line, row.grants, row.comment_line]),
    })),
  );
}

/**
 * Dumps functions, procedures and aggregates of the user schemas. Functions and procedures are
 * written by `pg_get_functiondef`, so their bodies are part of the dump.
 */
export async function dumpRoutines(client: CatalogClient): Promise<string[]> {
  const result = await client.query<ObjectRow>(ROUTINES_SQL);
  return renderObjects(result.rows);
}

/**
 * Dumps enum, domain, range and standalone composite types of the user schemas, with domain
 * check constraints. Row types of tables are part of their table.
 */
export async function dumpTypes(client: CatalogClient): Promise<string[]> {
  const result = await client.query<ObjectRow>(TYPES_SQL);
  return renderObjects(result.rows);
}

/** Dumps event triggers that do not belong to an extension. */
export async function dumpEventTriggers(client: CatalogClient): Promise<string[]> {
  const result = await client.query<{
    name: string;
    definition: string;
    enabled: string;
    owner: string;
  }>(EVENT_TRIGGERS_SQL);
  const states: Record<string, string> = { D: 'disable', R: 'enable replica', A: 'enable always' };
  return sortedBlocks(
    result.rows.map((row) => {
      const state = states[row.enabled];
      return {
        key: row.name,
        text: joinLines([
          row.definition,
          state ? `alter event trigger ${row.name} ${state};` : null,
          `alter event trigger ${row.name} owner to ${row.owner};`,
        ]),
      };
    }),
  );
}
