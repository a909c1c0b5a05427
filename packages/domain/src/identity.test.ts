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

  it('keeps the hash of a known record', () => {
    // sha256sum of the text ["dexcom-g6:8AB12C","cbg",1572136200000], computed outside Node.
    expect(identityHash(cbg)).toBe(
      '21d77dd7abde98cbeab276d19786fe7fcaf849727954a4b5d4e6d7e3cf7bbe26',
    );
  });

  it('uses a given instant', () => {
    const later = Date.UTC(2019, 9, 27, 0, 35);
    expect(identityHash(cbg, 1572136200000)).toBe(identityHash(cbg));
    expect(identityHash(cbg, later)).toBe(
      sha256(JSON.stringify(['dexcom-g6:8AB12C', 'cbg', later])),
    );
  });

  it('reads canonical instants to the millisecond', () => {
    const cases: [string, number][] = [
      ['1970-01-01T00:00:00.000Z', 0],
      ['1969-12-31T23:59:59.999Z', -1],
      ['0001-01-01T00:00:00.000Z', -62_135_596_800_000],
      ['2000-02-29T12:00:00.000Z', Date.UTC(2000, 1, 29, 12)],
      ['2024-12-31T23:59:59.999Z', Date.UTC(2024, 11, 31, 23, 59, 59, 999)],
      ['2100-03-01T00:00:00.001Z', Date.UTC(2100, 2, 1, 0, 0, 0, 1)],
    ];
    for (const [time, ms] of cases) {
      const expected = sha256(JSON.stringify(['dexcom-g6:8AB12C', 'cbg', ms]));
      expect(identityHash({ ...cbg, time }), time).toBe(expected);
    }
  });

  it('reads other forms as Date.parse does', () => {
    // V8's Date.parse rolls 2019-02-30 over to 2019-03-02 and 24:00 over to the next day.
    // Stored hashes were made that way, so they must not change.
    const cases: [string, number][] = [
      ['2019-02-30T00:00:00.000Z', Date.UTC(2019, 2, 2)],
      ['2019-01-01T24:00:00.000Z', Date.UTC(2019, 0, 2)],
      ['2019-10-27T00:30:00Z', 1_572_136_200_000],
    ];
    for (const [time, ms] of cases) {
      const expected = sha256(JSON.stringify(['dexcom-g6:8AB12C', 'cbg', ms]));
      expect(identityHash({ ...cbg, time }), time).toBe(expected);
    }
    expect(() => identityHash({ ...cbg, time: '2019-01-01T23:60:00.000Z' })).toThrow(RangeError);
  });

  it('escapes device IDs as JSON does', () => {
    const quoted = { ...cbg, deviceId: 'pump "A"\\2' };
    const expected = sha256(JSON.stringify(['pump "A"\\2', 'cbg', 1572136200000]));
    expect(identityHash(quoted)).toBe(expected);
    // Back on the first device, the hash must not reuse the previous device's text.
    expect(identityHash(cbg)).toBe(
      sha256(JSON.stringify(['dexcom-g6:8AB12C', 'cbg', 1572136200000])),
    );
  });

  it('serialises distinguishing fields as JSON', () => {
    const smbg = { ...cbg, type: 'smbg' as const, valueMgDl: 93.2, outOfRange: null };
    const bolus = { ...cbg, type: 'bolus' as const, normalUnits: 2.5, extendedUnits: 0.0004 };
    const event = {
      ...cbg,
      type: 'deviceEvent' as const,
      subType: 'alarm',
      detail: 'Low "urgent"',
    };
    const at = 1572136200000;
    expect(identityHash(smbg)).toBe(sha256(`["dexcom-g6:8AB12C","smbg",${at},93,null]`));
    // 0.0004 U rounds to 0 at 0.001 U steps.
    expect(identityHash(bolus)).toBe(sha256(`["dexcom-g6:8AB12C","bolus",${at},2.5,0]`));
    expect(identityHash(event)).toBe(
      sha256(`["dexcom-g6:8AB12C","deviceEvent",${at},"alarm","Low \\"urgent\\""]`),
    );
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
