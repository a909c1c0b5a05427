import { hash } from 'node:crypto';
import { identityHash, type CanonicalRecord } from '@phoenix/domain';

/**
 * Identity hashes for the two record types that make up nearly all generated records: `cbg`,
 * and `basal` under automated delivery. They skip `identityHash`'s general parsing: the JSON key
 * `[deviceId, type, timeMs, ...fields]` is assembled from a cached prefix and hashed with the
 * one-shot `crypto.hash`. Every other type goes through `identityHash`.
 *
 * The first record of each device and type is also hashed by `identityHash`, and a mismatch
 * throws, so a change to the domain's identity scheme stops generation instead of producing
 * wrong identities.
 */
export class IdentityHasher {
  private readonly cbg = new KeyPrefix('cbg');
  private readonly basal = new KeyPrefix('basal');

  /** Returns the identity hash of `record`, whose `time` is the whole-second `timeMs`. */
  identify(record: CanonicalRecord, timeMs: number): string {
    let prefix: KeyPrefix;
    let key: string;
    if (record.type === 'cbg') {
      prefix = this.cbg;
      key = `${prefix.of(record.deviceId)}${timeMs}]`;
    } else if (record.type === 'basal') {
      prefix = this.basal;
      const rate =
        record.rateUnitsPerHour === null ? null : Math.round(record.rateUnitsPerHour * 1000) / 1000;
      const fields = `${JSON.stringify(record.deliveryType)},${JSON.stringify(rate)}`;
      key = `${prefix.of(record.deviceId)}${timeMs},${fields}]`;
    } else {
      return identityHash(record);
    }
    const id = hash('sha256', key, 'hex');
    if (!prefix.verified) {
      if (id !== identityHash(record)) {
        throw new Error(
          `Identity of a generated ${record.type} record differs from identityHash; update ` +
            'IdentityHasher to the domain identity scheme.',
        );
      }
      prefix.verified = true;
    }
    return id;
  }
}

/** The JSON key prefix `["deviceId","type",` of the last device seen, for one record type. */
class KeyPrefix {
  /** Whether a record of the current device has been checked against `identityHash`. */
  verified = false;
  private deviceId = '';
  private prefix = '';

  constructor(private readonly type: string) {}

  of(deviceId: string): string {
    if (deviceId !== this.deviceId) {
      this.deviceId = deviceId;
      this.prefix = `${JSON.stringify([deviceId, this.type]).slice(0, -1)},`;
      this.verified = false;
    }
    return this.prefix;
  }
}
