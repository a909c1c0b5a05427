import type { CanonicalRecord } from '@phoenix/domain';
import { formatCsvRow } from '../core/csv-writer.ts';
import type { CsvLayout, WriteOptions } from '../core/types.ts';
import { writeZip } from '../core/zip.ts';
import {
  DATE_RANGE_LABEL,
  DEFAULT_LAYOUT,
  GLOOKO_TABLES,
  headerRow,
  parseVariantName,
  TABLE_COLUMNS,
  type GlookoTable,
  type GlookoVariant,
} from './dialect.ts';
import { classifyEntry, entryPathOfLabel, TABLE_PATHS } from './entries.ts';
import { recordRow, type TableRow } from './table-rows.ts';
import { formatGlookoDate } from './values.ts';

/** Writer options of the Glooko module. */
export interface GlookoWriteOptions extends WriteOptions {
  /** Name after `Name:` in each title line. Records never hold names, so it is empty unless set. */
  patientName?: string;
  /** Dates of the title line's range, `YYYY-MM-DD`; the span of the records' local dates unless set. */
  dateRange?: { start: string; end: string };
  /** Row order within a table: as given (the default), or sorted by device time. */
  order?: 'given' | 'newestFirst' | 'oldestFirst';
  /** Archive compression: `deflate` (the default) or `store`. */
  compression?: 'deflate' | 'store';
  /** Modification time of the archive's entries, local `YYYY-MM-DDTHH:mm:ss`; 1980-01-01 unless set. */
  modifiedAt?: string;
  /** Table written by `write`, which writes one table as CSV text; `cgm` unless set. */
  table?: GlookoTable;
}

interface WriteContext {
  variant: GlookoVariant;
  layout: CsvLayout;
  title: { name: string; range: string };
}

/**
 * Writes records as a Glooko export archive (variant `en` unless `options.variant` names one).
 *
 * - Entries: `cgm_data_1.csv`, `bg_data_1.csv`, `carbs_data_1.csv`, `alarms_data_1.csv` and,
 *   under `Insulin data/`, `bolus_data_1.csv`, `basal_data_1.csv` and `insulin_data_1.csv`, each
 *   written even when empty, as Glooko does. A record read from another entry of its table
 *   (`cgm_data_2.csv`) goes back there. Glooko's manual-log tables are not written.
 * - Written: `cbg` (cgm), `smbg` (bg, with `M` for subtype `manual`), `food` (carbs),
 *   `deviceEvent` of subtype `alarm` (alarms), `bolus` together with the `wizard` of the same
 *   row (bolus), and `basal`.
 *   The daily totals table is written empty, because records hold no totals.
 * - The canonical model does not hold the basal Percentage and Insulin Delivered columns, which
 *   are written empty, nor seconds, which Glooko does not write.
 * - A `cbg` or `smbg` without a value (past the sensor's or meter's range) is skipped, because
 *   no known Glooko export writes such readings.
 *
 * @throws RangeError for an unknown variant or an invalid `modifiedAt`.
 */
export function writeGlookoArchive(
  records: Iterable<CanonicalRecord>,
  options: GlookoWriteOptions = {},
): Uint8Array {
  const { context, rows } = prepare(records, options);
  const entries = entryPaths(rows).map(({ path, table }) => {
    const tableRows = rows.filter((row) => row.table === table && rowPath(row) === path);
    return { name: path, data: Buffer.from(tableText(table, tableRows, context), 'utf8') };
  });
  return writeZip(entries, {
    compression: options.compression ?? 'deflate',
    ...(options.modifiedAt === undefined ? {} : { modifiedAt: options.modifiedAt }),
  });
}

/**
 * Writes the records of one table (`options.table`, `cgm` unless set) as the text of a single
 * Glooko CSV file, as it sits inside an export archive.
 *
 * @throws RangeError for an unknown variant or table.
 */
export function writeGlookoTable(
  records: Iterable<CanonicalRecord>,
  options: GlookoWriteOptions = {},
): string {
  const table = options.table ?? 'cgm';
  if (!GLOOKO_TABLES.includes(table)) {
    throw new RangeError(
      `Unknown Glooko table "${table}": expected one of ${GLOOKO_TABLES.join(', ')}.`,
    );
  }
  const { context, rows } = prepare(records, options);
  return tableText(
    table,
    rows.filter((row) => row.table === table),
    context,
  );
}

