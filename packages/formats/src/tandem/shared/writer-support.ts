import type { SettingsRecord } from '@phoenix/domain';
import type { TandemRecord, TandemSettings } from './record-body.ts';
import { serialOfDeviceId } from './record-body.ts';

/** The Tandem format identifiers whose settings records name pumps. */
const TANDEM_FORMATS = new Set(['tandem-tconnect', 'tandem-source']);

/** Returns the `pumpSettings` records that the Tandem readers gave. */
export function tandemSettings(records: readonly TandemRecord[]): TandemSettings[] {
  return records
    .filter(
      (record): record is SettingsRecord & TandemRecord =>
        record.type === 'pumpSettings' &&
        TANDEM_FORMATS.has(record.origin.format) &&
        'deviceType' in record.settings,
    )
    .map((record) => record.settings as unknown as TandemSettings);
}

/**
 * Returns a function giving the Device Type to write for a record: the one a settings record
 * names for its serial number, else `fallback`.
 */
export function deviceTypeLookup(
  settings: readonly TandemSettings[],
  fallback: string,
): (record: TandemRecord) => string {
  const bySerial = new Map<string, string>();
  for (const entry of settings) {
    if (entry.deviceType !== null && !bySerial.has(entry.serialNumber ?? '')) {
      bySerial.set(entry.serialNumber ?? '', entry.deviceType);
    }
  }
  return (record) => bySerial.get(serialOfDeviceId(record.deviceId)) ?? fallback;
}

/**
 * Groups records read from one source row of `format` (they share file and line); records from
 * elsewhere stand alone. Settings records are left out.
 */
export function groupByRow(records: readonly TandemRecord[], format: string): TandemRecord[][] {
  const groups: TandemRecord[][] = [];
  let previousKey: string | null = null;
  for (const record of records) {
    if (record.type === 'pumpSettings' || record.type === 'cgmSettings') {
      continue;
    }
    const { file, line } = record.origin;
    const key =
      record.origin.format === format && line !== undefined ? `${file ?? ''}:${line}` : null;
    const last = groups.at(-1);
    if (last !== undefined && key !== null && key === previousKey) {
      last.push(record);
    } else {
      groups.push([record]);
    }
    previousKey = key;
  }
  return groups;
}

/**
 * Moves each `wizard` that is alone in its group (read from another source) into the group of
 * the `bolus` of the same device and device time, after the bolus, because Tandem files write
 * the calculator input on the row of the bolus it requested. A lone wizard without such a bolus
 * is left out: the files have no row for a calculation that gave no bolus.
 */
export function pairWizards(groups: readonly TandemRecord[][]): TandemRecord[][] {
  const key = (record: TandemRecord): string => `${record.deviceId}\u0000${record.deviceTime}`;
  const isLoneWizard = (group: readonly TandemRecord[]): boolean =>
    group.length === 1 && group[0]?.type === 'wizard';
  const unpaired = new Map<string, TandemRecord[][]>();
  const paired: TandemRecord[][] = groups.map((group) => [...group]);
  for (const group of paired) {
    const bolus = group.find((record) => record.type === 'bolus');
    if (bolus !== undefined && !group.some((record) => record.type === 'wizard')) {
      unpaired.set(key(bolus), [...(unpaired.get(key(bolus)) ?? []), group]);
    }
  }
  for (const group of paired) {
    const [wizard] = group;
    if (wizard !== undefined && isLoneWizard(group)) {
      const target = unpaired.get(key(wizard))?.shift();
      target?.push(wizard);
    }
  }
  return paired.filter((group) => !isLoneWizard(group));
}

/**
 * Returns the fields of a row: for each name, the record's own source cell, else the derived
 * cell, else ''. Derived cells of several records merge, the first non-empty winning.
 */
export function rowFields(
  names: readonly string[],
  derived: readonly Record<string, string>[],
  sourceCells: Record<string, string> | undefined,
): string[] {
  return names.map((name) => {
    const own = sourceCells?.[name];
    if (own !== undefined) {
      return own;
    }
    return derived.map((cells) => cells[name] ?? '').find((text) => text !== '') ?? '';
  });
}
