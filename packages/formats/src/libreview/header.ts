import { tokenizeCsvText } from '../core/csv-tokenizer.ts';
import { detectCsvLayout } from '../core/csv-writer.ts';
import type { FormatDetection } from '../core/types.ts';
import {
  LIBREVIEW_FORMAT_ID,
  parseColumnName,
  TITLE_WORDS,
  variantName,
  type LibreViewColumn,
  type LibreViewLanguage,
  type LibreViewUnits,
} from './dialect.ts';

/** A recognised header row: where each column sits, its language and glucose unit. */
export interface LibreViewHeader {
  positions: Map<LibreViewColumn, number>;
  /** Header names as the file writes them, for issues. */
  names: string[];
  language: LibreViewLanguage;
  units: LibreViewUnits;
}

const REQUIRED: readonly LibreViewColumn[] = [
  'device',
  'serialNumber',
  'deviceTimestamp',
  'recordType',
  'historicGlucose',
];

/**
 * Lines on which the header may stand: personal exports have one title line before it, clinic
 * "Patient report" exports two.
 */
export const HEADER_LINES: readonly number[] = [2, 3];

/**
 * Recognises a LibreView header row in English or German, or returns null. Columns are found
 * by name, so a file with fewer or reordered columns still reads.
 */
export function parseLibreViewHeader(fields: readonly string[]): LibreViewHeader | null {
  const names = fields.map((field) => field.trim());
  const positions = new Map<LibreViewColumn, number>();
  let language: LibreViewLanguage | null = null;
  let units: LibreViewUnits | null = null;

  for (const [position, name] of names.entries()) {
    const found = parseColumnName(name);
    if (found === null || positions.has(found.column)) {
      continue;
    }
    positions.set(found.column, position);
    if (found.column === 'deviceTimestamp') {
      language = found.language;
    }
    if (found.column === 'historicGlucose') {
      units = found.units;
    }
  }

  if (REQUIRED.some((column) => !positions.has(column)) || language === null || units === null) {
    return null;
  }
  return { positions, names, language, units };
}

/** Detects a LibreView export from the start of its text; see `FormatModule.detect`. */
export function detectLibreView(head: string): FormatDetection | null {
  const layout = detectCsvLayout(head);
  if (layout.separator !== ',') {
    return null;
  }
  const firstLines = head.split(/\r\n|\n|\r/, 3).join('\n');
  const rows = tokenizeCsvText(firstLines, { separator: ',' });
  for (const line of HEADER_LINES) {
    const row = rows[line - 1];
    const header = row === undefined ? null : parseLibreViewHeader(row.fields);
    if (header !== null) {
      // A personal title with the header on line 3 (a blank line between) is no clinic export.
      const clinic = line === 3 && !isPersonalTitle(rows[0]?.fields[0] ?? '');
      const variant = { language: header.language, units: header.units, clinic };
      return {
        format: LIBREVIEW_FORMAT_ID,
        variant: variantName(variant),
        layout: { ...layout, quoteAll: false },
      };
    }
  }
  return null;
}

/** Returns true for the first cell of a personal export's title line, `Glucose Data`. */
function isPersonalTitle(cell: string): boolean {
  return Object.values(TITLE_WORDS).some((words) => words.glucoseData === cell.trim());
}
