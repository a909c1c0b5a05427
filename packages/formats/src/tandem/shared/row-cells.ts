import type { CsvRow } from '../../core/csv-tokenizer.ts';
import type { IssueSeverity, ReadIssue } from '../../core/types.ts';
import { parseDecimal } from './values.ts';

/** Limits and formatting of one numeric cell. */
export interface NumberRule {
  min: number;
  max: number;
  /** Formats a value as the file writes this column. The cell is taken only if it matches. */
  format: (value: number) => string;
  /** A missing or invalid value rejects the record (`error`) rather than emptying a field. */
  required?: boolean;
}

/**
 * The cells of one data row, addressed by header name. Body parsers `take` the cells they turn
 * into canonical fields, and only when writing the field back gives the same text. The cells
 * left over are kept on the record as `sourceCells`, so a writer can reproduce the row.
 */
export class RowCells {
  private readonly taken = new Set<number>();
  private readonly positions: ReadonlyMap<string, number>;

  /**
   * @param names header names for this row's cells, in order.
   * @param structural names of cells every row has that no record field stands for (the time).
   */
  constructor(
    readonly names: readonly string[],
    readonly row: CsvRow,
    readonly fileName: string | null,
    readonly issues: ReadIssue[],
    private readonly structural: readonly string[] = [],
  ) {
    this.positions = positionsOf(names);
  }

  /** Returns the trimmed cell under `name`, or '' when the row or header lacks it. */
  text(name: string): string {
    const position = this.positions.get(name);
    return position === undefined ? '' : (this.row.fields[position] ?? '').trim();
  }

  /** True when the cell under `name` is not empty. */
  has(name: string): boolean {
    return this.text(name) !== '';
  }

  /** Marks the cell under `name` as held by a record field. */
  take(name: string): void {
    const position = this.positions.get(name);
    if (position !== undefined) {
      this.taken.add(position);
    }
  }

  /** Marks the cell under `name` as not held by any record field after all. */
  release(name: string): void {
    const position = this.positions.get(name);
    if (position !== undefined) {
      this.taken.delete(position);
    }
  }

  /** Takes the cell when it reads exactly `expected`, and returns whether it did. */
  takeIf(name: string, expected: string): boolean {
    const matches = this.has(name) && this.text(name) === expected;
    if (matches) {
      this.take(name);
    }
    return matches;
  }

  /**
   * Reads a number cell under `rule`. Returns null for an empty cell, and for an invalid or
   * implausible one after recording an issue. Such a cell stays among the leftovers.
   */
  number(name: string, rule: NumberRule): number | null {
    const text = this.text(name);
    const required = rule.required === true;
    const severity: IssueSeverity = required ? 'error' : 'warning';
    const tail = required ? '' : ' The field is left empty.';
    if (text === '') {
      if (required) {
        this.issue(name, 'Missing value.', 'error');
      }
      return null;
    }
    const value = parseDecimal(text);
    if (Number.isNaN(value)) {
      this.issue(name, `Invalid number.${tail}`, severity);
      return null;
    }
    if (value < rule.min || value > rule.max) {
      this.issue(
        name,
        `Implausible value. Expected ${limitText(rule.min)}–${limitText(rule.max)}.${tail}`,
        severity,
      );
      return null;
    }
    this.takeIf(name, rule.format(value));
    return value;
  }

  /** Records an issue about the cell under `name` (or the whole row when null). */
  issue(name: string | null, message: string, severity: IssueSeverity): void {
    const position = name === null ? undefined : this.positions.get(name);
    this.issues.push({
      file: this.fileName,
      line: this.row.line,
      column: position === undefined ? null : name,
      value: position === undefined ? null : (this.row.fields[position] ?? ''),
      message,
      severity,
    });
  }

  /** Returns the non-empty cells not taken, keyed by header name, structural cells aside. */
  leftovers(): Record<string, string> {
    const cells: Record<string, string> = {};
    const fields = this.row.fields;
    for (let position = 0; position < this.names.length; position += 1) {
      const name = this.names[position] as string;
      const field = fields[position] ?? '';
      if (field !== '' && !this.taken.has(position) && !this.structural.includes(name)) {
        cells[name] = field;
      }
    }
    return cells;
  }
}

/** Positions by name of each header array seen, so rows of one header share one map. */
const POSITIONS = new WeakMap<readonly string[], ReadonlyMap<string, number>>();

/** Returns the position of each name in `names`, where the first occurrence wins. */
function positionsOf(names: readonly string[]): ReadonlyMap<string, number> {
  let positions = POSITIONS.get(names);
  if (positions === undefined) {
    const built = new Map<string, number>();
    names.forEach((name, position) => {
      if (!built.has(name)) {
        built.set(name, position);
      }
    });
    POSITIONS.set(names, built);
    positions = built;
  }
  return positions;
}

/** Formats a limit for a message, to at most three decimals. */
function limitText(limit: number): string {
  return String(Math.round(limit * 1000) / 1000);
}
