import type { DocumentFields } from './fields.ts';
import type { RecordBody } from './record-base.ts';

/**
 * Devicestatus documents: snapshots of a closed-loop system, uploaded every few minutes.
 *
 * ```
 * {"device": "loop://iPhone", "created_at": "…", "pump": {"reservoir": 112.5, …},
 *  "uploader": {"battery": 64}, "loop": {"iob": {…}, "cob": {…}, "predicted": {…}}}
 * {"device": "openaps://AndroidAPS", "created_at": "…", "openaps": {"iob": {…},
 *  "suggested": {…}, "enacted": {…}}, "pump": {…}, "uploaderBattery": 71}
 * ```
 *
 * The canonical model has no record for insulin on board, predictions or reservoir levels, so
 * each document gives a `deviceEvent` of subtype `status` whose detail names the system
 * (`loop` or `openaps`, null for a pump or uploader status alone). The figures stay in the
 * document the record keeps.
 */
export function deviceStatusBody(fields: DocumentFields): RecordBody {
  const detail = fields.has('loop') ? 'loop' : fields.has('openaps') ? 'openaps' : null;
  return { type: 'deviceEvent', subType: 'status', detail };
}

/** Members of which a devicestatus document has at least one. */
export const DEVICE_STATUS_MEMBERS: readonly string[] = [
  'loop',
  'openaps',
  'pump',
  'uploader',
  'uploaderBattery',
  'xdripjs',
  'configuration',
];
