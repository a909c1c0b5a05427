import { hash } from 'node:crypto';
import { identityHash, type CanonicalRecord } from '@phoenix/domain';

/** Distinct basal rates whose JSON text is cached; a patient uses far fewer. */
const MAX_CACHED_RATES = 4096;

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
  /** JSON text of `[deliveryType, rate]` by delivery type and rate. */
  private readonly basalFields = new Map<string, Map<number | null, string>>();

  /** Returns the identity hash of `record`, whose `time` is the whole-second `timeMs`. */
  identify(record: CanonicalRecord, timeMs: number): string {
    let prefix: KeyPrefix;
    let key: string;
    if (record.type === 'cbg') {
      prefix = this.cbg;
      key = `${prefix.of(record.deviceId)}${integerText(timeMs)}]`;
    } else if (record.type === 'basal') {
      prefix = this.basal;
      const fields = this.basalFieldsText(record.deliveryType, record.rateUnitsPerHour);
      key = `${prefix.of(record.deviceId)}${integerText(timeMs)},${fields}]`;
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

  /** Returns `"type",rate` with the rate rounded to 0.001 U/h, as `identityHash` keys it. */
  private basalFieldsText(deliveryType: string, rateUnitsPerHour: number | null): string {
    let byRate = this.basalFields.get(deliveryType);
    if (byRate === undefined) {
      byRate = new Map();
      this.basalFields.set(deliveryType, byRate);
    }
    let text = byRate.get(rateUnitsPerHour);
    if (text === undefined) {
      const rate = rateUnitsPerHour === null ? null : Math.round(rateUnitsPerHour * 1000) / 1000;
      text = `${JSON.stringify(deliveryType)},${JSON.stringify(rate)}`;
      if (byRate.size >= MAX_CACHED_RATES) {
        byRate.clear();
      }
      byRate.set(rateUnitsPerHour, text);
    }
    return text;
  }
}

/**
 * Returns the decimal text of a number, as `String` and `JSON.stringify` write it. Epoch
 * milliseconds exceed the small integers that V8 converts quickly, so they are written as two
 * halves of at most seven and exactly six digits.
 */
export function integerText(value: number): string {
  if (!Number.isInteger(value) || value < 1_000_000 || value >= 1e15) {
    return String(value);
  }
  const high = Math.floor(value / 1_000_000);
  const low = value - high * 1_000_000;
  return `${high}${low >= 100_000 ? low : String(low).padStart(6, '0')}`;
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
