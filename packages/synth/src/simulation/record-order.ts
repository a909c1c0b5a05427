import type { CanonicalRecord, RecordType } from '@phoenix/domain';

/**
 * Order of record types at the same instant: settings first, then readings, then what the
 * patient or pump did. A reader that assigns undated app entries to the transmitter of the last
 * reading before them (Dexcom Clarity) then sees the reading first.
 */
const TYPE_ORDER: Record<RecordType, number> = {
  cgmSettings: 0,
  pumpSettings: 1,
  cbg: 2,
  smbg: 3,
  basal: 4,
  wizard: 5,
  bolus: 6,
  food: 7,
  deviceEvent: 8,
};

/**
 * Sorts a day's records by time, then type, then identity, and returns the records. `entries`
 * itself is sorted in place.
 */
export function sortDayRecords(
  entries: { record: CanonicalRecord; timeMs: number }[],
): CanonicalRecord[] {
  entries.sort(
    (a, b) =>
      a.timeMs - b.timeMs ||
      TYPE_ORDER[a.record.type] - TYPE_ORDER[b.record.type] ||
      (a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0),
  );
  return entries.map((entry) => entry.record);
}
