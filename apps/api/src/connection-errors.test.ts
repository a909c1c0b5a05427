import type { FastifyBaseLogger } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectionErrorLogger } from './connection-errors.ts';

function recordingLog() {
  const lines: { level: string; fields: unknown; message: string }[] = [];
  const log = {
    debug: (fields: unknown, message: string) => lines.push({ level: 'debug', fields, message }),
    warn: (fields: unknown, message: string) => lines.push({ level: 'warn', fields, message }),
  } as unknown as FastifyBaseLogger;
  return { log, lines };
}

function sqlError(code: string): Error {
  return Object.assign(new Error('terminating connection due to administrator command'), { code });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('connectionErrorLogger', () => {
  it('logs a shutdown seen late at debug', () => {
    vi.useFakeTimers();
    const { log, lines } = recordingLog();
    let stopping = false;
    const logError = connectionErrorLogger(
      () => log,
      () => stopping,
    );
    logError(sqlError('57P01'), 'idle database connection failed');
    expect(lines).toEqual([]);
    // The signal reaches this process after PostgreSQL has ended the connection.
    stopping = true;
    vi.advanceTimersByTime(500);
    expect(lines).toEqual([
      {
        level: 'debug',
        fields: {
          code: '57P01',
          message: 'terminating connection due to administrator command',
        },
        message: 'idle database connection failed',
      },
    ]);
  });

  it('warns of a shutdown while running', () => {
    vi.useFakeTimers();
    const { log, lines } = recordingLog();
    const logError = connectionErrorLogger(
      () => log,
      () => false,
    );
    logError(sqlError('57P01'), 'idle database connection failed');
    vi.advanceTimersByTime(500);
    expect(lines.map((line) => line.level)).toEqual(['warn']);
  });

  it('warns of other failures at once', () => {
    const { log, lines } = recordingLog();
    const logError = connectionErrorLogger(
      () => log,
      () => false,
    );
    logError(sqlError('08006'), 'idle job connection failed');
    expect(lines).toMatchObject([{ level: 'warn', message: 'idle job connection failed' }]);
  });
});
