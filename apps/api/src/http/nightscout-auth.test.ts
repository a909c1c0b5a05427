import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { classifyCredential, storedDigest } from './nightscout-auth.ts';

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

describe('classifyCredential', () => {
  it('lowercases hex digests', () => {
    const digest = sha1('a secret of enough length');
    expect(classifyCredential(digest.toUpperCase())).toEqual({ form: 'digest', hex: digest });
  });

  it('hashes a raw access token', () => {
    const token = 'aaps-0123456789abcdef';
    expect(classifyCredential(token)).toEqual({ form: 'digest', hex: sha1(token) });
  });

  it('recognises a JWT', () => {
    expect(classifyCredential('aaa.bbb.ccc').form).toBe('jwt');
  });

  it('rejects a plain secret', () => {
    expect(classifyCredential('plain secret').form).toBe('malformed');
  });
});

describe('storedDigest', () => {
  it('is SHA-256 of the lowercase hex text', () => {
    const expected = createHash('sha256').update('abcdef').digest('hex');
    expect(storedDigest('ABCDEF').toString('hex')).toBe(expected);
  });
});
