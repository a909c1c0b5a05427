import type { CanonicalRecord, CbgRecord } from '@phoenix/domain';
import { setDeviceMember, setMember, setTimeMembers, type EncodeContext } from './encode-common.ts';
import { SHARE_HIGH_SGV, SHARE_LOW_SGV } from './entries.ts';
import { DIRECTION_BY_TREND, directionOfTrendCode, trendOfDirection } from './trend.ts';

/** Members a new entries document gets, so that every reader finds its time. */
const REQUIRED_TIME_MEMBERS = ['date', 'dateString'];

/**
 * Writes an entries record into `context.document`: `cbg` as `sgv` (out-of-range readings as
 * Dexcom Share's 39 and 401), `smbg` as `mbg` in mg/dL, a `calibration` device event as `cal`
 * (which only a document read from Nightscout can fill, because its slope and intercept are
 * not in the model). Returns false for a record entries cannot hold.
 */
export function encodeEntry(context: EncodeContext, record: CanonicalRecord): boolean {
  const document = context.document;
  switch (record.type) {
    case 'cbg':
      document['type'] = 'sgv';
      document['sgv'] = sgvValue(record);
      setDirection(document, record.trend ?? null);
      setMember(document, 'trendRate', record.rateMgDlPerMin ?? document['trendRate'] ?? undefined);
      break;
    case 'smbg':
      if (record.valueMgDl === null) {
        return false;
      }
      document['type'] = 'mbg';
      document['mbg'] = record.valueMgDl;
      break;
    case 'deviceEvent':
      if (record.subType !== 'calibration' || document['type'] !== 'cal') {
        return false;
      }
      break;
    default:
      return false;
  }
  setTimeMembers(context, record, REQUIRED_TIME_MEMBERS);
  setDeviceMember(context, record, 'device');
  return true;
}

function sgvValue(record: CbgRecord): number {
  if (record.outOfRange === 'low') {
    return SHARE_LOW_SGV;
  }
  if (record.outOfRange === 'high') {
    return SHARE_HIGH_SGV;
  }
  return record.valueMgDl ?? SHARE_LOW_SGV;
}

/**
 * Writes `direction` for a trend, keeping the source's spelling while it still means the same
 * trend (`NotComputable` stays `NotComputable`). A numeric Dexcom `trend` member the document
 * has is left alone unless the direction changes, and is removed then, because its code would
 * contradict the new direction.
 */
function setDirection(document: Record<string, unknown>, trend: CbgRecord['trend']): void {
  const sourceMember = document['direction'];
  const sourceDirection =
    typeof sourceMember === 'string' ? sourceMember : directionOfTrendCode(document['trend']);
  if (sourceDirection !== undefined && trendOfDirection(sourceDirection) === (trend ?? null)) {
    return;
  }
  if (trend === null || trend === undefined) {
    if (typeof sourceMember === 'string') {
      document['direction'] = 'NONE';
    }
  } else {
    document['direction'] = DIRECTION_BY_TREND[trend];
  }
  delete document['trend'];
}
