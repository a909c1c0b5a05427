import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  clientMembers,
  kindOf,
  pumpKey,
  recordsKey,
  syncKeysOf,
} from './document-keys.ts';

describe('syncKeysOf', () => {
  it('orders client IDs before derived ones', () => {
    const document = {
      identifier: 'client-id',
      syncIdentifier: 'loop-id',
      pumpId: 4148,
      pumpType: 'OMNIPOD_DASH',
      pumpSerial: '4241-0101',
    };
    const keys = syncKeysOf(document, 'client-id', ['bb', 'aa'], 'eaf39e6d24df7e9317859bff');
    expect(keys).toEqual([
      'identifier:client-id',
      'syncIdentifier:loop-id',
      'pump:OMNIPOD_DASH:4241-0101:4148',
      '_id:eaf39e6d24df7e9317859bff',
      recordsKey(['aa', 'bb']),
    ]);
  });

  it('adds the derived identifier when the client sent none', () => {
    const keys = syncKeysOf({ uuid: 'x-1' }, 'derived', [], null);
    expect(keys).toEqual(['uuid:x-1', 'identifier:derived']);
  });
});

describe('pumpKey', () => {
  it('needs type, serial and ID', () => {
    expect(pumpKey({ pumpId: 1, pumpType: 'DANA_I' })).toBeNull();
    expect(pumpKey({ pumpId: '7', pumpType: 'DANA_I', pumpSerial: 'S1' })).toBe('pump:DANA_I:S1:7');
  });
});

describe('recordsKey', () => {
  it('ignores the order of hashes', () => {
    expect(recordsKey(['b', 'a'])).toBe(recordsKey(['a', 'b']));
    expect(recordsKey(['a'])).not.toBe(recordsKey(['a', 'b']));
  });
});

describe('document members', () => {
  it('drops the members the server sets', () => {
    const copy = clientMembers({ _id: 'x', srvModified: 1, sgv: 100, isValid: true });
    expect(copy).toEqual({ sgv: 100, isValid: true });
  });

  it('compares documents whatever their member order', () => {
    expect(canonicalJson({ a: 1, b: { d: 2, c: 3 } })).toBe(
      canonicalJson({ b: { c: 3, d: 2 }, a: 1 }),
    );
  });

  it('finds the kind of entries and treatments', () => {
    expect(kindOf('entries', { mbg: 62 })).toBe('mbg');
    expect(kindOf('entries', { type: 'cal' })).toBe('cal');
    expect(kindOf('treatments', { eventType: ' Meal Bolus ' })).toBe('Meal Bolus');
    expect(kindOf('devicestatus', { eventType: 'x' })).toBeNull();
  });
});
