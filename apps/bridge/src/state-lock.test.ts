import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockStateDirectory } from './state-lock.ts';

function stateDir(): string {
  return mkdtempSync(join(tmpdir(), 'phoenix-lock-'));
}

describe('lockStateDirectory', () => {
  it('writes the process ID and removes it on unlock', () => {
    const dir = stateDir();
    const unlock = lockStateDirectory(dir);
    expect(readFileSync(join(dir, 'bridge.lock'), 'utf8')).toBe(`${process.pid}\n`);
    unlock();
    expect(existsSync(join(dir, 'bridge.lock'))).toBe(false);
  });

  it('rejects a folder that a live process holds', () => {
    const dir = stateDir();
    // The parent of this test process is alive for as long as the test runs.
    writeFileSync(join(dir, 'bridge.lock'), `${process.ppid}\n`);
    expect(() => lockStateDirectory(dir)).toThrow(
      new RegExp(`another phoenix-bridge \\(process ${process.ppid}\\) is using`),
    );
    expect(readFileSync(join(dir, 'bridge.lock'), 'utf8')).toBe(`${process.ppid}\n`);
  });

  it('takes over the lock of an ended process', () => {
    const dir = stateDir();
    const ended = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(join(dir, 'bridge.lock'), `${ended}\n`);
    const unlock = lockStateDirectory(dir);
    expect(readFileSync(join(dir, 'bridge.lock'), 'utf8')).toBe(`${process.pid}\n`);
    unlock();
  });

  it('takes over an unreadable lock', () => {
    const dir = stateDir();
    writeFileSync(join(dir, 'bridge.lock'), 'garbage');
    const unlock = lockStateDirectory(dir);
    expect(readFileSync(join(dir, 'bridge.lock'), 'utf8')).toBe(`${process.pid}\n`);
    unlock();
  });
});
