import { tokenizeCsvText } from '../core/csv-tokenizer.ts';
import { detectCsvLayout } from '../core/csv-writer.ts';
import type { FormatDetection } from '../core/types.ts';
import { listHeadEntries, startsWithZipMagic } from '../core/zip.ts';
import { GLOOKO_FORMAT_ID, parseTableHeader, variantName } from './dialect.ts';
import { isGlookoEntry } from './entries.ts';

/**
 * Detects one Glooko table as CSV text: a `Name:` title line, then the header of a known table.
 * The variant's unit is mg/dL for tables without glucose columns.
 */
export function detectGlookoTable(head: string): FormatDetection | null {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  if (!text.startsWith('Name:')) {
    return null;
  }
  const firstLines = text.split(/\r\n|\n|\r/, 2).join('\n');
  const header = tokenizeCsvText(firstLines, { separator: ',' })[1];
  const table = header === undefined ? null : parseTableHeader(header.fields);
  if (table === null) {
    return null;
  }
  const variant = variantName({ language: table.language, units: table.units ?? 'mg/dL' });
  return {
    format: GLOOKO_FORMAT_ID,
    variant,
    layout: { ...detectCsvLayout(head), quoteAll: false },
  };
}

/**
 * Detects a Glooko export archive from its first bytes: a ZIP archive whose first entries
 * include a Glooko table (`cgm_data_1.csv`, `Insulin data/bolus_data_1.csv`, …). The variant
 * comes from the first table whose start is in the head, `en` when none is.
 */
export function detectGlookoArchive(head: Uint8Array): FormatDetection | null {
  if (!startsWithZipMagic(head)) {
    return null;
  }
  const entries = listHeadEntries(head).filter((entry) => isGlookoEntry(entry.name));
  if (entries.length === 0) {
    return null;
  }
  for (const entry of entries) {
    const table = detectGlookoTable(entry.start.toString('utf8'));
    if (table !== null) {
      return table;
    }
  }
  return { format: GLOOKO_FORMAT_ID, variant: 'en' };
}
