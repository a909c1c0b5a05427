import type { CanonicalRecord } from '@phoenix/domain';
import type { NightscoutDocumentRow, NightscoutStoredRecord } from '@phoenix/db';
import { nightscout, NIGHTSCOUT_FORMAT_ID, type NightscoutSource } from '@phoenix/formats';
import { idsOfRecord } from './identifiers.ts';

/** A document ready to send, with the instant and change time that reads sort by. */
export interface RenderedDocument {
  document: Record<string, unknown>;
  timeMs: number;
  srvModified: number;
}

/**
 * Turn a stored row into the document a client receives. A document whose records all still
 * exist is sent as the client wrote it. When some are gone, the Nightscout writer of
 * `@phoenix/formats` rebuilds it from the remaining records on top of the stored document.
 * Records without a document (uploaded another way) are written as new documents, with an
 * `_id` and `identifier` derived from their identity hash. Server members are added: `_id`
 * always, and for API v3 `identifier`, `srvCreated` and `srvModified`. A deleted document
 * gets `isValid: false`. Returns null when nothing can be rendered.
 */
export function renderRow(row: NightscoutDocumentRow, apiVersion: 1 | 3): RenderedDocument | null {
  const timeMs = row.recordTime.getTime();
  const body = bodyOf(row);
  if (body === null) return null;
  const firstRecord = row.records[0];
  const derived = firstRecord ? idsOfRecord(firstRecord.hash) : null;
  const objectId = row.objectId ?? derived?.objectId;
  const identifier = row.identifier ?? derived?.identifier;
  const srvModified = row.srvModified ?? firstRecord?.modifiedMs ?? timeMs;
  const srvCreated = row.srvCreated ?? srvModified;

  const document: Record<string, unknown> = { _id: objectId, ...body };
  addTimeMembers(document, row.collection, timeMs, apiVersion);
  if (apiVersion === 3) {
    document['identifier'] = identifier;
    document['srvCreated'] = srvCreated;
    document['srvModified'] = srvModified;
  }
  if (!row.isValid) document['isValid'] = false;
  return { document, timeMs, srvModified };
}

function bodyOf(row: NightscoutDocumentRow): Record<string, unknown> | null {
  if (row.document !== null) {
    if (!row.isValid) return { ...row.document };
    if (row.records.length === row.linked && row.linked > 0) return { ...row.document };
    if (row.records.length === 0) return null;
    const source: NightscoutSource = {
      collection: row.collection,
      document: row.document,
      syncIds: {},
      deleted: false,
    };
    const records = row.records.map((stored) =>
      Object.assign(canonicalRecord(stored, { format: NIGHTSCOUT_FORMAT_ID, line: 1 }), {
        nightscout: source,
      }),
    );
    return writtenDocument(records);
  }
  const stored = row.records[0];
  return stored ? writtenDocument([canonicalRecord(stored)]) : null;
}

function writtenDocument(records: CanonicalRecord[]): Record<string, unknown> | null {
  const written = JSON.parse(nightscout.write(records, { variant: 'array', indent: 0 })) as Record<
    string,
    unknown
  >[];
  return written[0] ?? null;
}

/**
 * Rebuild a canonical record from its stored fields. `origin` replaces the stored provenance when set,
 * which makes the writer group records with their source document.
 */
export function canonicalRecord(
  stored: NightscoutStoredRecord,
  origin?: CanonicalRecord['origin'],
): CanonicalRecord {
  const base = {
    id: stored.hash,
    time: new Date(Date.parse(stored.time)).toISOString(),
    deviceTime: String(stored.deviceTime).slice(0, 19),
    timezoneOffset: stored.timezoneOffset,
    clockDriftOffset: stored.clockDriftOffset,
    conversionOffset: stored.conversionOffset,
    timeResolution: stored.timeResolution,
    deviceId: stored.deviceId,
    origin: origin ?? {
      format: stored.sourceFormat ?? 'unknown',
      ...(stored.sourceLine === null ? {} : { line: stored.sourceLine }),
    },
  };
  const glucose = {
    valueMgDl: stored.valueMgDl,
    outOfRange: stored.outOfRange,
    thresholdMgDl: stored.thresholdMgDl,
  };
  if (stored.type === 'cbg') {
    return {
      ...base,
      type: 'cbg',
      ...glucose,
      sourceUnits: 'mg/dL',
      rateMgDlPerMin: stored.rateMgDlPerMin ?? null,
      trend: (stored.trend ?? null) as never,
      transmitterTimeSec: stored.transmitterTimeSec ?? null,
    } as CanonicalRecord;
  }
  const payload = stored.payload ?? {};
  if (stored.type === 'smbg') return { ...base, ...payload, type: 'smbg', ...glucose } as never;
  return { ...base, ...payload, type: stored.type } as CanonicalRecord;
}

/** Time members that clients of each collection and API version expect to find. */
function addTimeMembers(
  document: Record<string, unknown>,
  collection: string,
  timeMs: number,
  apiVersion: 1 | 3,
): void {
  const iso = new Date(timeMs).toISOString();
  if (collection === 'entries') {
    document['date'] ??= timeMs;
    document['dateString'] ??= iso;
  } else if (collection === 'profile') {
    document['startDate'] ??= iso;
  } else {
    document['created_at'] ??= iso;
  }
  if (apiVersion === 3) document['date'] ??= timeMs;
}
