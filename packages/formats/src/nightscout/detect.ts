import type { FormatDetection } from '../core/types.ts';
import { NIGHTSCOUT_FORMAT_ID } from './source.ts';
import { layoutOfHead } from './variants.ts';

const COLLECTION_MEMBER = /"(entries|treatments|devicestatus|profile)"\s*:\s*[[{]/;
/** Members only Nightscout documents have. */
const DOCUMENT_MEMBER =
  /"(sgv|mbg|eventType|dateString|enteredBy|defaultProfile|openaps|uploaderBattery)"\s*:|"type"\s*:\s*"(sgv|mbg|cal)"|"device"\s*:\s*"(loop|openaps):\/\//;
/** Members that carry a document's time; a Nightscout document always has one. */
const TIME_MEMBER = /"(date|dateString|created_at|timestamp|startDate|mills)"\s*:/;

/**
 * Recognises Nightscout JSON from the start of a file: it must start with `[` or `{` (after an
 * optional byte-order mark) and show either a collection member (`"entries": [`) or a member
 * only Nightscout documents have (`sgv`, `eventType`, …) together with a time member. CSV
 * exports start with neither bracket, so they are never taken for Nightscout. The variant is
 * the layout (`collections`, `array`, `ndjson` or `document`).
 */
export function detectNightscout(head: string): FormatDetection | null {
  const layout = layoutOfHead(head);
  if (layout === null) {
    return null;
  }
  const isNightscout =
    COLLECTION_MEMBER.test(head) || (DOCUMENT_MEMBER.test(head) && TIME_MEMBER.test(head));
  return isNightscout ? { format: NIGHTSCOUT_FORMAT_ID, variant: layout } : null;
}
