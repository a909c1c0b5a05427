import { fileURLToPath } from 'node:url';
import { FORMAT_MODULES } from '@phoenix/formats';
import type { BenchCase, BenchSuite } from '../harness/types.ts';
import { buildReaderInput, readAll, TARGET_ROWS, textFixturesByFormat } from '../readers/inputs.ts';

const FIXTURES_DIRECTORY = fileURLToPath(
  new URL('../../packages/formats/fixtures/', import.meta.url),
);

/**
 * Throughput of every reader in `FORMAT_MODULES` beside a plain line split of the same text.
 * A row is one record the reader yields, which for the CSV exports is one data row.
 */
const readersSuite: BenchSuite = {
  name: 'readers',
  description:
    `Reader throughput in rows (records yielded) per second, for every format in FORMAT_MODULES. ` +
    `Each input is one of the format's fixtures (real exports before hand-made ones, then the ` +
    `one with the most records), enlarged to about ` +
    `${TARGET_ROWS.toLocaleString('en-US')} rows by copies shifted in time and written with the ` +
    `format's own writer (the two-week Clarity file becomes 90 days), read in 64 KiB chunks in ` +
    `Europe/Helsinki. Baseline: \`text.split('\\n')\` over the same text.`,

  async setup(context) {
    const fixtures = textFixturesByFormat(FIXTURES_DIRECTORY);
    const cases: BenchCase[] = [];
    for (const module of FORMAT_MODULES) {
      const paths = fixtures.get(module.id) ?? [];
      if (paths.length === 0) {
        context.log(`${module.id}: no text fixture detected as this format, skipped`);
        continue;
      }
      const input = await buildReaderInput(module, paths, FIXTURES_DIRECTORY);
      const megabytes = (Buffer.byteLength(input.text, 'utf8') / 1e6).toFixed(2);
      const notes = [
        `${input.records.toLocaleString('en-US')} rows`,
        `${megabytes} MB`,
        input.enlarged ? `from ${input.fixture}` : `${input.fixture} as is (not enlarged)`,
        ...(input.issues > 0 ? [`${input.issues} issues`] : []),
      ];
      cases.push({
        name: module.id,
        units: input.records,
        unit: 'rows',
        input: notes.join(', '),
        run: () => readAll(module, input.text),
        baseline: {
          kind: 'measured',
          name: "text.split('\\n')",
          run: () => input.text.split('\n').length,
        },
      });
    }
    return cases;
  },
};

export default readersSuite;
