import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { identityHash } from './identity.ts';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const cbg = {
  deviceId: 'dexcom-g6:8AB12C',
  type: 'cbg' as const,
  time: '2019-10-27T00:30:00.000Z',
  valueMgDl: 120,
};

describe('identityHash', () => {
  it('hashes the documented serialisation', () => {
    const expected = sha256(JSON.stringify(['dexcom-g6:8AB12C', 'cbg', 1572136200000]));
    expect(identityHash(cbg)).toBe(expected);
  });

  it('returns 64 hex characters', () => {
    expect(identityHash(cbg)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores the cbg value and provenance', () => {
    const other = { ...cbg, valueMgDl: 121, origin: { format: 'nightscout', line: 9 } };
    expect(identityHash(other)).toBe(identityHash(cbg));
  });

  it('normalises equivalent ISO instants', () => {
    const offsetForm = { ...cbg, time: '2019-10-27T03:30:00+03:00' };
    expect(identityHash(offsetForm)).toBe(identityHash(cbg));
  });

  it('separates device, type and instant', () => {
    const base = identityHash(cbg);
    expect(identityHash({ ...cbg, deviceId: 'dexcom-g6:8AB12D' })).not.toBe(base);
    expect(identityHash({ ...cbg, type: 'smbg' })).not.toBe(base);
    expect(identityHash({ ...cbg, time: '2019-10-27T01:30:00.000Z' })).not.toBe(base);
  });

  it('separates smbg values to the whole mg/dL', () => {
    const smbg = { ...cbg, type: 'smbg' as const, subType: 'calibration', valueMgDl: 93 };
    // 5.2 mmol/L × 18.01559 = 93.68 mg/dL, which rounds to 94.
    expect(identityHash({ ...smbg, valueMgDl: 93.2 })).toBe(identityHash(smbg));
    expect(identityHash({ ...smbg, valueMgDl: 5.2 * 18.01559 })).not.toBe(identityHash(smbg));
    expect(identityHash({ ...smbg, valueMgDl: null, outOfRange: 'high' })).not.toBe(
      identityHash({ ...smbg, valueMgDl: null, outOfRange: 'low' }),
    );
  });

  it('separates bolus amounts and food carbs', () => {
    const bolus = { ...cbg, type: 'bolus' as const, normalUnits: 12, extendedUnits: null };
    expect(identityHash({ ...bolus, normalUnits: 12.0004 })).toBe(identityHash(bolus));
    expect(identityHash({ ...bolus, normalUnits: 12.5 })).not.toBe(identityHash(bolus));
    const food = { ...cbg, type: 'food' as const, carbsGrams: 15 };
    expect(identityHash({ ...food, carbsGrams: 80 })).not.toBe(identityHash(food));
  });

  it('separates device events by subtype and detail', () => {
    const event = { ...cbg, type: 'deviceEvent' as const, subType: 'exercise', detail: 'Light' };
    expect(identityHash({ ...event, detail: 'Heavy' })).not.toBe(identityHash(event));
    expect(identityHash({ ...event, subType: 'health' })).not.toBe(identityHash(event));
  });

  it('rejects an invalid time', () => {
    expect(() => identityHash({ ...cbg, time: 'yesterday' })).toThrow(RangeError);
  });
});
