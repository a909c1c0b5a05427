import {
  identityHash,
  type BaseRecord,
  type BasalRecord,
  type BolusRecord,
  type CanonicalRecord,
  type CbgRecord,
  type DeviceEventRecord,
  type FoodRecord,
  type SettingsRecord,
  type SmbgRecord,
  type WizardRecord,
} from '@phoenix/domain';
import { IdentityHasher } from './fast-identity.ts';
import type { DeviceStamp, LocalClock } from './local-clock.ts';

/** `origin.format` of every record this package generates. */
export const SYNTH_ORIGIN_FORMAT = 'phoenix-synth';

type Body<T extends CanonicalRecord> = Omit<T, keyof BaseRecord> & { type: T['type'] };

/** Any record's type-specific fields. */
export type RecordBody =
  | Body<CbgRecord>
  | Body<SmbgRecord>
  | Body<BolusRecord>
  | Body<BasalRecord>
  | Body<FoodRecord>
  | Body<DeviceEventRecord>
  | Body<SettingsRecord>
  | Body<WizardRecord>;

/** A device that writes records: its identifier and how far its clock is off. */
export interface RecordingDevice {
  /** Canonical device ID, model prefix and serial: `dexcom-g6:8AB12C`. */
  deviceId: string;
  /** Milliseconds the device clock runs ahead of true local time (0 for phone apps). */
  clockErrorMs: number;
}

/**
 * Builds canonical records with identity hashes and hands them, with their time in epoch ms,
 * to a sink. Times are stamped
 * through a `LocalClock`, so `time`, `deviceTime` and `timeResolution` are what an export
 * reader resolves from the device's wall clock.
 */
export class RecordBuilder {
  /** Records built so far. */
  count = 0;
  private readonly hasher = new IdentityHasher();

  constructor(
    readonly clock: LocalClock,
    private readonly sink: (record: CanonicalRecord, timeMs: number) => void,
  ) {}

  /**
   * Builds a `cbg` record like `add` does, without the intermediate body object: readings are
   * nearly all of the records, so this path is kept lean. Returns the record.
   */
  addCbg(
    deviceId: string,
    utcMs: number,
    fields: CbgFields,
    withTransmitterTime: boolean,
  ): CbgRecord {
    const stamp = this.clock.stamp(utcMs, 0, withTransmitterTime);
    const record: CbgRecord = {
      id: '',
      time: stamp.time,
      deviceTime: stamp.deviceTime,
      timezoneOffset: stamp.timezoneOffset,
      clockDriftOffset: 0,
      conversionOffset: 0,
      timezone: this.clock.zone,
      timeResolution: stamp.timeResolution,
      deviceId,
      origin: { format: SYNTH_ORIGIN_FORMAT },
      type: 'cbg',
      valueMgDl: fields.valueMgDl,
      outOfRange: fields.outOfRange,
      thresholdMgDl: fields.thresholdMgDl,
      sourceUnits: fields.sourceUnits,
      rateMgDlPerMin: fields.rateMgDlPerMin,
      trend: fields.trend,
      transmitterTimeSec: fields.transmitterTimeSec,
      transmitterId: fields.transmitterId,
    };
    record.id = this.hasher.identify(record, stamp.timeMs);
    this.count += 1;
    this.sink(record, stamp.timeMs);
    return record;
  }

  /** Builds a `basal` record like `add` does, without the intermediate body object. */
  addBasal(
    device: RecordingDevice,
    utcMs: number,
    fields: Omit<BasalRecord, keyof BaseRecord | 'type'>,
  ): BasalRecord {
    const stamp = this.clock.stamp(utcMs, device.clockErrorMs, false);
    const record: BasalRecord = {
      id: '',
      time: stamp.time,
      deviceTime: stamp.deviceTime,
      timezoneOffset: stamp.timezoneOffset,
      clockDriftOffset: 0,
      conversionOffset: 0,
      timezone: this.clock.zone,
      timeResolution: stamp.timeResolution,
      deviceId: device.deviceId,
      origin: { format: SYNTH_ORIGIN_FORMAT },
      type: 'basal',
      deliveryType: fields.deliveryType,
      rateUnitsPerHour: fields.rateUnitsPerHour,
      durationMs: fields.durationMs,
    };
    record.id = this.hasher.identify(record, stamp.timeMs);
    this.count += 1;
    this.sink(record, stamp.timeMs);
    return record;
  }

  /**
   * Builds a record for `body` written by `device` at the true instant `utcMs` and passes it to
   * the sink. `withTransmitterTime` marks records whose transmitter clock settles the repeated
   * autumn hour. Returns the record.
   */
  add(
    device: RecordingDevice,
    utcMs: number,
    body: RecordBody,
    withTransmitterTime = false,
  ): CanonicalRecord {
    const stamp = this.clock.stamp(utcMs, device.clockErrorMs, withTransmitterTime);
    const record = assemble(device.deviceId, stamp, this.clock.zone, body);
    record.id = this.hasher.identify(record, stamp.timeMs);
    this.count += 1;
    this.sink(record, stamp.timeMs);
    return record;
  }
}

/** Fields of a CGM reading, for `RecordBuilder.addCbg`. */
export type CbgFields = Omit<CbgRecord, keyof BaseRecord | 'type'>;

/** Assembles a record from its stamp and body and computes its identity with `identityHash`. */
export function recordFromStamp(
  deviceId: string,
  stamp: DeviceStamp,
  zone: string,
  body: RecordBody,
): CanonicalRecord {
  const record = assemble(deviceId, stamp, zone, body);
  record.id = identityHash(record);
  return record;
}

function assemble(
  deviceId: string,
  stamp: DeviceStamp,
  zone: string,
  body: RecordBody,
): CanonicalRecord {
  return {
    id: '',
    time: stamp.time,
    deviceTime: stamp.deviceTime,
    timezoneOffset: stamp.timezoneOffset,
    clockDriftOffset: 0,
    conversionOffset: 0,
    timezone: zone,
    timeResolution: stamp.timeResolution,
    deviceId,
    origin: { format: SYNTH_ORIGIN_FORMAT },
    ...body,
  } as CanonicalRecord;
}
