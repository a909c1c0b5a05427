import { identityHash, type CbgRecord } from '@phoenix/domain';
import { describe, expect, it } from 'vitest';
import { parseRelayLine } from './relay-commands.ts';

function reading(): CbgRecord {
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
    valueMgDl: 120,
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
