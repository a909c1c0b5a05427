import { timeZoneOffsetMinutes, wallTimeCandidates, type TimeResolution } from '@phoenix/domain';
import { isoUtcWholeSecond, localDateTimeWholeSecond } from './iso-format.ts';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

/** A device's view of one instant: the wall-clock text it records and what a reader makes of it. */
export interface DeviceStamp {
  /** UTC instant a reader resolves from `deviceTime`, ISO 8601 with `Z`. */
  time: string;
  /** The same instant in epoch milliseconds. */
  timeMs: number;
  /** Wall-clock time the device records, `YYYY-MM-DDTHH:mm:ss`. */
  deviceTime: string;
  /** Local minus UTC, minutes, as a reader derives it from `deviceTime` and `time`. */
  timezoneOffset: number;
  timeResolution: TimeResolution;
}

/** Hours in a zone's offset table: about 22 months from the first hour looked up. */
const TABLE_HOURS = 16_384;
/** Table entry of an hour not yet looked up, or one in which the offset changes. */
const UNKNOWN = -32_768;

/**
 * Offsets of one zone by UTC hour, shared by every clock of the zone in this thread: a table
 * over the stretch of time first asked for, and a map for hours outside it.
 */
interface ZoneOffsets {
  firstHour: number;
  table: Int16Array;
  outside: Map<number, number>;
}

const OFFSETS_BY_ZONE = new Map<string, ZoneOffsets>();

/**
 * Turns true instants into device wall-clock stamps in one IANA zone, the way export readers
 * resolve them back.
 *
 * Devices write local wall-clock time to whole seconds, and a reader maps that time through
 * the zone. In the repeated autumn hour it can tell the two passes apart only with independent
 * evidence such as the Dexcom transmitter clock (`resolved`). Without it, the reader takes the
 * earlier instant (`ambiguous`). A device clock set wrong (`clockErrorMs`) shifts the wall
 * time, and a reader, knowing nothing of the error, shifts the instant with it. The stamp is
 * what the reader gets, so the records of this package equal the records read back from their
 * export files.
 */
export class LocalClock {
  private offsets: ZoneOffsets | null = null;

  constructor(readonly zone: string) {}

  /** Returns the zone's offset (local minus UTC) at `utcMs`, in minutes. */
  offsetMinutes(utcMs: number): number {
    const hour = Math.floor(utcMs / MS_PER_HOUR);
    const offsets = this.offsets;
    if (offsets !== null) {
      const slot = hour - offsets.firstHour;
      if (slot >= 0 && slot < TABLE_HOURS) {
        const offset = offsets.table[slot] as number;
        if (offset !== UNKNOWN) {
          return offset;
        }
      }
    }
    return this.lookUpOffset(utcMs, hour);
  }

  /**
   * Looks up the offset at `utcMs` through `timeZoneOffsetMinutes`. The offset is cached for
   * the hour when it is the same at the hour's start and at its last second. An hour with a
   * change inside it (Adelaide's, at half past a UTC hour) is looked up instant by instant.
   */
  private lookUpOffset(utcMs: number, hour: number): number {
    let offsets = this.offsets ?? OFFSETS_BY_ZONE.get(this.zone);
    if (offsets === undefined) {
      // The table starts three days early, because stamps look a day either side.
      offsets = {
        firstHour: hour - 72,
        table: new Int16Array(TABLE_HOURS).fill(UNKNOWN),
        outside: new Map(),
      };
      OFFSETS_BY_ZONE.set(this.zone, offsets);
    }
    this.offsets = offsets;
    const slot = hour - offsets.firstHour;
    const inTable = slot >= 0 && slot < TABLE_HOURS;
    const cached = inTable ? undefined : offsets.outside.get(hour);
    if (cached !== undefined) {
      return cached;
    }
    const offset = timeZoneOffsetMinutes(this.zone, hour * MS_PER_HOUR);
    const atHourEnd = timeZoneOffsetMinutes(this.zone, (hour + 1) * MS_PER_HOUR - 1000);
    if (atHourEnd !== offset) {
      return timeZoneOffsetMinutes(this.zone, utcMs);
    }
    if (inTable) {
      offsets.table[slot] = offset;
    } else {
      // About eleven years of hours per zone; beyond that the map starts over.
      if (offsets.outside.size > 100_000) {
        offsets.outside.clear();
      }
      offsets.outside.set(hour, offset);
    }
    return offset;
  }

  /** Returns local wall-clock milliseconds (read as if UTC) at the true instant `utcMs`. */
  wallMs(utcMs: number): number {
    return utcMs + this.offsetMinutes(utcMs) * MS_PER_MINUTE;
  }

  /**
   * Stamps the true instant `utcMs` as a device whose clock is `clockErrorMs` ahead would, and
   * resolves it back as a reader would. `withTransmitterTime` is true when the record carries
   * clock evidence that settles the repeated hour.
   */
  stamp(utcMs: number, clockErrorMs = 0, withTransmitterTime = false): DeviceStamp {
    const wallMs = Math.floor((this.wallMs(utcMs) + clockErrorMs) / 1000) * 1000;
    const deviceTime = localDateTimeWholeSecond(wallMs);
    // Within a day of a transition the wall time may be ambiguous or skipped. Away from one it
    // maps back through the single offset in force.
    const nearTransition =
      this.offsetMinutes(utcMs - MS_PER_DAY) !== this.offsetMinutes(utcMs + MS_PER_DAY);

    let instantMs = wallMs - this.offsetMinutes(utcMs) * MS_PER_MINUTE;
    let timeResolution: TimeResolution = 'exact';
    if (nearTransition) {
      const candidates = wallTimeCandidates(wallMs, this.zone);
      instantMs = candidates.instantMs;
      timeResolution = candidates.kind;
      if (candidates.kind === 'ambiguous' && withTransmitterTime) {
        const truth = utcMs + clockErrorMs;
        instantMs = closest(candidates.candidatesMs, truth);
        timeResolution = 'resolved';
      }
    }
    return {
      time: isoUtcWholeSecond(instantMs),
      timeMs: instantMs,
      deviceTime,
      timezoneOffset: Math.round((wallMs - instantMs) / MS_PER_MINUTE),
      timeResolution,
    };
  }
}

function closest(candidatesMs: readonly number[], targetMs: number): number {
  let best = candidatesMs[0] as number;
  for (const candidate of candidatesMs) {
    if (Math.abs(candidate - targetMs) < Math.abs(best - targetMs)) {
      best = candidate;
    }
  }
  return best;
}