function prepare(
  records: Iterable<CanonicalRecord>,
  options: GlookoWriteOptions,
): { context: WriteContext; rows: TableRow[] } {
  const variant = parseVariantName(options.variant ?? 'en');
  const rows = sortRows(mergeBolusRows([...records], variant), options.order ?? 'given');
  const range = options.dateRange ?? dateSpan(rows);
  const language = variant.language;
  const context: WriteContext = {
    variant,
    layout: { ...DEFAULT_LAYOUT, ...options.layout },
    title: {
      name: options.patientName ?? '',
      range: `${formatGlookoDate(range.start, language)} - ${formatGlookoDate(range.end, language)}`,
    },
  };
  return { context, rows };
}

/** Returns the rows of all records, a bolus and the calculator input of its row as one. */
function mergeBolusRows(records: CanonicalRecord[], variant: GlookoVariant): TableRow[] {
  const rows: TableRow[] = [];
  const bolusRows = new Map<string, TableRow>();
  for (const record of records) {
    const row = recordRow(record, variant);
    if (row === null) {
      continue;
    }
    const merged = row.bolusKey === null ? undefined : bolusRows.get(row.bolusKey);
    if (merged !== undefined) {
      Object.assign(merged.cells, withoutEmpty(row.cells));
      continue;
    }
    if (row.bolusKey !== null) {
      bolusRows.set(row.bolusKey, row);
    }
    rows.push(row);
  }
  return rows;
}

function withoutEmpty(cells: TableRow['cells']): TableRow['cells'] {
  return Object.fromEntries(Object.entries(cells).filter(([, value]) => value !== ''));
}

function sortRows(rows: TableRow[], order: 'given' | 'newestFirst' | 'oldestFirst'): TableRow[] {
  if (order === 'given') {
    return rows;
  }
  const sign = order === 'newestFirst' ? -1 : 1;
  // Array.prototype.sort is stable, so rows of equal time keep the order given.
  return [...rows].sort((a, b) => sign * a.deviceTime.localeCompare(b.deviceTime));
}

function dateSpan(rows: TableRow[]): { start: string; end: string } {
  const dates = rows.map((row) => row.deviceTime.slice(0, 10)).sort();
  return { start: dates[0] ?? '', end: dates[dates.length - 1] ?? '' };
}

/** Returns the entry a row belongs in: where it was read from, if that entry is of its table. */
function rowPath(row: TableRow): string {
  const path = row.sourceFile === null ? null : entryPathOfLabel(row.sourceFile);
  const kind = path === null ? null : classifyEntry(path);
  if (path !== null && kind?.kind === 'table' && kind.table === row.table) {
    return path;
  }
  return TABLE_PATHS[row.table];
}

/** Lists every table's first entry in writing order, then the further entries rows came from. */
function entryPaths(rows: TableRow[]): { path: string; table: GlookoTable }[] {
  const paths: { path: string; table: GlookoTable }[] = [];
  for (const table of GLOOKO_TABLES) {
    const extra = new Set(rows.filter((row) => row.table === table).map(rowPath));
    extra.delete(TABLE_PATHS[table]);
    paths.push({ path: TABLE_PATHS[table], table });
    for (const path of [...extra].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))) {
      paths.push({ path, table });
    }
  }
  return paths;
}

function tableText(table: GlookoTable, rows: TableRow[], context: WriteContext): string {
  const { layout, variant, title } = context;
  const header = headerRow(table, variant);
  const titleFields = [
    `Name:${title.name}`,
    `${DATE_RANGE_LABEL[variant.language]}:${title.range}`,
  ];
  while (titleFields.length < header.length) {
    titleFields.push('');
  }
  const lines = [
    layout.bom ? '\uFEFF' : '',
    formatCsvRow(titleFields, layout),
    formatCsvRow(header, layout),
  ];
  for (const row of rows) {
    lines.push(
      formatCsvRow(
        TABLE_COLUMNS[table].map((column) => row.cells[column] ?? ''),
        layout,
      ),
    );
  }
  return lines.join('');
}
