import { FormatRegistry, Type, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import {
  RECORD_TYPES,
  TIME_FORMAT_MESSAGE,
  withoutNul,
  type CanonicalRecord,
} from '@phoenix/domain';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const IsoInstant = Type.String({ minLength: 20, maxLength: 40 });
// Every record carries one, so the check reads character codes instead of running a regular
// expression over 64 characters.
FormatRegistry.Set('sha256-hex', isSha256Hex);
const Hex64 = Type.String({ format: 'sha256-hex' });

const Base = {
  id: Hex64,
  time: IsoInstant,
  deviceTime: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$' }),
  timezoneOffset: Type.Integer(),
  clockDriftOffset: Type.Integer(),
  conversionOffset: Type.Integer(),
  timezone: Type.Optional(Type.String({ maxLength: 64 })),
  timeResolution: Type.Union(
    ['exact', 'resolved', 'ambiguous', 'nonexistent', 'utc'].map((value) => Type.Literal(value)),
  ),
  deviceId: Type.String({ minLength: 1, maxLength: 200 }),
  sourceCells: Type.Optional(
    Type.Record(Type.String({ maxLength: 200 }), Type.String({ maxLength: 1000 }), {
      maxProperties: 100,
    }),
  ),
  origin: Type.Object(
    {
      format: Type.String({ minLength: 1, maxLength: 64 }),
      file: Type.Optional(Type.String({ maxLength: 500 })),
      line: Type.Optional(Type.Integer({ minimum: 1 })),
      sourceRowId: Type.Optional(Type.String({ maxLength: 100 })),
    },
    { additionalProperties: false },
  ),
};

const Glucose = {
  valueMgDl: Nullable(Type.Number()),
  outOfRange: Nullable(Type.Union([Type.Literal('low'), Type.Literal('high')])),
  thresholdMgDl: Nullable(Type.Number()),
  sourceUnits: Type.Union([Type.Literal('mg/dL'), Type.Literal('mmol/L')]),
};

const OptionalNullableNumber = Type.Optional(Nullable(Type.Number()));
const OptionalNullableString = Type.Optional(Nullable(Type.String({ maxLength: 200 })));

/**
 * Options of every record type but cbg: fields a type does not define are rejected, because
 * the fields of those types beyond the common ones are stored as they come (in the staging
 * payload). A cbg reading is stored in columns only, so it ignores fields it does not define,
 * which spares a check of every key of every reading.
 */
const STRICT = { additionalProperties: false } as const;

const SCHEMAS: Record<string, TSchema> = {
  cbg: Type.Object({
    type: Type.Literal('cbg'),
    ...Base,
    ...Glucose,
    rateMgDlPerMin: OptionalNullableNumber,
    trend: OptionalNullableString,
    transmitterTimeSec: Type.Optional(Nullable(Type.Integer())),
    transmitterId: OptionalNullableString,
  }),
  smbg: Type.Object(
    {
      type: Type.Literal('smbg'),
      ...Base,
      ...Glucose,
      subType: Type.Union(['manual', 'linked', 'calibration'].map((value) => Type.Literal(value))),
      transmitterId: OptionalNullableString,
    },
    STRICT,
  ),
  bolus: Type.Object(
    {
      type: Type.Literal('bolus'),
      ...Base,
      subType: Type.Union(['normal', 'square', 'dual/square'].map((value) => Type.Literal(value))),
      normalUnits: Nullable(Type.Number()),
      extendedUnits: Nullable(Type.Number()),
      durationMs: Nullable(Type.Number()),
      insulinKind: OptionalNullableString,
    },
    STRICT,
  ),
  basal: Type.Object(
    {
      type: Type.Literal('basal'),
      ...Base,
      deliveryType: Type.Union(
        ['scheduled', 'temp', 'suspend', 'automated'].map((value) => Type.Literal(value)),
      ),
      rateUnitsPerHour: Nullable(Type.Number()),
      durationMs: Nullable(Type.Number()),
    },
    STRICT,
  ),
  food: Type.Object({ type: Type.Literal('food'), ...Base, carbsGrams: Type.Number() }, STRICT),
  deviceEvent: Type.Object(
    {
      type: Type.Literal('deviceEvent'),
      ...Base,
      subType: Type.String({ minLength: 1, maxLength: 100 }),
      detail: OptionalNullableString,
      durationMs: OptionalNullableNumber,
      valueMgDl: OptionalNullableNumber,
    },
    STRICT,
  ),
  wizard: Type.Object(
    {
      type: Type.Literal('wizard'),
      ...Base,
      carbsGrams: Nullable(Type.Number()),
      recommendedUnits: Nullable(Type.Number()),
      bgInputMgDl: Nullable(Type.Number()),
      insulinOnBoardUnits: Nullable(Type.Number()),
      insulinCarbRatio: Nullable(Type.Number()),
    },
    STRICT,
  ),
  pumpSettings: Type.Object(
    {
      type: Type.Literal('pumpSettings'),
      ...Base,
      settings: Type.Record(Type.String(), Type.Unknown()),
    },
    STRICT,
  ),
  cgmSettings: Type.Object(
    {
      type: Type.Literal('cgmSettings'),
      ...Base,
      settings: Type.Record(Type.String(), Type.Unknown()),
    },
    STRICT,
  ),
};

/** JSON schemas of the canonical record types, for the OpenAPI document. */
export const RECORD_SCHEMAS: readonly TSchema[] = Object.values(SCHEMAS);

// A Map, not an object, so a type such as `constructor` or `__proto__` finds no checker.
const CHECKERS = new Map(
  Object.entries(SCHEMAS).map(([type, schema]) => [type, TypeCompiler.Compile(schema)]),
);

/** A shape problem: the field as a JSON pointer within the record, its value and the rule. */
export interface ShapeProblem {
  field: string;
  value: unknown;
  message: string;
}

/**
 * Check a record's shape against the JSON schema of its type. Returns the record typed when it
 * fits, or the first problems found (at most five, so one bad record cannot flood a receipt).
 */
export function checkShape(
  value: unknown,
): { record: CanonicalRecord; problems: [] } | { record: null; problems: ShapeProblem[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      record: null,
      problems: [
        { field: '', value: summariseValue(value), message: 'a record must be an object' },
      ],
    };
  }
  const type = (value as { type?: unknown }).type;
  const checker = typeof type === 'string' ? CHECKERS.get(type) : undefined;
  if (!checker) {
    return {
      record: null,
      problems: [
        {
          field: '/type',
          value: typeof type === 'string' ? type.slice(0, 50) : (type ?? null),
          message: `type must be one of ${RECORD_TYPES.join(', ')}`,
        },
      ],
    };
  }
  if (checker.Check(value)) return { record: value as CanonicalRecord, problems: [] };

  const problems: ShapeProblem[] = [];
  for (const error of checker.Errors(value)) {
    problems.push({
      field: error.path,
      value: summariseValue(error.value),
      message: describeRecordError(error),
    });
    if (problems.length === 5) break;
  }
  return { record: null, problems };
}

