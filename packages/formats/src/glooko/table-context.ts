import type { CsvRow } from '../core/csv-tokenizer.ts';
import type { IssueSeverity, ReadIssue } from '../core/types.ts';
import { TABLE_COLUMNS, type GlookoColumn, type TableHeader } from './dialect.ts';

/** Facts about one table that the row parser needs, and what it has already reported. */
export interface TableContext {
  header: TableHeader;
  /** File name for issues and provenance: the CSV file, or `archive.zip:entry/path.csv`. */
  file: string | null;
  /** Columns reported once already, so repeats are skipped without a warning. */
  reportedColumns: Set<GlookoColumn>;
}

function position(context: TableContext, column: GlookoColumn): number {
  return (TABLE_COLUMNS[context.header.table] as readonly GlookoColumn[]).indexOf(column);
}

/** Reads the cell of `column` in `row`, or '' when the row is short or the table lacks it. */
export function cell(context: TableContext, row: CsvRow, column: GlookoColumn): string {
  const at = position(context, column);
  return at === -1 ? '' : (row.fields[at] ?? '').trim();
}

/** Builds an issue about `column` of `row`. */
export function rowIssue(
  context: TableContext,
  row: CsvRow,
  column: GlookoColumn | null,
  message: string,
  severity: IssueSeverity = 'error',
): ReadIssue {
  const at = column === null ? -1 : position(context, column);
  return {
    file: context.file,
    line: row.line,
    column: at === -1 ? null : (context.header.names[at] ?? null),
    value: at === -1 ? null : (row.fields[at] ?? ''),
    message,
    severity,
  };
}
