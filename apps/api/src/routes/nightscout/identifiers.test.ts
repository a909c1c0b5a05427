import { describe, expect, it } from 'vitest';
import {
  deriveIdentifier,
  idsOfRecord,
  isObjectId,
  newObjectId,
  NIGHTSCOUT_UUID_NAMESPACE,
  uuidV5,
} from './identifiers.ts';

// Expected UUIDs computed with Python's uuid.uuid5, an independent implementation of RFC 4122.
const DNS_NAMESPACE = Buffer.from('6ba7b8109dad11d180b400c04fd430c8', 'hex');

describe('uuidV5', () => {
  it('matches the Python documentation example', () => {
    expect(uuidV5('python.org', DNS_NAMESPACE)).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('uses the NightscoutRocks! namespace', () => {
    expect(uuidV5('AndroidAPS-DexcomG6_1729989600000', NIGHTSCOUT_UUID_NAMESPACE)).toBe(
      '8464336a-67cd-5b11-aeaa-044fb71bb180',
    );
  });

  it('rejects a namespace of other length', () => {
    expect(() => uuidV5('x', Buffer.alloc(8))).toThrow(RangeError);
  });
});

describe('deriveIdentifier', () => {
  it('derives from device, date and eventType like Nightscout', () => {
    const document = { eventType: 'Meal Bolus', date: 1729989900000, insulin: 4.5 };
    expect(deriveIdentifier('treatments', document, 0)).toBe(
      '2dc53eba-464a-557e-8826-5267b0577135',
    );
  });

  it('uses the instant when date is missing', () => {
    const document = { eventType: 'Temp Basal', created_at: '2024-10-27T01:10:00.000Z' };
    expect(deriveIdentifier('treatments', document, Date.UTC(2024, 9, 27, 1, 10))).toBe(
      '45335f1b-fd45-5bac-8420-18d909673dd4',
    );
  });

  it('keeps the sgv form and adds other entry types', () => {
    const sgv = { device: 'xDrip-DexcomG6', date: 1710064200000, type: 'sgv' };
    const cal = { device: 'xDrip-DexcomG6', date: 1710064860000, type: 'cal' };
    expect(deriveIdentifier('entries', sgv, 0)).toBe('8ab47936-4236-5bd8-a460-a39054bd00b9');
    expect(deriveIdentifier('entries', cal, 0)).toBe('b9a100b6-a321-532f-bb4a-e706c8ea40e1');
  });
});

describe('object IDs', () => {
  it('lays out a new _id as seconds and random bytes', () => {
    const id = newObjectId(Date.UTC(2024, 0, 1));
    expect(isObjectId(id)).toBe(true);
    expect(id.slice(0, 8)).toBe((Date.UTC(2024, 0, 1) / 1000).toString(16));
  });

  it('derives ids of records from the identity hash', () => {
    const hash = 'ab'.repeat(32);
    expect(idsOfRecord(hash)).toEqual({
      objectId: 'ab'.repeat(12),
      identifier: 'abababab-abab-abab-abab-abababababab',
    });
  });

  it('accepts only 24 lowercase hex digits', () => {
    expect(isObjectId('eaf39e6d24df7e9317859bff')).toBe(true);
    expect(isObjectId('EAF39E6D24DF7E9317859BFF')).toBe(false);
    expect(isObjectId('eaf39e6d24df7e9317859bf')).toBe(false);
  });
});