/**
 * Returns a value shortened for a rejection: text past 100 characters is cut, objects and
 * arrays become a placeholder, and undefined becomes null. A receipt repeats what failed, not
 * whole documents.
 */
export function summariseValue(value: unknown): unknown {
  if (typeof value === 'string') {
    const text = withoutNul(value);
    return text.length > 100 ? `${text.slice(0, 100)}…` : text;
  }
  // JSON has no Infinity (JSON.parse reads 1e309 as Infinity), and a receipt would show null.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'object' && value !== null)
    return Array.isArray(value) ? '[array]' : '[object]';
  return value ?? null;
}

/** True for 64 lowercase hexadecimal digits, the form of a SHA-256 digest in record IDs. */
function isSha256Hex(text: string): boolean {
  if (text.length !== 64) return false;
  for (let index = 0; index < 64; index += 1) {
    const code = text.charCodeAt(index);
    const digit = code >= 0x30 && code <= 0x39;
    const letter = code >= 0x61 && code <= 0x66;
    if (!digit && !letter) return false;
  }
  return true;
}

/**
 * Returns the message for a record's shape error. A `time` shorter than the shortest instant
 * (`2024-05-01T08:00:00Z`) is no instant at all, so its message names the expected format
 * rather than the minimum length.
 */
function describeRecordError(error: ValueError): string {
  if (error.path === '/time' && error.type === ValueErrorType.StringMinLength) {
    return TIME_FORMAT_MESSAGE;
  }
  if (error.type === ValueErrorType.ObjectAdditionalProperties) {
    return 'unknown field for this record type; remove it or check its spelling';
  }
  return describeError(error);
}

/**
 * Returns TypeBox's message, except for a union. TypeBox reports a union as "Expected union
 * value", so the message lists the accepted types and values instead ("Expected number or null").
 */
export function describeError(error: ValueError): string {
  if (error.type !== ValueErrorType.Union) return error.message;
  const options = describeOptions(error.schema);
  const last = options.pop();
  return options.length === 0 ? `Expected ${last}` : `Expected ${options.join(', ')} or ${last}`;
}

/** Lists what a schema accepts: each literal as JSON, each type by name, unions flattened. */
function describeOptions(schema: TSchema): string[] {
  const members = (schema as { anyOf?: TSchema[] }).anyOf;
  if (members) return members.flatMap(describeOptions);
  if ('const' in schema) return [JSON.stringify(schema.const)];
  return [String(schema.type ?? 'value')];
}
