import type { CsvRow } from '../core/csv-tokenizer.ts';
import type { IssueSeverity, ReadIssue } from '../core/types.ts';
import type { LibreViewColumn } from './dialect.ts';
import type { LibreViewHeader } from './header.ts';

/** Facts about the file that the row parser needs, and what it has already reported. */
export interface RowContext {
  header: LibreViewHeader;
  fileName: string | null;
  /** Columns this module does not read that have been reported once already. */
  reportedColumns: Set<LibreViewColumn>;
}

/** Reads the cell of `column` in `row`, or '' when the row is short or lacks the column. */
export function cell(context: RowContext, row: CsvRow, column: LibreViewColumn): string {
  const position = context.header.positions.get(column);
  return position === undefined ? '' : (row.fields[position] ?? '').trim();
}

/** Returns the header name of `column` as the file writes it, or null when it has none. */
export function columnName(context: RowContext, column: LibreViewColumn): string | null {
  const position = context.header.positions.get(column);
  return position === undefined ? null : (context.header.names[position] ?? null);
}

/** Builds an issue about `column` of `row`. */
export function rowIssue(
  context: RowContext,
  row: CsvRow,
  column: LibreViewColumn | null,
  message: string,
  severity: IssueSeverity = 'error',
): ReadIssue {
  const position = column === null ? undefined : context.header.positions.get(column);
  return {
    file: context.fileName,
    line: row.line,
    column: position === undefined ? null : (context.header.names[position] ?? null),
    value: position === undefined ? null : (row.fields[position] ?? ''),
    message,
    severity,
  };
}
