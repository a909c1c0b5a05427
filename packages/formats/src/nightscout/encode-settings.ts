import { mgDlToMmolL, type CanonicalRecord, type SettingsRecord } from '@phoenix/domain';
import { setDeviceMember, setTimeMembers, type EncodeContext } from './encode-common.ts';
import type { NightscoutPumpSettings, ScheduleEntry } from './profile.ts';

/**
 * Writes a `status` device event into a devicestatus document. The model keeps none of the
 * status figures, so only a record read from Nightscout, whose document has them, is written.
 */
export function encodeDeviceStatus(context: EncodeContext, record: CanonicalRecord): boolean {
  if (record.type !== 'deviceEvent' || record.subType !== 'status') {
    return false;
  }
  if (Object.keys(context.document).length === 0) {
    return false;
  }
  setTimeMembers(context, record, ['created_at']);
  setDeviceMember(context, record, 'device');
  return true;
}

/**
 * Writes a `pumpSettings` record whose settings have the shape this module reads
 * (`NightscoutPumpSettings`) as a profile document. Members of the source's profiles that the
 * settings do not contain (`carbs_hr`, `delay`, …) are kept.
 */
export function encodeProfile(context: EncodeContext, record: CanonicalRecord): boolean {
  if (record.type !== 'pumpSettings' || !isNightscoutSettings(record)) {
    return false;
  }
  const settings = record.settings as unknown as NightscoutPumpSettings;
  const document = context.document;
  const mmol = settings.units.bg === 'mmol/L';
  const fromMgDl = (value: number): number =>
    mmol ? Math.round(mgDlToMmolL(value) * 10) / 10 : value;

  if (settings.activeSchedule !== null) {
    document['defaultProfile'] = settings.activeSchedule;
  }
  const sourceStore = isObject(document['store']) ? document['store'] : {};
  const store: Record<string, unknown> = {};
  for (const name of Object.keys(settings.basalSchedules)) {
    const profile: Record<string, unknown> = isObject(sourceStore[name])
      ? { ...sourceStore[name] }
      : {};
    profile['dia'] = settings.insulinActionHours[name] ?? profile['dia'];
    profile['timezone'] = settings.timezones[name] ?? profile['timezone'];
    profile['basal'] = scheduleOf(settings.basalSchedules[name] ?? [], (value) => value);
    profile['carbratio'] = scheduleOf(settings.carbRatios[name] ?? [], (value) => value);
    profile['sens'] = scheduleOf(settings.insulinSensitivities[name] ?? [], fromMgDl);
    const targets = settings.bgTargets[name] ?? [];
    profile['target_low'] = scheduleOf(targets, (range) => fromMgDl(range.lowMgDl));
    profile['target_high'] = scheduleOf(targets, (range) => fromMgDl(range.highMgDl));
    store[name] = profile;
  }
  document['store'] = store;
  document['units'] = mmol ? 'mmol' : 'mg/dl';
  if (context.isNew || ('startDate' in document && context.timeChanged)) {
    document['startDate'] = record.time;
  }
  setTimeMembers(context, record, []);
  setDeviceMember(context, record, 'enteredBy');
  return true;
}

function isNightscoutSettings(record: SettingsRecord): boolean {
  return isObject(record.settings['basalSchedules']) && isObject(record.settings['units']);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scheduleOf<V>(
  entries: readonly ScheduleEntry<V>[],
  valueOf: (value: V) => number,
): { time: string; timeAsSeconds: number; value: number }[] {
  return entries.map((entry) => {
    const seconds = Math.round(entry.startMs / 1000);
    const hours = String(Math.floor(seconds / 3600)).padStart(2, '0');
    const minutes = String(Math.floor((seconds % 3600) / 60)).padStart(2, '0');
    return { time: `${hours}:${minutes}`, timeAsSeconds: seconds, value: valueOf(entry.value) };
  });
}
