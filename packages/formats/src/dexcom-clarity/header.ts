import { tokenizeCsvText } from '../core/csv-tokenizer.ts';
import { detectCsvLayout } from '../core/csv-writer.ts';
import type { FormatDetection } from '../core/types.ts';
import {
  CLARITY_COLUMNS,
  HEADER_PATTERNS,
  variantName,
  type ClarityColumn,
  type ClarityLanguage,
  type ClarityVariant,
} from './dialect.ts';

/** Format identifier of this module. */
export const CLARITY_FORMAT_ID = 'dexcom-clarity';

/** A recognised header row: where each column sits, and the variant it implies. */
export interface ClarityHeader {
  /** Position of each column found. */
  positions: Map<ClarityColumn, number>;
  /** Header names as the file writes them, for issues. */
  names: string[];
  variant: ClarityVariant;
}

const REQUIRED: readonly ClarityColumn[] = ['index', 'timestamp', 'eventType', 'glucose'];

/**
 * Recognises a Clarity header row in English or German, or returns null. Columns are found by
 * name. A cell whose name is unknown takes the column that Clarity writes at that position, so
 * a translation this module has not seen still reads.
 */
export function parseClarityHeader(fields: readonly string[]): ClarityHeader | null {
  const names = fields.map((field) => field.trim());
  if (names.length !== 12 && names.length !== 14) {
    return null;
  }

  const positions = new Map<ClarityColumn, number>();
  names.forEach((name, position) => {
    const lower = name.toLowerCase();
    const column = CLARITY_COLUMNS.find((key) => HEADER_PATTERNS[key].test(lower));
    if (column !== undefined && !positions.has(column)) {
      positions.set(column, position);
    }
  });
  if (REQUIRED.some((column) => !positions.has(column)) || positions.get('index') !== 0) {
    return null;
  }
  names.forEach((_name, position) => {
    const column = CLARITY_COLUMNS[position];
    if (column !== undefined && !positions.has(column) && !isPositionTaken(positions, position)) {
      positions.set(column, position);
    }
  });

  return { positions, names, variant: headerVariant(names, positions) };
}

function isPositionTaken(positions: Map<ClarityColumn, number>, position: number): boolean {
  return [...positions.values()].includes(position);
}

function headerVariant(names: string[], positions: Map<ClarityColumn, number>): ClarityVariant {
  const timestamp = names[positions.get('timestamp') ?? 0] ?? '';
  const glucose = (names[positions.get('glucose') ?? 0] ?? '').toLowerCase();
  const language: ClarityLanguage = /^zeitstempel/i.test(timestamp) ? 'de' : 'en';
  return {
    language,
    units: glucose.includes('mmol') ? 'mmol/L' : 'mg/dL',
    columnCount: names.length === 12 ? 12 : 14,
  };
}

/** Detects a Clarity export from the start of its text; see `FormatModule.detect`. */
export function detectClarity(head: string): FormatDetection | null {
  const layout = detectCsvLayout(head);
  const lineEnd = head.search(/[\r\n]/);
  const firstLine = lineEnd === -1 ? head : head.slice(0, lineEnd);
  const [headerRow] = tokenizeCsvText(firstLine, { separator: layout.separator });
  if (headerRow === undefined) {
    return null;
  }
  const header = parseClarityHeader(headerRow.fields);
  if (header === null) {
    return null;
  }
  return { format: CLARITY_FORMAT_ID, variant: variantName(header.variant), layout };
}
