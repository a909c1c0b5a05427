import { CsvTokenizer, type CsvRow } from '../../core/csv-tokenizer.ts';

/**
 * Tokenizes comma-separated text chunks and yields the rows of each chunk as one batch, so a
 * reader awaits once per chunk rather than once per row.
 */
export async function* rowBatches(chunks: AsyncIterable<string>): AsyncGenerator<CsvRow[]> {
  const tokenizer = new CsvTokenizer({ separator: ',' });
  for await (const chunk of chunks) {
    yield tokenizer.push(chunk);
  }
  yield tokenizer.end();
}

/** True for a row whose cells are all empty or blank. */
export function isBlankRow(row: CsvRow): boolean {
  return row.fields.every((field) => field.trim() === '');
}
