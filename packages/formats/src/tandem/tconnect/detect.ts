import { tokenizeCsvText } from '../../core/csv-tokenizer.ts';
import { detectCsvLayout } from '../../core/csv-writer.ts';
import type { FormatDetection } from '../../core/types.ts';
import {
  PREAMBLE_LABELS,
  sectionOfHeader,
  TCONNECT_FORMAT_ID,
  TCONNECT_VARIANT,
} from './sections.ts';

/**
 * Detects a t:connect Therapy Timeline export from the start of its text; see
 * `FormatModule.detect`. It looks among the first rows for the preamble's title rows or for
 * the header of a readings, IOB or bolus section.
 */
export function detectTConnect(head: string): FormatDetection | null {
  const rows = tokenizeCsvText(head, { separator: ',' }).slice(0, 40);
  const titles: readonly string[] = PREAMBLE_LABELS.slice(0, 2);
  const found = rows.some((row) => {
    const kind = sectionOfHeader(row.fields);
    return titles.includes((row.fields[0] ?? '').trim()) || (kind !== null && kind !== 'unknown');
  });
  if (!found) {
    return null;
  }
  const layout = { ...detectCsvLayout(head), separator: ',' as const, quoteAll: false };
  return { format: TCONNECT_FORMAT_ID, variant: TCONNECT_VARIANT, layout };
}
