import { NightscoutError } from '../../http/nightscout-auth-errors.ts';
import { parseInstant } from './convert.ts';

/**
 * Filters of Nightscout reads. API v1 takes MongoDB-style `find[field][$op]=value` query
 * parameters (`find[date][$gte]=1710000000000`, `find[type]=sgv`); API v3 takes
 * `field$op=value` (`date$gt=…`, `type=sgv`). Conditions on a collection's time members become
 * the database's time window; every condition is checked again on the documents read.
 */

/** Comparison operators both API versions accept. */
export type FilterOperator = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'nin' | 'exists';

const OPERATORS: ReadonlySet<string> = new Set([
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'nin',
  'exists',
]);

/** One condition on a document member; dots in `field` walk into nested objects. */
export interface FieldCondition {
  field: string;
  operator: FilterOperator;
  values: string[];
}

const V1_FIND = /^find\[([^\]]+)\](?:\[\$([a-z]+)\])?(?:\[\d*\])?$/;

/** Parse API v1 `find[…]` parameters; raises a 400 NightscoutError for an unknown operator. */
export function parseV1Find(query: Record<string, unknown>): FieldCondition[] {
  const conditions: FieldCondition[] = [];
  for (const [key, raw] of Object.entries(query)) {
    const match = V1_FIND.exec(key);
    if (!match) continue;
    const values = valuesOf(raw).flatMap((value) => value.split(','));
    conditions.push({ field: match[1]!, operator: operatorOf(match[2] ?? 'eq'), values });
  }
  return conditions;
}

/** Query parameters of API v3 reads that are not filters. */
const V3_RESERVED = new Set(['limit', 'skip', 'sort', 'sort$desc', 'fields', 'token', 'now']);

/** Parse API v3 `field$op=value` filters; `in` and `nin` take values separated by `|`. */
export function parseV3Filters(query: Record<string, unknown>): FieldCondition[] {
  const conditions: FieldCondition[] = [];
  for (const [key, raw] of Object.entries(query)) {
    if (V3_RESERVED.has(key)) continue;
    const [field, operator = 'eq'] = key.split('$');
    if (!field) continue;
    const values = valuesOf(raw).flatMap((value) => value.split('|'));
    conditions.push({ field, operator: operatorOf(operator), values });
  }
  return conditions;
}

function operatorOf(text: string): FilterOperator {
  if (!OPERATORS.has(text)) {
    throw new NightscoutError(400, `Unsupported filter operator ${text}`);
  }
  return text as FilterOperator;
}

function valuesOf(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.map(String);
  return raw === undefined ? [] : [String(raw)];
}

/** Members that carry a document's time, per collection. */
export const TIME_FIELDS: Readonly<Record<string, readonly string[]>> = {
  entries: ['date', 'dateString', 'sysTime', 'mills'],
  treatments: ['created_at', 'date', 'timestamp', 'mills'],
  devicestatus: ['created_at', 'date', 'mills'],
  profile: ['startDate', 'created_at', 'date', 'mills'],
};

/** Epoch values below this are seconds: API v3 accepts both, and ms values this small are 1973. */
const SECONDS_LIMIT = 100_000_000_000;

/** Parse the instant of a filter value: epoch ms or seconds, or ISO 8601. */
export function filterInstant(value: string): number | null {
  const instant = parseInstant(value);
  if (instant === null) return null;
  return Math.abs(instant) < SECONDS_LIMIT ? instant * 1000 : instant;
}

/** A time window: inclusive start, exclusive end, either open. */
export interface TimeWindow {
  from: Date | null;
  to: Date | null;
}

/**
 * Compute the time window the conditions on time members allow, widened by a millisecond on
 * each side because documents may carry fractional milliseconds. The exact check runs on the
 * documents. Raises a 400 NightscoutError for a time value that is not an instant.
 */
export function timeWindowOf(
  conditions: readonly FieldCondition[],
  timeFields: readonly string[],
): TimeWindow {
  let fromMs = -Infinity;
  let toMs = Infinity;
  for (const condition of conditions) {
    if (!timeFields.includes(condition.field)) continue;
    if (!['eq', 'gt', 'gte', 'lt', 'lte'].includes(condition.operator)) continue;
    const instant = filterInstant(condition.values[0] ?? '');
    if (instant === null) {
      throw new NightscoutError(400, `Cannot parse ${condition.field} as a valid ISO-8601 date`);
    }
    if (['eq', 'gt', 'gte'].includes(condition.operator)) fromMs = Math.max(fromMs, instant - 1);
    if (['eq', 'lt', 'lte'].includes(condition.operator)) toMs = Math.min(toMs, instant + 2);
  }
  return {
    from: Number.isFinite(fromMs) ? new Date(Math.floor(fromMs)) : null,
    to: Number.isFinite(toMs) ? new Date(Math.ceil(toMs)) : null,
  };
}

/** Return true when any condition names one of the fields. */
export function hasConditionOn(
  conditions: readonly FieldCondition[],
  fields: readonly string[],
): boolean {
  return conditions.some((condition) => fields.includes(condition.field));
}

/** Return true when a document meets every condition. Time members compare as instants. */
export function matchesAll(
  document: Record<string, unknown>,
  conditions: readonly FieldCondition[],
  timeFields: readonly string[],
): boolean {
  return conditions.every((condition) =>
    matches(memberAt(document, condition.field), condition, timeFields.includes(condition.field)),
  );
}

function memberAt(document: Record<string, unknown>, path: string): unknown {
  let value: unknown = document;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function matches(actual: unknown, condition: FieldCondition, isTime: boolean): boolean {
  const { operator, values } = condition;
  if (operator === 'exists') return (actual !== undefined) === (values[0] !== 'false');
  if (operator === 'in') return values.some((value) => compare(actual, value, isTime) === 0);
  if (operator === 'nin') return values.every((value) => compare(actual, value, isTime) !== 0);
  const order = compare(actual, values[0] ?? '', isTime);
  switch (operator) {
    case 'eq':
      return order === 0;
    case 'ne':
      return order !== 0;
    case 'gt':
      return order !== null && order > 0;
    case 'gte':
      return order !== null && order >= 0;
    case 'lt':
      return order !== null && order < 0;
    case 'lte':
      return order !== null && order <= 0;
  }
}

/**
 * Compares a member with a filter value: as instants for time members, as numbers when both
 * are numeric, else as texts. Returns null when the member is missing or not comparable.
 */
function compare(actual: unknown, value: string, isTime: boolean): number | null {
  if (actual === undefined || actual === null || typeof actual === 'object') return null;
  if (isTime) {
    const left = parseInstant(actual);
    const right = filterInstant(value);
    return left === null || right === null ? null : Math.sign(left - right);
  }
  const left = typeof actual === 'number' ? actual : numberOf(String(actual));
  const right = numberOf(value);
  if (left !== null && right !== null) return Math.sign(left - right);
  const text = String(actual);
  if (text === value) return 0;
  return text < value ? -1 : 1;
}

function numberOf(text: string): number | null {
  if (!/^\s*-?\d+(\.\d+)?\s*$/.test(text)) return null;
  return Number(text);
}
