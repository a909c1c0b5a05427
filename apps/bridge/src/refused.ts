import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CanonicalRecord } from '@phoenix/domain';

/**
 * Returns the path of the file in the state folder that keeps the records of batches the API
 * refused as a whole (4xx other than 429), one `{error, record}` JSON line per record.
 */
export function refusedPath(stateDir: string): string {
  return join(stateDir, 'outbox.refused.ndjson');
}

/** Append the records of one refused batch with the API's error. */
export function appendRefused(
  stateDir: string,
  records: readonly CanonicalRecord[],
  error: string | null,
): void {
  const lines = records.map((record) => JSON.stringify({ error, record })).join('\n');
  appendFileSync(refusedPath(stateDir), `${lines}\n`, { mode: 0o600 });
}

/** Records in the refused file, and the count of lines that are not a refused record. */
export function readRefused(stateDir: string): {
  records: CanonicalRecord[];
  unreadableLines: number;
} {
  const path = refusedPath(stateDir);
  const records: CanonicalRecord[] = [];
  let unreadableLines = 0;
  if (!existsSync(path)) return { records, unreadableLines };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const entry = JSON.parse(line) as { record?: CanonicalRecord };
      if (typeof entry.record === 'object' && entry.record !== null) {
        records.push(entry.record);
        continue;
      }
    } catch {
      // A line cut short by a crash while it was appended; counted below.
    }
    unreadableLines += 1;
  }
  return { records, unreadableLines };
}

/** Delete the refused file, once its records are back in the outbox. */
export function removeRefused(stateDir: string): void {
  rmSync(refusedPath(stateDir), { force: true });
}
