/**
 * The rows around the data of a CareLink export: the three preamble rows at the top and the
 * title row of each section. In an English 780G export they read:
 *
 * ```
 * Last Name;First Name;Patient ID;System ID;Start Date;End Date;Device;MiniMed 780G MMT-1111;Hardware Version;A2.01;Firmware Version;8.13.2
 * "Doe";"Jane";"";"";"04.07.2026 00:00:00";"05.07.2026 00:00:00";"Serial Number";NG1234567H;Software Version;
 * Patient DOB;;;;;;CGM;Guardian™ 4 Sensor
 * -------;MiniMed 780G MMT-1111;Pump;NG1234567H;-------
 * ```
 *
 * Names, patient and system IDs and the date of birth are never read.
 */
import type { SectionKind } from './sections.ts';

/**
 * The `settings` of the `pumpSettings` record a CareLink file gives: pump and sensor from the
 * preamble and title rows, and the header row as written so that a writer can reproduce it.
 * Text is kept as the file writes it, and is null where the file has no such cell.
 */
export interface CareLinkSettings {
  /** Pump model as CareLink names it: `MiniMed 780G MMT-1111`. */
  device: string | null;
  serialNumber: string | null;
  hardwareVersion: string | null;
  firmwareVersion: string | null;
  softwareVersion: string | null;
  /** Sensor model: `Guardian™ 4 Sensor`. */
  cgm: string | null;
  /** Start and end of the exported period, as written (`04.07.2026 00:00:00`). */
  startDate: string | null;
  endDate: string | null;
  /** True when the file starts with the three preamble rows. */
  hasPreamble: boolean;
  /** Header row of the first section, as written. */
  header: string[];
}

/** A section title row: the section and the pump it names. */
export interface SectionTitle {
  kind: SectionKind;
  device: string | null;
  serialNumber: string | null;
}

/** Reads a title row `-------;DEVICE;Pump|Sensor;SERIAL;------- | Aggregated Auto Insulin Data`. */
export function parseSectionTitle(fields: readonly string[]): SectionTitle {
  const cell = (position: number): string | null => fields[position]?.trim() || null;
  const last = fields[4] ?? '';
  const kind: SectionKind = /aggregated/i.test(last)
    ? 'autoInsulin'
    : /sensor/i.test(fields[2] ?? '')
      ? 'sensor'
      : 'pump';
  return { kind, device: cell(1), serialNumber: cell(3) };
}

/** Preamble labels (lowercased) and the cell after which each value sits, per preamble row. */
const LABELS = {
  device: { row: 0, label: 'device', fallback: 7 },
  hardwareVersion: { row: 0, label: 'hardware version', fallback: 9 },
  firmwareVersion: { row: 0, label: 'firmware version', fallback: 11 },
  serialNumber: { row: 1, label: 'serial number', fallback: 7 },
  softwareVersion: { row: 1, label: 'software version', fallback: 9 },
  cgm: { row: 2, label: 'cgm', fallback: 7 },
} as const;

type LabelledField = keyof typeof LABELS;

/**
 * Collects the preamble rows. A value is found after its English label, or at the position
 * CareLink writes it when the label is not English. Start and End Date sit in the second row
 * below their labels in the first.
 */
export class PreambleCollector {
  private readonly rows: string[][] = [];

  /** Number of rows collected. */
  get size(): number {
    return this.rows.length;
  }

  add(fields: readonly string[]): void {
    this.rows.push(fields.map((field) => field.trim()));
  }

  /** Returns the settings read so far, with `header` left empty for the reader to fill. */
  settings(): CareLinkSettings {
    const value = (field: LabelledField): string | null => this.labelled(field);
    const first = this.rows[0] ?? [];
    const startAt = indexOrFallback(first, 'start date', 4);
    const endAt = indexOrFallback(first, 'end date', 5);
    return {
      device: value('device'),
      serialNumber: value('serialNumber'),
      hardwareVersion: value('hardwareVersion'),
      firmwareVersion: value('firmwareVersion'),
      softwareVersion: value('softwareVersion'),
      cgm: value('cgm'),
      startDate: this.rows[1]?.[startAt] ?? null,
      endDate: this.rows[1]?.[endAt] ?? null,
      hasPreamble: this.rows.length > 0,
      header: [],
    };
  }

  private labelled(field: LabelledField): string | null {
    const { row, label, fallback } = LABELS[field];
    const fields = this.rows[row];
    if (fields === undefined) {
      return null;
    }
    const labelAt = fields.findIndex((cell) => cell.toLowerCase() === label);
    return fields[labelAt === -1 ? fallback : labelAt + 1] ?? null;
  }
}

function indexOrFallback(fields: readonly string[], label: string, fallback: number): number {
  const found = fields.findIndex((cell) => cell.toLowerCase() === label);
  return found === -1 ? fallback : found;
}
