import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { identityHash, type CbgRecord } from '@phoenix/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { generateBridgeKey, saveBridgeState } from './bridge-state.ts';
import { parseRelayLine, relay } from './relay-commands.ts';

function reading(valueMgDl = 120): CbgRecord {
  const record: Omit<CbgRecord, 'id'> = {
    type: 'cbg',
    time: '2024-03-04T08:00:00.000Z',
    deviceTime: '2024-03-04T08:00:00',
    timezoneOffset: 0,
    clockDriftOffset: 0,
    conversionOffset: 0,
    timeResolution: 'exact',
    deviceId: 'dexcom-g6:TEST01',
    origin: { format: 'relay' },
    valueMgDl,
    outOfRange: null,
    thresholdMgDl: null,
    sourceUnits: 'mg/dL',
  };
  return { ...record, id: identityHash(record) };
}

describe('parseRelayLine', () => {
  it('accepts a canonical record', () => {
    const record = reading();
    expect(parseRelayLine(JSON.stringify(record))).toEqual(record);
  });

  it.each([
    ['not json', 'not JSON'],
    ['42', 'not a JSON object'],
    ['[1]', 'not a JSON object'],
    ['{"type":"ketone"}', 'type "ketone" is not one of'],
    ['{"type":"cbg"}', 'a record needs deviceId and time as text'],
    ['{"type":"cbg","deviceId":"d","time":"yesterday"}', 'Invalid record time'],
  ])('rejects %s', (line, message) => {
    expect(parseRelayLine(line)).toContain(message);
  });

  it('rejects an id that is not the identity hash', () => {
    const line = JSON.stringify({ ...reading(), id: 'a'.repeat(64) });
    expect(parseRelayLine(line)).toMatch(/is not the identity hash of the record; recompute it/);
  });

  it('rejects a record without an id', () => {
    const withoutId: Partial<CbgRecord> = reading();
    delete withoutId.id;
    expect(parseRelayLine(JSON.stringify(withoutId))).toMatch(/^id null is not the identity hash/);
  });
});

describe('relay', () => {
  let api: Server | undefined;

  afterEach(async () => {
    const running = api;
    api = undefined;
    if (!running) return;
    running.closeAllConnections();
    await new Promise((resolve) => running.close(resolve));
  });

  /** Starts an API stand-in that rejects the second record of every batch. */
  async function rejectingApi(): Promise<string> {
    api = createServer(async (request, response) => {
      let body = '';
      for await (const chunk of request) body += chunk;
      const records = (JSON.parse(body) as { records: CbgRecord[] }).records;
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          batchId: 'batch-1',
          idempotencyKey: request.headers['idempotency-key'],
          replayed: false,
          received: records.length,
          accepted: records.length - 1,
          duplicates: 0,
          rejected: 1,
          rejections: [
            {
              index: 1,
              field: '/valueMgDl',
              value: records[1]!.valueMgDl,
              message: 'must be at most 1000',
            },
          ],
        }),
      );
    });
    await new Promise<void>((resolve) => api!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  }

  it('names the stdin line of a rejection', async () => {
    const state = mkdtempSync(join(tmpdir(), 'phoenix-relay-'));
    const { privateKey } = generateBridgeKey();
    saveBridgeState(state, {
      apiUrl: await rejectingApi(),
      bridgeId: '00000000-0000-4000-8000-000000000001',
      patientId: '00000000-0000-4000-8000-000000000002',
      privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    });
    const input = Readable.from(
      [JSON.stringify(reading(120)), '', JSON.stringify(reading(5000))].join('\n'),
    );
    const out: string[] = [];
    const err: string[] = [];
    const code = await relay(state, input, 1000, {
      out: (text) => out.push(text),
      err: (text) => err.push(text),
    });
    expect(out.join('\n')).toContain('1 accepted, 0 duplicates, 1 rejected');
    expect(err).toContain('rejected stdin line 3: /valueMgDl 5000: must be at most 1000');
    expect(code).toBe(1);
  });
});
