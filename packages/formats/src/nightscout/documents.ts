import type { ReadIssue } from '../core/types.ts';
import { DEVICE_STATUS_MEMBERS, deviceStatusBody } from './device-status.ts';
import { entryBody } from './entries.ts';
import { DocumentFields, issueValue, type DocumentContext } from './fields.ts';
import { profileBody } from './profile.ts';
import { buildRecord, deviceIdOf, readDocumentTime, type RecordBody } from './record-base.ts';
import type { NightscoutCollection, NightscoutDocument, NightscoutRecord } from './source.ts';
import { treatmentBodies } from './treatments.ts';

/** Members that mark a treatment when a document comes without its collection. */
const TREATMENT_MEMBERS = ['eventType', 'insulin', 'carbs', 'created_at'];

/**
 * Returns the collection of a document: `hint` when the file names it (an object of
 * collections), else the collection its members show, or null when they show none.
 */
export function documentCollection(
  document: NightscoutDocument,
  hint: NightscoutCollection | null,
): NightscoutCollection | null {
  if (hint !== null) {
    return hint;
  }
  const has = (name: string): boolean => document[name] !== undefined;
  if (['sgv', 'mbg'].some(has) || ['sgv', 'mbg', 'cal'].includes(String(document['type']))) {
    return 'entries';
  }
  if (has('store') || has('defaultProfile')) {
    return 'profile';
  }
  if (DEVICE_STATUS_MEMBERS.some(has)) {
    return 'devicestatus';
  }
  if (TREATMENT_MEMBERS.some(has)) {
    return 'treatments';
  }
  return null;
}

/** Records and issues of one document, in the order they are yielded. */
export interface DocumentResult {
  records: NightscoutRecord[];
  issues: ReadIssue[];
}

/**
 * Turns one parsed JSON value into records. A value that is not an object, or an object of no
 * known collection, gives one error issue. A deletion (`isValid: false`) gives its records,
 * marked `nightscout.deleted`, and a warning, so that no caller stores it as data by mistake.
 */
export function readDocument(
  value: unknown,
  hint: NightscoutCollection | null,
  context: DocumentContext,
): DocumentResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { records: [], issues: [documentIssue(context, value, notAnObject(value))] };
  }
  const document = value as NightscoutDocument;
  const collection = documentCollection(document, hint);
  if (collection === null) {
    const message =
      'Unknown document. Expected an entry (sgv, mbg, cal), a treatment, a devicestatus or a profile.';
    return { records: [], issues: [documentIssue(context, Object.keys(document), message)] };
  }

  const fields = new DocumentFields(document, collection, context);
  const bodies = documentBodies(fields);
  const time = bodies.length === 0 ? null : readDocumentTime(fields);
  const deviceId = deviceIdOf(fields);
  const records =
    time === null ? [] : bodies.map((body) => buildRecord(fields, time, deviceId, body));
  if (records.length > 0 && document['isValid'] === false) {
    const message =
      'Deleted item (isValid false). Its records are marked nightscout.deleted: apply them as deletions, not as data.';
    fields.warning('isValid', false, message);
  }
  return { records, issues: fields.issues };
}

function documentBodies(fields: DocumentFields): RecordBody[] {
  switch (fields.collection) {
    case 'entries':
      return listOf(entryBody(fields));
    case 'treatments':
      return treatmentBodies(fields);
    case 'devicestatus':
      return [deviceStatusBody(fields)];
    case 'profile':
      return listOf(profileBody(fields));
  }
}

function listOf(body: RecordBody | null): RecordBody[] {
  return body === null ? [] : [body];
}

function notAnObject(value: unknown): string {
  const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
  return `Invalid document. Expected a JSON object, found ${kind}.`;
}

function documentIssue(context: DocumentContext, value: unknown, message: string): ReadIssue {
  return {
    file: context.fileName,
    line: context.line,
    column: null,
    value: issueValue(value),
    message,
    severity: 'error',
  };
}
