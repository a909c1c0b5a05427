import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Lock the bridge's state folder for this process, so that two bridge processes never send
 * from one outbox at once. Both would take the same records, and the API would reject the
 * batches of one of them as reused idempotency keys. The lock is a file `bridge.lock` with the
 * owner's process ID, created exclusively, and a lock whose process has ended is taken over.
 * Returns the function that unlocks the folder. Raises when another live process has the lock.
 */
export function lockStateDirectory(stateDir: string): () => void {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const path = join(stateDir, 'bridge.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return () => unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
    if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner)) {
      throw new Error(
        `another phoenix-bridge (process ${owner}) is using ${stateDir}; wait for it to finish, ` +
          'or give this one its own folder with --state',
      );
    }
    // The owner has ended without removing its lock (it was killed), so the lock is stale.
    unlinkSync(path);
  }
  throw new Error(`could not lock ${stateDir}: its lock file keeps coming back; retry`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
