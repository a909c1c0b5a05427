/** Helpers shared by this package's tests; not exported from the package. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CanonicalRecord } from '@phoenix/domain';
import { collectRead, textChunks } from './core/streams.ts';
import type { FormatModule, ReadIssue } from './core/types.ts';

/** Absolute path of a file in `packages/formats/fixtures`. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
}

/** Text of a fixture, decoded as UTF-8 with its byte-order mark kept. */
export function fixtureText(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

/** Reads `text` with `module` in chunks of `chunkSize` characters. */
export async function readText(
  module: FormatModule,
  text: string,
  options: { timezone: string; fileName?: string; chunkSize?: number },
): Promise<{ records: CanonicalRecord[]; issues: ReadIssue[] }> {
  const chunks = textChunks(text, options.chunkSize ?? 4096);
  const readOptions = { timezone: options.timezone, fileName: options.fileName ?? 'test.csv' };
  return collectRead(module.read(chunks, readOptions));
}
