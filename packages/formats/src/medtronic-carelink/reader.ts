/**
 * Streaming reader of Medtronic CareLink CSV exports. A 780G export from a European account
 * looks like this (rows shortened; every data row has one cell per header name):
 *
 * ```
 * Last Name;First Name;Patient ID;System ID;Start Date;End Date;Device;MiniMed 780G MMT-1111;…
 * "Doe";"Jane";"";"";"04.07.2026 00:00:00";"05.07.2026 00:00:00";"Serial Number";NG1234567H;…
 * Patient DOB;;;;;;CGM;Guardian™ 4 Sensor
 *
 *
 * -------;MiniMed 780G MMT-1111;Pump;NG1234567H;-------
 * Index;Date;Time;New Device Time;BG Source;BG Reading (mg/dL);…
 * 71,00000;2026/07/04;22:48:05;;;;;;;;;Normal;1,9;1,9;…
 *
 * -------;MiniMed 780G MMT-1111;Pump;NG1234567H;Aggregated Auto Insulin Data
 * Index;Date;Time;…
 * 154,00000;2026/07/04;00:00:00;;;;;;;;;Normal;20,494;20,494;…
 *
 * -------;MiniMed 780G MMT-1111;Sensor;NG1234567H;-------
 * Index;Date;Time;…
 * 155,00000;2026/07/05;03:43:00;…;108;19,24;…
 * ```
 *
 * Each section repeats the header, rows are newest first, and files separated by `;` write
 * decimal commas. Files separated by `,` with decimal points read the same way.
 */
import { assertTimeZone } from '@phoenix/domain';
import { CsvTokenizer, type CsvRow } from '../core/csv-tokenizer.ts';
import { detectCsvLayout } from '../core/csv-writer.ts';
import { peekHead } from '../core/streams.ts';
import type { ReadEvent, ReadOptions } from '../core/types.ts';
import { CareLinkReadSession } from './read-session.ts';

const HEAD_LENGTH = 8192;

/**
 * Reads a CareLink export; see `FormatModule.read`. Records come in file order, the
 * `pumpSettings` record of the file before the first data record. Throws only for an unknown
 * time zone.
 */
export async function* readCareLink(
  chunks: AsyncIterable<string>,
  options: ReadOptions,
): AsyncGenerator<ReadEvent> {
  assertTimeZone(options.timezone);
  const { head, chunks: replayed } = await peekHead(chunks, HEAD_LENGTH);
  const layout = detectCsvLayout(head);
  const session = new CareLinkReadSession(
    options.fileName ?? null,
    options.timezone,
    layout.separator === ';',
  );
  for await (const rows of rowBatches(replayed, layout.separator)) {
    for (const row of rows) {
      yield* session.readRow(row);
    }
  }
  yield* session.finish();
}

/** Yields the rows of each chunk as one batch, so the reader awaits once per chunk. */
async function* rowBatches(
  chunks: AsyncIterable<string>,
  separator: ',' | ';',
): AsyncGenerator<CsvRow[]> {
  const tokenizer = new CsvTokenizer({ separator });
  for await (const chunk of chunks) {
    yield tokenizer.push(chunk);
  }
  yield tokenizer.end();
}
