/**
 * Throughput of the Clarity reader and the CSV tokenizer on the two-week G6 file (4,013 lines,
 * 260 kB). Run with `npx vitest bench --project node packages/formats`.
 */
import { bench, describe } from 'vitest';
import { CsvTokenizer } from '../core/csv-tokenizer.ts';
import { writeExport } from '../registry.ts';
import { fixtureText, readText } from '../test-support.ts';
import { dexcomClarity } from './index.ts';

const TEXT = fixtureText('dexcom-clarity-g6-2019-two-weeks.csv');
const { records } = await readText(dexcomClarity, TEXT, { timezone: 'Europe/Helsinki' });

describe('Clarity two-week file', () => {
  bench('tokenize', () => {
    const tokenizer = new CsvTokenizer({ separator: ',' });
    tokenizer.push(TEXT);
    tokenizer.end();
  });

  bench('read into records', async () => {
    await readText(dexcomClarity, TEXT, { timezone: 'Europe/Helsinki', chunkSize: 64 * 1024 });
  });

  bench('write records', () => {
    writeExport('dexcom-clarity', records, { patient: { firstName: 'Patient' } });
  });
});
