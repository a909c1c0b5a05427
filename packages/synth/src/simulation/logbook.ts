import type { RecordBuilder } from '../records/record-builder.ts';
import type { ExerciseIntensity } from '../physiology/exercise.ts';

const MS_PER_MINUTE = 60_000;

/**
 * Entries an injection user types into the CGM app: insulin doses, carbohydrate, exercise and
 * health notes. Apps record such entries to the whole minute. They carry the device ID of the
 * CGM whose data they sit with (for Dexcom, the transmitter of the latest reading, as Dexcom
 * Clarity exports assign them), so nothing is logged before the first reading.
 */
export class Logbook {
  private readonly usedMinutes = new Set<string>();

  constructor(
    private readonly builder: RecordBuilder,
    private readonly deviceIdAt: (utcMs: number) => string | null,
  ) {}

  /** Logs an insulin dose in units (`Fast-Acting` or `Long-Acting`). */
  insulin(utcMs: number, units: number, kind: 'Fast-Acting' | 'Long-Acting'): void {
    this.add(utcMs, 'insulin', (deviceId, minuteMs) =>
      this.builder.add({ deviceId, clockErrorMs: 0 }, minuteMs, {
        type: 'bolus',
        subType: 'normal',
        normalUnits: units,
        extendedUnits: null,
        durationMs: null,
        insulinKind: kind,
      }),
    );
  }

  /** Logs carbohydrate in whole grams. */
  carbs(utcMs: number, grams: number): void {
    this.add(utcMs, 'carbs', (deviceId, minuteMs) =>
      this.builder.add({ deviceId, clockErrorMs: 0 }, minuteMs, {
        type: 'food',
        carbsGrams: Math.round(grams),
      }),
    );
  }

  /** Logs an exercise session with its intensity and duration. */
  exercise(utcMs: number, intensity: ExerciseIntensity, minutes: number): void {
    this.add(utcMs, 'exercise', (deviceId, minuteMs) =>
      this.builder.add({ deviceId, clockErrorMs: 0 }, minuteMs, {
        type: 'deviceEvent',
        subType: 'exercise',
        detail: intensity,
        durationMs: minutes * MS_PER_MINUTE,
        valueMgDl: null,
      }),
    );
  }

  /** Logs a health note such as `Illness` or `Stress`. */
  health(utcMs: number, detail: string): void {
    this.add(utcMs, 'health', (deviceId, minuteMs) =>
      this.builder.add({ deviceId, clockErrorMs: 0 }, minuteMs, {
        type: 'deviceEvent',
        subType: 'health',
        detail,
        durationMs: null,
        valueMgDl: null,
      }),
    );
  }

  /**
   * Writes an entry at the whole minute of `utcMs`, moving it a minute later when the same kind
   * is already logged in that minute, so two entries never share an identity.
   */
  private add(
    utcMs: number,
    kind: string,
    write: (deviceId: string, minuteMs: number) => void,
  ): void {
    let minuteMs = Math.floor(utcMs / MS_PER_MINUTE) * MS_PER_MINUTE;
    while (this.usedMinutes.has(`${kind}:${minuteMs}`)) {
      minuteMs += MS_PER_MINUTE;
    }
    const deviceId = this.deviceIdAt(minuteMs);
    if (deviceId === null) {
      return;
    }
    this.usedMinutes.add(`${kind}:${minuteMs}`);
    if (this.usedMinutes.size > 512) {
      this.usedMinutes.clear();
      this.usedMinutes.add(`${kind}:${minuteMs}`);
    }
    write(deviceId, minuteMs);
  }
}
