import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { CbgRecord } from '@phoenix/domain';
import { closedPort } from './test-ports.ts';
import { batchKey, uploadRecords } from './upload.ts';

function record(id: string): CbgRecord {
  return { id, type: 'cbg' } as CbgRecord;
}

interface Seen {
  key: string | undefined;
  count: number;
}

let server: Server | undefined;

/** Start an API stand-in that returns the next scripted status for each request. */
async function scriptedApi(statuses: number[], seen: Seen[]): Promise<string> {
  server = createServer(async (request: IncomingMessage, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    const records = (JSON.parse(body) as { records: unknown[] }).records;
    seen.push({ key: request.headers['idempotency-key'] as string, count: records.length });
    const status = statuses.shift() ?? 201;
    response.writeHead(status, {
      'content-type': 'application/json',
      'retry-after': status === 503 ? '0' : '',
    });
    if (status < 300) {
      response.end(
        JSON.stringify({
          batchId: 'b',
          idempotencyKey: 'k',
          replayed: false,
          received: records.length,
          accepted: records.length,
          duplicates: 0,
          rejected: 0,
          rejections: [],
        }),
      );
    } else {
      response.end(
        JSON.stringify({ error: { code: 'X', message: `status ${status}`, requestId: 'r' } }),
      );
    }
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

afterEach(async () => {
  const running = server;
  server = undefined;
  if (!running) return;
  running.closeAllConnections();
  await new Promise((resolve) => running.close(resolve));
});

const target = (apiUrl: string) => ({ apiUrl, patientId: 'p', devUser: 'u' });
const fast = { initialDelayMs: 1 };

describe('uploadRecords', () => {
  it('splits records into batches', async () => {
    const seen: Seen[] = [];
    const apiUrl = await scriptedApi([], seen);
    const records = ['a', 'b', 'c', 'd', 'e'].map(record);
    const result = await uploadRecords(target(apiUrl), records, { batchSize: 2, ...fast });
    expect(seen.map((request) => request.count)).toEqual([2, 2, 1]);
    expect(result.accepted).toBe(5);
    expect(result.failedBatches).toBe(0);
  });

  it('retries 5xx with the same idempotency key', async () => {
    const seen: Seen[] = [];
    const apiUrl = await scriptedApi([503, 500, 201], seen);
    const retries: number[] = [];
    const result = await uploadRecords(target(apiUrl), [record('a')], {
      ...fast,
      onRetry: ({ attempt }) => retries.push(attempt),
    });
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((request) => request.key)).size).toBe(1);
    expect(retries).toEqual([1, 2]);
    expect(result.accepted).toBe(1);
  });

  it('names the API it could not reach', async () => {
    const apiUrl = `http://127.0.0.1:${await closedPort()}`;
    const result = await uploadRecords(target(apiUrl), [record('a')], { ...fast, maxAttempts: 1 });
    expect(result.failedBatches).toBe(1);
    expect(result.batches[0]!.error).toContain(`could not reach the API at ${apiUrl}`);
    expect(result.batches[0]!.error).toContain('ECONNREFUSED');
  });

  it('does not retry a 4xx and goes on with the next batch', async () => {
    const seen: Seen[] = [];
    const apiUrl = await scriptedApi([400, 201], seen);
    const result = await uploadRecords(target(apiUrl), [record('a'), record('b')], {
      batchSize: 1,
      ...fast,
    });
    expect(seen).toHaveLength(2);
    expect(result.failedBatches).toBe(1);
    expect(result.batches[0]!.error).toMatch(/HTTP 400 X: status 400/);
    expect(result.accepted).toBe(1);
  });

  it('gives up after the last attempt', async () => {
    const seen: Seen[] = [];
    const apiUrl = await scriptedApi([503, 503, 503], seen);
    const result = await uploadRecords(target(apiUrl), [record('a')], { maxAttempts: 3, ...fast });
    expect(seen).toHaveLength(3);
    expect(result.failedBatches).toBe(1);
  });

  it('retries when nothing listens', async () => {
    const result = await uploadRecords(target('http://127.0.0.1:9'), [record('a')], {
      maxAttempts: 2,
      ...fast,
    });
    expect(result.failedBatches).toBe(1);
    expect(result.batches[0]!.error).toBeTruthy();
  });
});

describe('batchKey', () => {
  it('depends on patient and record identities', () => {
    const records = [record('a'), record('b')];
    expect(batchKey('p', records)).toBe(batchKey('p', [record('a'), record('b')]));
    expect(batchKey('p', records)).not.toBe(batchKey('q', records));
    expect(batchKey('p', records)).not.toBe(batchKey('p', [record('b'), record('a')]));
    expect(batchKey('p', records)).toMatch(/^batch-[0-9a-f]{40}$/);
  });

  it('depends on the source', () => {
    const records = [record('a'), record('b')];
    const source = { format: 'dexcom-clarity', fileName: 'export.csv' };
    expect(batchKey('p', records, source)).toBe(batchKey('p', records, { ...source }));
    expect(batchKey('p', records, source)).not.toBe(batchKey('p', records));
    expect(batchKey('p', records, source)).not.toBe(
      batchKey('p', records, { ...source, fileName: 'other.csv' }),
    );
  });

  it('keys records without an id', () => {
    const withoutId = { type: 'cbg' } as unknown as CbgRecord;
    const notAnObject = null as unknown as CbgRecord;
    expect(batchKey('p', [withoutId, notAnObject])).toMatch(/^batch-[0-9a-f]{40}$/);
    expect(batchKey('p', [withoutId])).not.toBe(batchKey('p', [notAnObject]));
  });
});
