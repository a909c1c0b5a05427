import { identityHash, type CbgRecord } from '@phoenix/domain';

/**
 * Build a canonical CGM reading for tests, with its identity hash computed from its fields.
 * `minute` counts minutes after 2024-03-04T08:00:00Z; the device clock is UTC.
 */
export function cbgAt(
  minute: number,
  valueMgDl: number | null,
  outOfRange: 'low' | 'high' | null = null,
): CbgRecord {
  const timeMs = Date.UTC(2024, 2, 4, 8, 0, 0) + minute * 60_000;
  const time = new Date(timeMs).toISOString();
  const thresholds = { low: 40, high: 400 };
  const record: Omit<CbgRecord, 'id'> = {
    type: 'cbg',
    time,
    deviceTime: time.slice(0, 19),
    timezoneOffset: 0,
    clockDriftOffset: 0,
    conversionOffset: 0,
    timezone: 'UTC',
    timeResolution: 'exact',
    deviceId: 'dexcom-g6:TEST01',
    origin: { format: 'test', line: minute + 1 },
    valueMgDl,
    outOfRange,
    thresholdMgDl: outOfRange ? thresholds[outOfRange] : null,
    sourceUnits: 'mg/dL',
    transmitterTimeSec: 1000 + minute * 60,
    transmitterId: 'TEST01',
  };
  return { ...record, id: identityHash(record) };
}
