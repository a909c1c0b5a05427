import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** File mode of every secret the provider keeps: read and write for the owner only. */
export const SECRET_FILE_MODE = 0o600;

/**
 * Reads a JSON file, or returns null when it does not exist. Tightens the file's mode to 0600
 * in case it was created or copied with a wider one. Raises on unreadable or invalid JSON.
 */
export async function readSecretJson<T>(path: string): Promise<T | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  await chmod(path, SECRET_FILE_MODE);
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`${path} is not valid JSON; restore it from a backup or delete it`, {
      cause: error,
    });
  }
}

/**
 * Writes a JSON file with mode 0600 through a temporary file and a rename, so a crash never
 * leaves a half-written file. Creates the folder with mode 0700 when it is missing.
 */
export async function writeSecretJson(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode: SECRET_FILE_MODE });
  await chmod(temporary, SECRET_FILE_MODE);
  await rename(temporary, path);
}
