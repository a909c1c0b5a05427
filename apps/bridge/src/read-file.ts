import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { checkPlausibility, findNul, NUL_MESSAGE, withoutNul } from '@phoenix/domain';
import { readExportFile, type ExportReadResult, type ReadIssue } from '@phoenix/formats';

/**
 * Read an export for the bridge: the formats package's reader, with file-system errors turned
 * into messages that name the file, a check for UTF-16 text, and the API's plausibility rules
 * and NUL check run on each record so that `inspect` shows what an upload would have rejected.
 */
export async function readForBridge(path: string, timezone: string): Promise<ExportReadResult> {
  checkReadable(path);
  let result: ExportReadResult;
  try {
    result = await readExportFile(path, { timezone });
  } catch (error) {
    throw new Error(describeFileError(path, error), { cause: error });
  }
  const issues: ReadIssue[] = [...result.issues];
  for (const record of result.records) {
    for (const problem of checkPlausibility(record)) {
      issues.push({
        file: record.origin.file ?? null,
        line: record.origin.line ?? null,
        column: problem.field,
        value: problem.value === null || problem.value === undefined ? null : String(problem.value),
        message: `the API will reject this record: ${problem.message}`,
        severity: 'error',
      });
    }
    const nul = findNul(record);
    if (nul) {
      issues.push({
        file: record.origin.file ?? null,
        line: record.origin.line ?? null,
        column: nul.field,
        value: withoutNul(nul.value),
        message: `the API will reject this record: ${NUL_MESSAGE}`,
        severity: 'error',
      });
    }
  }
  return { ...result, issues };
}

function checkReadable(path: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (error) {
    throw new Error(describeFileError(path, error), { cause: error });
  }
  if (!isFile) throw new Error(`${path} is not a file; give the path of an export file`);

  const head = Buffer.alloc(2);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new Error(describeFileError(path, error), { cause: error });
  }
  try {
    readSync(fd, head, 0, 2, 0);
  } finally {
    closeSync(fd);
  }
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new Error(`${path} is UTF-16 text; save it as UTF-8 (the vendors' exports are UTF-8)`);
  }
}

function describeFileError(path: string, error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return `${path}: file not found`;
  if (code === 'EACCES' || code === 'EPERM')
    return `${path}: permission denied; check the file's mode`;
  if (code === 'EISDIR') return `${path} is a folder; give the path of an export file`;
  return (error as Error).message;
}
