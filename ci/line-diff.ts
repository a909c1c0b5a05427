// Above this many cells the longest-common-subsequence table would take too much memory, so
// the diff shows only where the texts start to differ.
const MAX_TABLE_CELLS = 4_000_000;

/**
 * Returns a unified-style diff of two texts by line (`-` lines only in `expected`, `+` lines
 * only in `actual`, `context` unchanged lines around each change), cut after `maxLines` lines,
 * or null when the texts are equal.
 */
export function diffLines(
  expected: string,
  actual: string,
  options: { context?: number; maxLines?: number } = {},
): string | null {
  if (expected === actual) return null;
  const context = options.context ?? 2;
  const maxLines = options.maxLines ?? 80;
  const before = expected.split('\n');
  const after = actual.split('\n');

  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) {
    prefix += 1;
  }
  let suffix = 0;
  while (
    suffix < before.length - prefix &&
    suffix < after.length - prefix &&
    before[before.length - 1 - suffix] === after[after.length - 1 - suffix]
  ) {
    suffix += 1;
  }
  const removed = before.slice(prefix, before.length - suffix);
  const added = after.slice(prefix, after.length - suffix);
  const edits =
    removed.length * added.length > MAX_TABLE_CELLS
      ? [...removed.map((line) => `-${line}`), ...added.map((line) => `+${line}`)]
      : editScript(removed, added);

  const lines = [
    `@@ first difference at line ${prefix + 1} @@`,
    ...before.slice(Math.max(0, prefix - context), prefix).map((line) => ` ${line}`),
    ...collapseUnchanged(edits, context),
    ...before.slice(before.length - suffix, before.length - suffix + context).map((l) => ` ${l}`),
  ];
  if (lines.length <= maxLines) return lines.join('\n');
  return [...lines.slice(0, maxLines), `… ${lines.length - maxLines} more diff lines`].join('\n');
}

/** Builds the edit script of two line lists from their longest common subsequence. */
function editScript(removed: string[], added: string[]): string[] {
  const columns = added.length + 1;
  const table = new Uint32Array((removed.length + 1) * columns);
  for (let i = removed.length - 1; i >= 0; i -= 1) {
    for (let j = added.length - 1; j >= 0; j -= 1) {
      table[i * columns + j] =
        removed[i] === added[j]
          ? table[(i + 1) * columns + j + 1]! + 1
          : Math.max(table[(i + 1) * columns + j]!, table[i * columns + j + 1]!);
    }
  }
  const edits: string[] = [];
  let i = 0;
  let j = 0;
  while (i < removed.length || j < added.length) {
    if (i < removed.length && j < added.length && removed[i] === added[j]) {
      edits.push(` ${removed[i]}`);
      i += 1;
      j += 1;
    } else if (
      i < removed.length &&
      (j === added.length || table[(i + 1) * columns + j]! >= table[i * columns + j + 1]!)
    ) {
      // On a tie the removal goes first, as in `diff -u`.
      edits.push(`-${removed[i]}`);
      i += 1;
    } else {
      edits.push(`+${added[j]}`);
      j += 1;
    }
  }
  return edits;
}

/** Replaces runs of unchanged lines longer than twice `context` with a `…` line. */
function collapseUnchanged(edits: string[], context: number): string[] {
  const output: string[] = [];
  let run: string[] = [];
  const flush = (): void => {
    if (run.length > 2 * context + 1) {
      output.push(...run.slice(0, context), '…', ...run.slice(run.length - context));
    } else {
      output.push(...run);
    }
    run = [];
  };
  for (const edit of edits) {
    if (edit.startsWith(' ')) {
      run.push(edit);
    } else {
      flush();
      output.push(edit);
    }
  }
  flush();
  return output;
}
