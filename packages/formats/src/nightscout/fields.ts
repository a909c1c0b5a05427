import type { IssueSeverity, ReadIssue } from '../core/types.ts';
import type { NightscoutCollection, NightscoutDocument } from './source.ts';

/** Longest value text an issue repeats, so one bad document cannot flood a report. */
const MAX_ISSUE_VALUE_LENGTH = 200;

/** Where a document sits in the file, and the zone for documents without an offset. */
export interface DocumentContext {
  fileName: string | null;
  /**
   * One-based position of the document in the file, counted over all collections; for NDJSON
   * and for a file of top-level objects, the line where the document starts.
   */
  line: number;
  /** IANA zone of the device clock, from the read options. */
  timezone: string;
}

/** Limits of a numeric member, inclusive, with its unit for messages. */
export interface NumberLimits {
  min: number;
  max: number;
  unit: string;
}

/**
 * Typed access to the members of one document. Invalid members become issues that name the
 * member as `column` and its JSON text as `value`.
 */
export class DocumentFields {
  readonly issues: ReadIssue[] = [];

  constructor(
    readonly document: NightscoutDocument,
    readonly collection: NightscoutCollection,
    readonly context: DocumentContext,
  ) {}

  /** Returns true when the member exists and is not JSON null. */
  has(name: string): boolean {
    return this.document[name] !== undefined && this.document[name] !== null;
  }

  /**
   * Reads a number (a numeric string counts, as Nightscout itself converts them). Returns
   * undefined when the member is missing or null, and null after pushing an issue of
   * `severity` when it is not a number or lies outside `limits`. Use `warning` for members
   * whose record is yielded without them.
   */
  number(
    name: string,
    limits?: NumberLimits,
    severity: IssueSeverity = 'error',
  ): number | null | undefined {
    const raw = this.document[name];
    if (raw === undefined || raw === null) {
      return undefined;
    }
    const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.push(severity, name, raw, `Invalid ${name}. Expected a number.`);
      return null;
    }
    if (limits !== undefined && (value < limits.min || value > limits.max)) {
      const range = `${limits.min}–${limits.max} ${limits.unit}`;
      this.push(severity, name, raw, `Implausible ${name}. Expected ${range}.`);
      return null;
    }
    return value;
  }

  /** Reads a string member; returns undefined when it is missing or not a string. */
  string(name: string): string | undefined {
    const value = this.document[name];
    return typeof value === 'string' ? value : undefined;
  }

  error(column: string | null, value: unknown, message: string): void {
    this.push('error', column, value, message);
  }

  warning(column: string | null, value: unknown, message: string): void {
    this.push('warning', column, value, message);
  }

  private push(
    severity: IssueSeverity,
    column: string | null,
    value: unknown,
    message: string,
  ): void {
    this.issues.push({
      file: this.context.fileName,
      line: this.context.line,
      column,
      value: issueValue(value),
      message,
      severity,
    });
  }
}

/** Returns the text an issue shows for a value: strings as they are, others as JSON. */
export function issueValue(value: unknown): string | null {
  if (value === undefined) {
    return null;
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_ISSUE_VALUE_LENGTH ? `${text.slice(0, MAX_ISSUE_VALUE_LENGTH)}…` : text;
}
