import type { CanonicalRecord } from '@phoenix/domain';
import { UNKNOWN_DEVICE_ID } from './record-base.ts';
import type { NightscoutDocument } from './source.ts';
import { formatOffsetTime } from './time.ts';

/**
 * Shared steps of turning records back into documents. A document is rebuilt on a copy of the
 * document the record was read from, when there is one, so members the model does not hold
 * (`_id`, `noise`, `insulinType`, …) keep their place and value.
 */

/** State of the document being rebuilt. */
export interface EncodeContext {
  /** Copy of the source document, or an empty object for a record from elsewhere. */
  document: NightscoutDocument;
  /** True when the record's time differs from the time the source document gives. */
  timeChanged: boolean;
  /** True when the record's device ID differs from the one the source document gives. */
  deviceChanged: boolean;
  /** True when there is no source document, so the document is built from nothing. */
  isNew: boolean;
}

/** Members that carry a time, in the order a new document gets them. */
const TIME_MEMBERS_BY_KIND = {
  epoch: ['date', 'mills'],
  utc: ['created_at'],
  local: ['dateString', 'sysTime'],
} as const;

/**
 * Writes the time members of `record`. When the time is unchanged the source's own members are
 * kept as they are: Loop's fractional `date` and a `dateString` that disagrees with `date` by
 * under a second both survive. Otherwise every time member the document has is rewritten.
 * A new document gets the members named in `required`.
 */
export function setTimeMembers(
  context: EncodeContext,
  record: CanonicalRecord,
  required: readonly string[],
): void {
  const document = context.document;
  const timeMs = Date.parse(record.time);
  const shouldWrite = (name: string): boolean =>
    name in document ? context.timeChanged : context.isNew && required.includes(name);

  for (const name of TIME_MEMBERS_BY_KIND.epoch) {
    if (shouldWrite(name)) {
      document[name] = epochValue(document[name], timeMs);
    }
  }
  for (const name of TIME_MEMBERS_BY_KIND.utc) {
    if (shouldWrite(name)) {
      document[name] = record.time;
    }
  }
  for (const name of TIME_MEMBERS_BY_KIND.local) {
    if (shouldWrite(name)) {
      document[name] = formatOffsetTime(timeMs, record.timezoneOffset);
    }
  }
  if (shouldWrite('timestamp')) {
    document['timestamp'] = typeof document['timestamp'] === 'number' ? timeMs : record.time;
  }
  if (shouldWrite('utcOffset')) {
    document['utcOffset'] = record.timezoneOffset;
  }
}

/** Keeps a fractional epoch value whose whole milliseconds still match the record's time. */
function epochValue(sourceValue: unknown, timeMs: number): number {
  const isSameInstant = typeof sourceValue === 'number' && Math.floor(sourceValue) === timeMs;
  return isSameInstant ? sourceValue : timeMs;
}

/**
 * Writes the device ID into `device`, or into `enteredBy` for a treatment that names its
 * source there (Loop writes `enteredBy: "loop://…"`). Records without a known device leave
 * both members out.
 */
export function setDeviceMember(
  context: EncodeContext,
  record: CanonicalRecord,
  preferred: 'device' | 'enteredBy',
): void {
  const document = context.document;
  if (!context.deviceChanged && ('device' in document || 'enteredBy' in document)) {
    return;
  }
  let member = preferred;
  if ('device' in document) {
    member = 'device';
  } else if ('enteredBy' in document) {
    member = 'enteredBy';
  }
  if (record.deviceId === UNKNOWN_DEVICE_ID) {
    delete document[member];
    return;
  }
  document[member] = record.deviceId;
}

/** Sets `name` to `value`, or removes it when `value` is undefined. */
export function setMember(document: NightscoutDocument, name: string, value: unknown): void {
  if (value === undefined) {
    delete document[name];
  } else {
    document[name] = value;
  }
}

/** Converts milliseconds to minutes, or undefined for a missing duration. */
export function minutesOf(durationMs: number | null | undefined): number | undefined {
  return durationMs == null ? undefined : durationMs / 60_000;
}
