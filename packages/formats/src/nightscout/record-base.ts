import { formatUtcIso, identityHash, type BaseRecord, type CanonicalRecord } from '@phoenix/domain';
import type { DocumentFields } from './fields.ts';
import {
  NIGHTSCOUT_FORMAT_ID,
  syncIdsOf,
  type NightscoutCollection,
  type NightscoutRecord,
  type NightscoutSource,
} from './source.ts';
import {
  isPlausibleOffset,
  localClock,
  parseEpochMs,
  parseIsoTime,
  type LocalClock,
} from './time.ts';

/** Longest `origin.sourceRowId` the upload API accepts. */
const MAX_SOURCE_ROW_ID = 100;

/** Device ID of documents that name no device. */
export const UNKNOWN_DEVICE_ID = 'nightscout:unknown';

/**
 * Members that carry the instant of a document, most trusted first. Entries carry epoch
 * milliseconds in `date`, which is trusted over `dateString` because old uploaders wrote
 * non-ISO date strings. Treatments carry `created_at`, but AndroidAPS also writes `date` and
 * xDrip+ writes `timestamp` in milliseconds, which are more precise.
 */
export const TIME_MEMBERS: Readonly<Record<NightscoutCollection, readonly string[]>> = {
  entries: ['date', 'dateString', 'mills'],
  treatments: ['date', 'timestamp', 'created_at', 'mills'],
  devicestatus: ['created_at', 'date', 'mills'],
  profile: ['startDate', 'created_at', 'date', 'mills'],
};

/** Text members whose numeric UTC offset gives the device's local clock, first found wins. */
const OFFSET_MEMBERS = ['dateString', 'sysTime', 'created_at', 'timestamp', 'startDate'];
const NUMERIC_OFFSET = /[+-]\d{2}(:?\d{2})?$/;

/** The instant of a document and the device's wall clock at that instant. */
export interface DocumentTime {
  /** UTC milliseconds, with the fractional part the document has. */
  instantMs: number;
  clock: LocalClock;
}

/**
 * Reads the instant of a document from the first valid member of `TIME_MEMBERS`. A member that
 * is present but invalid gives a warning when a later member is used. When no member is valid,
 * it pushes an error and returns null.
 */
export function readDocumentTime(fields: DocumentFields): DocumentTime | null {
  const candidates = TIME_MEMBERS[fields.collection];
  const invalid: string[] = [];
  for (const name of candidates) {
    if (!fields.has(name)) {
      continue;
    }
    const instantMs = instantOf(fields.document[name]);
    if (instantMs === null) {
      invalid.push(name);
      continue;
    }
    for (const bad of invalid) {
      const message = `Invalid ${bad}. The document's ${name} was used instead.`;
      fields.warning(bad, fields.document[bad], message);
    }
    return { instantMs, clock: clockOf(fields, instantMs) };
  }

  const [firstInvalid] = invalid;
  if (firstInvalid !== undefined) {
    const message = `Invalid ${firstInvalid}. Expected epoch milliseconds or an ISO 8601 time with an offset, on or after 2000-01-01.`;
    fields.error(firstInvalid, fields.document[firstInvalid], message);
  } else {
    const message = `Missing time. Expected one of ${candidates.join(', ')}.`;
    fields.error(candidates[0] ?? null, undefined, message);
  }
  return null;
}

function instantOf(value: unknown): number | null {
  if (
    typeof value === 'number' ||
    (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value))
  ) {
    return parseEpochMs(value);
  }
  if (typeof value !== 'string') {
    return null;
  }
  const parsed = parseIsoTime(value);
  return parsed === null ? null : parseEpochMs(parsed.instantMs);
}

function clockOf(fields: DocumentFields, instantMs: number): LocalClock {
  let textOffset: number | null = null;
  for (const name of OFFSET_MEMBERS) {
    const text = fields.string(name);
    // Most uploaders write `Z`, which gives no offset, so those texts are not parsed.
    if (text !== undefined && NUMERIC_OFFSET.test(text)) {
      textOffset = parseIsoTime(text)?.offsetMinutes ?? null;
      if (isPlausibleOffset(textOffset)) {
        break;
      }
    }
  }
  return localClock(instantMs, textOffset, fields.document['utcOffset'], fields.context.timezone);
}

/**
 * Returns the device ID of a document, from the first of: `device`, the pump as
 * `pumpType:pumpSerial`, `enteredBy`, else `UNKNOWN_DEVICE_ID`. The pump comes second because
 * AndroidAPS names it on every treatment but often names no device.
 */
export function deviceIdOf(fields: DocumentFields): string {
  const device = nonEmpty(fields.string('device'));
  const pumpType = nonEmpty(fields.string('pumpType'));
  const pumpSerial = nonEmpty(fields.string('pumpSerial'));
  const pump =
    pumpType === undefined || pumpSerial === undefined ? undefined : `${pumpType}:${pumpSerial}`;
  return device ?? pump ?? nonEmpty(fields.string('enteredBy')) ?? UNKNOWN_DEVICE_ID;
}

function nonEmpty(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

type BodyOf<T extends CanonicalRecord> = Omit<T, keyof BaseRecord> & { type: T['type'] };

/** Type-specific fields of a record: everything but the base fields. */
export type RecordBody = CanonicalRecord extends infer T
  ? T extends CanonicalRecord
    ? BodyOf<T>
    : never
  : never;

/**
 * Builds a record from the document's time, device and a body, with its identity hash and the
 * `nightscout` member that keeps the document.
 */
export function buildRecord(
  fields: DocumentFields,
  time: DocumentTime,
  deviceId: string,
  body: RecordBody,
): NightscoutRecord {
  const document = fields.document;
  const origin: BaseRecord['origin'] = { format: NIGHTSCOUT_FORMAT_ID };
  if (fields.context.fileName !== null) {
    origin.file = fields.context.fileName;
  }
  origin.line = fields.context.line;
  if (typeof document['_id'] === 'string' && document['_id'].length <= MAX_SOURCE_ROW_ID) {
    origin.sourceRowId = document['_id'];
  }

  const base: Omit<BaseRecord, 'type' | 'id'> = {
    time: formatUtcIso(Math.floor(time.instantMs)),
    deviceTime: time.clock.deviceTime,
    timezoneOffset: time.clock.timezoneOffset,
    clockDriftOffset: 0,
    conversionOffset: 0,
    timeResolution: 'utc',
    deviceId,
    origin,
  };
  if (time.clock.timezone !== undefined) {
    base.timezone = time.clock.timezone;
  }

  // Object.assign rather than object spread: V8 (Node.js 20) builds records with spreads of
  // these objects tens of times slower, which dominated the reader's time.
  const record = Object.assign(base, body, { id: '' }) as CanonicalRecord;
  record.id = identityHash(record);

  const nightscout: NightscoutSource = {
    collection: fields.collection,
    document,
    syncIds: syncIdsOf(document),
    deleted: document['isValid'] === false,
  };
  return Object.assign(record, { nightscout });
}
