import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CanonicalRecord } from '@phoenix/domain';
import { drainOutbox } from './drain.ts';
import { Outbox } from './outbox.ts';

type Behaviour = 'ok' | 'replayed' | 'unavailable' | 'hang' | 'refuse';

let server: Server | undefined;

/** Start an API stand-in that behaves as scripted, one behaviour per request. */
async function scriptedApi(script: Behaviour[], received: string[][]): Promise<string> {
  server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    const behaviour = script.shift() ?? 'ok';
    if (behaviour === 'hang') return; // never responds; the client times out
    const records = (JSON.parse(body) as { records: CanonicalRecord[] }).records;
    if (behaviour === 'unavailable') {
      response.writeHead(503, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    if (behaviour === 'refuse') {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ error: { code: 'VALIDATION_FAILED', message: 'bad', requestId: 'r' } }),
      );
      return;
    }
    received.push(records.map((record) => record.id));
    const replayed = behaviour === 'replayed';
    response.writeHead(replayed ? 200 : 201, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        batchId: 'b',
        idempotencyKey: 'k',
        replayed,
        received: records.length,
        accepted: records.length,
        duplicates: 0,
        rejected: 0,
        rejections: [],
      }),
    );
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

function filledOutbox(count: number) {
  const dir = mkdtempSync(join(tmpdir(), 'phoenix-drain-'));
  const outbox = new Outbox(dir);
  outbox.append(
    Array.from({ length: count }, (_, i) => ({ id: `r${i}`, type: 'cbg' }) as CanonicalRecord),
  );
  return { dir, outbox };
}

const fast = { initialDelayMs: 1, timeoutMs: 300 };

describe('drainOutbox', () => {
  it('survives refusals, a timeout and recovers', async () => {
    const received: string[][] = [];
    const apiUrl = await scriptedApi(['unavailable', 'hang', 'unavailable', 'ok', 'ok'], received);
    const { dir, outbox } = filledOutbox(5);
    const result = await drainOutbox(
      outbox,
      dir,
      { apiUrl, patientId: 'p', devUser: 'u' },
      { batchSize: 3, ...fast },
    );
    expect(result.error).toBeNull();
    expect(result.accepted).toBe(5);
    expect(result.remaining).toBe(0);
    expect(received).toEqual([
      ['r0', 'r1', 'r2'],
      ['r3', 'r4'],
    ]);
  });

  it('counts a replayed batch apart', async () => {
    const received: string[][] = [];
    const apiUrl = await scriptedApi(['replayed', 'ok'], received);
    const { dir, outbox } = filledOutbox(5);
    const result = await drainOutbox(
      outbox,
      dir,
      { apiUrl, patientId: 'p', devUser: 'u' },
      { batchSize: 3, ...fast },
    );
    expect(result.error).toBeNull();
    expect(result.alreadyStored).toBe(3);
    expect(result.accepted).toBe(2);
    expect(result.remaining).toBe(0);
  });

  it('keeps records when the API stays down', async () => {
    const received: string[][] = [];
    const apiUrl = await scriptedApi(['unavailable', 'unavailable'], received);
    const { dir, outbox } = filledOutbox(2);
    const result = await drainOutbox(
      outbox,
      dir,
      { apiUrl, patientId: 'p', devUser: 'u' },
      { maxAttempts: 2, ...fast },
    );
    expect(result.error).toMatch(/HTTP 503/);
    expect(result.remaining).toBe(2);
    expect(new Outbox(dir).depth()).toBe(2);
  });

  it('moves a refused batch aside and goes on', async () => {
    const received: string[][] = [];
    const apiUrl = await scriptedApi(['refuse', 'ok'], received);
    const { dir, outbox } = filledOutbox(4);
    const result = await drainOutbox(
      outbox,
      dir,
      { apiUrl, patientId: 'p', devUser: 'u' },
      { batchSize: 2, ...fast },
    );
    expect(result.refused).toBe(2);
    expect(result.accepted).toBe(2);
    expect(result.remaining).toBe(0);
    const refusedPath = join(dir, 'outbox.refused.ndjson');
    expect(existsSync(refusedPath)).toBe(true);
    expect(readFileSync(refusedPath, 'utf8')).toMatch(/"id":"r0"/);
  });
});
