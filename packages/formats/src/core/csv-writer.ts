import type { CsvLayout } from './types.ts';

/** Quotes one field for `layout`: always when `quoteAll`, else only when RFC 4180 requires it. */
export function formatCsvField(value: string, layout: CsvLayout): string {
  const needsQuotes =
    layout.quoteAll ||
    value.includes(layout.separator) ||
    value.includes('"') ||
    value.includes('\n') ||
    value.includes('\r');
  if (!needsQuotes) {
    return value;
  }
  return `"${value.replaceAll('"', '""')}"`;
}

/** Formats one row, line ending included. */
export function formatCsvRow(fields: readonly string[], layout: CsvLayout): string {
  const cells = fields.map((field) => formatCsvField(field, layout));
  return cells.join(layout.separator) + layout.lineEnding;
}

/** Counts how often `separator` occurs outside double quotes in `line`. */
export function countSeparators(line: string, separator: string): number {
  let count = 0;
  let inQuotes = false;
  for (const char of line) {
    if (char === '"') {
      inQuotes = !inQuotes;
    } else if (char === separator && !inQuotes) {
      count += 1;
    }
  }
  return count;
}

/**
 * Works out the physical layout of a CSV file from its first line: the separator (`;` when it
 * occurs more often than `,` outside quotes), whether the first field is quoted, the byte-order
 * mark and the line ending.
 */
export function detectCsvLayout(head: string): CsvLayout {
  const bom = head.charCodeAt(0) === 0xfeff;
  const text = bom ? head.slice(1) : head;
  const lineEnd = text.search(/[\r\n]/);
  const firstLine = lineEnd === -1 ? text : text.slice(0, lineEnd);
  const lineEnding = text.slice(lineEnd, lineEnd + 2) === '\r\n' ? '\r\n' : '\n';
  const semicolons = countSeparators(firstLine, ';');
  const commas = countSeparators(firstLine, ',');
  return {
    separator: semicolons > commas ? ';' : ',',
    quoteAll: firstLine.startsWith('"'),
    bom,
    lineEnding,
  };
}
