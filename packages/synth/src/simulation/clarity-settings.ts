import type { CanonicalRecord } from '@phoenix/domain';
import type { Random } from '../random/prng.ts';
import { recordFromStamp } from '../records/record-builder.ts';

/** One alert setting in the shape the Dexcom Clarity reader produces. */
interface AlertSetting {
  name: string;
  thresholdMgDl: number | null;
  rateMgDlPerMin: number | null;
  durationMs: number | null;
}

/**
 * Draws the alert settings of a Dexcom app as a Clarity export lists them before its data:
 * Fall and Rise at 2 or 3 mg/dL/min, High at 180–300, Low at 70–80, Signal Loss after
 * 20 minutes, Urgent Low and Urgent Low Soon at 55 mg/dL (the app's fixed level). The result
 * has the `settings` shape of a `cgmSettings` record read from Clarity.
 */
export function drawClaritySettings(
  random: Random,
  deviceName: string,
  sourceDeviceId: string,
  units: 'mg/dL' | 'mmol/L',
): Record<string, unknown> {
  const rate = random.pick([2, 3, 3]);
  const alerts: AlertSetting[] = [
    { name: 'Fall', thresholdMgDl: null, rateMgDlPerMin: rate, durationMs: null },
    {
      name: 'High',
      thresholdMgDl: random.pick([180, 200, 220, 250, 270, 300]),
      rateMgDlPerMin: null,
      durationMs: null,
    },
    {
      name: 'Low',
      thresholdMgDl: random.pick([70, 70, 75, 80]),
      rateMgDlPerMin: null,
      durationMs: null,
    },
    { name: 'Signal Loss', thresholdMgDl: null, rateMgDlPerMin: null, durationMs: 20 * 60_000 },
    { name: 'Rise', thresholdMgDl: null, rateMgDlPerMin: rate, durationMs: null },
    { name: 'Urgent Low', thresholdMgDl: 55, rateMgDlPerMin: null, durationMs: null },
    { name: 'Urgent Low Soon', thresholdMgDl: 55, rateMgDlPerMin: null, durationMs: null },
  ];
  return {
    deviceName,
    sourceDeviceId,
    patientInfoRows: ['FirstName', 'LastName'],
    alerts,
    units,
  };
}

/**
 * Builds the `cgmSettings` record for the first reading of a Dexcom patient. A Clarity export
 * writes its settings without a time, and its reader gives them the time and device of the
 * file's first data row, so the record is stamped like that reading.
 */
export function claritySettingsRecord(
  firstReading: CanonicalRecord,
  settings: Record<string, unknown>,
): CanonicalRecord {
  const stamp = { ...firstReading, timeMs: Date.parse(firstReading.time) };
  return recordFromStamp(firstReading.deviceId, stamp, firstReading.timezone ?? 'UTC', {
    type: 'cgmSettings',
    settings,
  });
}
