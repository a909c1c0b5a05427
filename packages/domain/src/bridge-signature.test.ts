import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bridgeSigningMessage, bridgeSigningMessageForDigest } from './bridge-signature.ts';

describe('bridge signing message', () => {
  it('puts each part on its own line', () => {
    const message = bridgeSigningMessage('post', '/api/v1/x?a=1', 1700000000000, '');
    expect(message.toString('utf8').split('\n')).toEqual([
      'phoenix-bridge-v1',
      'POST',
      '/api/v1/x?a=1',
      '1700000000000',
      // SHA-256 of no bytes.
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    ]);
  });

  it('matches when built from the body digest', () => {
    const body = '{"source":{"fileName":"Glukose-Ärztin.csv"},"records":[]}';
    const digest = createHash('sha256').update(Buffer.from(body, 'utf8')).digest();
    expect(bridgeSigningMessageForDigest('POST', '/u', 5, digest)).toEqual(
      bridgeSigningMessage('POST', '/u', 5, body),
    );
  });
});
