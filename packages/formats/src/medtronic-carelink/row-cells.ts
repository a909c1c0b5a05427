import type { CsvRow } from '../core/csv-tokenizer.ts';
import type { IssueSeverity, ReadIssue } from '../core/types.ts';
import type { CareLinkColumn } from './columns.ts';
import type { CareLinkHeader } from './header.ts';
import { parseDecimal } from './values.ts';

/** Facts about the file and row that the body parsers need. */
export interface RowContext {
  header: CareLinkHeader;
  fileName: string | null;
  /** Numbers may use a decimal comma (files separated by `;`). */
  decimalComma: boolean;
  /** IANA zone of the pump clock. */
  timezone: string;
}

/** Limits and formatting of one numeric cell. */
export interface NumberRule {
  min: number;
  max: number;
  /** Formats a value as CareLink writes this column. The cell is taken only if it matches. */
  format: (value: number) => string;
  /** A missing or invalid value rejects the record (`error`) rather than emptying a field. */
  required?: boolean;
}

/** Columns that every row has and that no record field stands for. */
const STRUCTURAL: readonly CareLinkColumn[] = ['index', 'date', 'time'];

/**
 * The cells of one data row. Body parsers `take` the cells they turn into canonical fields, and
 * only when writing the field back gives the same text. The cells left over are kept on the
 * record as `sourceCells`, so the writer can reproduce the row.
 */
export class RowCells {
  private readonly taken = new Set<number>();

  constructor(
    readonly context: RowContext,
    readonly row: CsvRow,
    readonly issues: ReadIssue[],
  ) {}

  /** Returns the trimmed cell of `column`, or '' when the row or header lacks it. */
  text(column: CareLinkColumn): string {
    const position = this.context.header.positions.get(column);
    return position === undefined ? '' : (this.row.fields[position] ?? '').trim();
  }

  /** True when the cell of `column` is not empty. */
  has(column: CareLinkColumn): boolean {
    return this.text(column) !== '';
  }

  /** Marks the cell of `column` as held by a record field. */
  take(column: CareLinkColumn): void {
    const position = this.context.header.positions.get(column);
    if (position !== undefined) {
      this.taken.add(position);
    }
  }

  /** Takes the cell when it reads exactly `expected`, and returns whether it did. */
  takeIf(column: CareLinkColumn, expected: string): boolean {
    const matches = this.has(column) && this.text(column) === expected;
    if (matches) {
      this.take(column);
    }
    return matches;
  }

  /**
   * Reads a number cell under `rule`. Returns null for an empty cell, and for an invalid or
   * implausible one after recording an issue. Such a cell stays among the leftovers.
   */
  number(column: CareLinkColumn, rule: NumberRule): number | null {
    const text = this.text(column);
    const severity: IssueSeverity = rule.required === true ? 'error' : 'warning';
    const tail = rule.required === true ? '' : ' The field is left empty.';
    if (text === '') {
      if (rule.required === true) {
        this.issue(column, 'Missing value.', 'error');
      }
      return null;
    }
    const value = parseDecimal(text, this.context.decimalComma);
    if (Number.isNaN(value)) {
      this.issue(column, `Invalid number.${tail}`, severity);
      return null;
    }
    if (value < rule.min || value > rule.max) {
      this.issue(
        column,
        `Implausible value. Expected ${limitText(rule.min)}–${limitText(rule.max)}.${tail}`,
        severity,
      );
      return null;
    }
    this.takeIf(column, rule.format(value));
    return value;
  }

  /** Records an issue about `column` (or the whole row when null). */
  issue(column: CareLinkColumn | null, message: string, severity: IssueSeverity): void {
    const position = column === null ? undefined : this.context.header.positions.get(column);
    this.issues.push({
      file: this.context.fileName,
      line: this.row.line,
      column: position === undefined ? null : (this.context.header.names[position] ?? null),
      value: position === undefined ? null : (this.row.fields[position] ?? ''),
      message,
      severity,
    });
  }

  /** Returns the non-empty cells not taken, keyed by header name, Index, Date and Time aside. */
  leftovers(): Record<string, string> {
    const { names, positions } = this.context.header;
    const [index, date, time] = STRUCTURAL.map((column) => positions.get(column));
    const cells: Record<string, string> = {};
    const fields = this.row.fields;
    for (let position = 0; position < fields.length; position += 1) {
      const field = fields[position] as string;
      const structural = position === index || position === date || position === time;
      if (field !== '' && !structural && !this.taken.has(position)) {
        cells[names[position] ?? `(column ${position + 1})`] = field;
      }
    }
    return cells;
  }
}

/** Formats a limit for a message, to at most three decimals. */
function limitText(limit: number): string {
  return String(Math.round(limit * 1000) / 1000);
}
