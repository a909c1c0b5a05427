import { tokenizeCsvText, type CsvRow } from '../core/csv-tokenizer.ts';
import { detectCsvLayout } from '../core/csv-writer.ts';
import type { FormatDetection } from '../core/types.ts';
import { columnForName, unitsOfName, type CareLinkColumn, type GlucoseUnits } from './columns.ts';
import {
  parseCareLinkDate,
  variantName,
  type CareLinkLanguage,
  type DateStyle,
} from './dialect.ts';

/** Format identifier of this module. */
export const CARELINK_FORMAT_ID = 'medtronic-carelink';

/** A recognised header row: where each known column sits and the units it names. */
export interface CareLinkHeader {
  /** Header names as the file writes them. */
  names: string[];
  /** Position of each known column; the first occurrence wins. */
  positions: Map<CareLinkColumn, number>;
  /** Glucose unit of each glucose column found. */
  units: Map<CareLinkColumn, GlucoseUnits>;
  language: CareLinkLanguage;
}

/**
 * Recognises a CareLink header row (`Index;Date;Time;…` or `Index;Datum;Zeit;…`), or returns
 * null. Unknown names are kept, so their cells can be carried through unchanged.
 */
export function parseCareLinkHeader(fields: readonly string[]): CareLinkHeader | null {
  // Checked before trimming every cell, because every data row of a file passes through here.
  if (fields[0]?.trim().toLowerCase() !== 'index') {
    return null;
  }
  const names = fields.map((field) => field.trim());
  const positions = new Map<CareLinkColumn, number>();
  const units = new Map<CareLinkColumn, GlucoseUnits>();
  names.forEach((name, position) => {
    const column = columnForName(name);
    if (column === null || positions.has(column)) {
      return;
    }
    positions.set(column, position);
    const unit = unitsOfName(column, name);
    if (unit !== null) {
      units.set(column, unit);
    }
  });
  if (!positions.has('date') || !positions.has('time')) {
    return null;
  }
  const language = /^datum$/i.test(names[positions.get('date') ?? 0] ?? '') ? 'de' : 'en';
  return { names, positions, units, language };
}

/** True for a section title row: `-------;MiniMed 780G MMT-1111;Pump;SERIAL;------- `. */
export function isSectionTitle(fields: readonly string[]): boolean {
  return fields.length >= 3 && /^-{5,}$/.test((fields[0] ?? '').trim());
}

/** Glucose unit of the file: that of Sensor Glucose, else of BG Reading, else mg/dL. */
export function headerUnits(header: CareLinkHeader): GlucoseUnits {
  return header.units.get('sensorGlucose') ?? header.units.get('bgReading') ?? 'mg/dL';
}

/**
 * Detects a CareLink export from the start of its text; see `FormatModule.detect`. It looks
 * for the header row among the first rows, and takes the date style from the first data row
 * after it when the head contains one.
 */
export function detectCareLink(head: string): FormatDetection | null {
  const layout = detectCsvLayout(head);
  const rows = tokenizeCsvText(head, { separator: layout.separator }).slice(0, 40);
  for (const [index, row] of rows.entries()) {
    const header = parseCareLinkHeader(row.fields);
    if (header !== null) {
      const dateStyle = firstDateStyle(rows.slice(index + 1), header.positions.get('date') ?? 1);
      const units = headerUnits(header);
      const variant = variantName({ language: header.language, units, dateStyle });
      return { format: CARELINK_FORMAT_ID, variant, layout };
    }
  }
  return null;
}

function firstDateStyle(rows: readonly CsvRow[], datePosition: number): DateStyle {
  for (const row of rows) {
    const date = parseCareLinkDate(row.fields[datePosition] ?? '');
    if (date !== null) {
      return date.style;
    }
  }
  return 'ymd';
}
