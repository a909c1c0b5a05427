import type { Random } from '../random/prng.ts';
import type { LocalClock } from '../records/local-clock.ts';
import type { RecordBuilder, RecordBody } from '../records/record-builder.ts';
import { roundTo, tabulateSchedule, type TherapySettings } from '../patient/therapy-settings.ts';
import { siteAbsorptionFactor } from './infusion-site.ts';
import type { PumpClock } from './pump-clock.ts';
import type { PumpSpec } from './pump-specs.ts';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;

/** Basal delivery mode, as canonical basal records name it. */
export type DeliveryType = 'scheduled' | 'temp' | 'suspend' | 'automated';

/** Dependencies of the pump on the rest of the simulation. */
export interface PumpContext {
  spec: PumpSpec;
  random: Random;
  builder: RecordBuilder;
  zoneClock: LocalClock;
  pumpClock: PumpClock;
  deviceId: string;
}

interface Segment {
  startMs: number;
  type: DeliveryType;
  rate: number;
}

/**
 * An insulin pump. It runs the basal program by its own clock, temporary basals, suspensions
 * and rates set by an automated-delivery algorithm. It delivers boluses (extended ones over
 * time), tracks insulin on board and ages the infusion site. It writes `basal`, `bolus`,
 * `wizard`, `deviceEvent` and `pumpSettings` records.
 */
export class InsulinPump {
  /** Rate set by the automated-delivery algorithm, U/h; null while it is not in control. */
  automatedRate: number | null = null;
  /** Units delivered as basal and as boluses, for insulin totals. */
  basalUnits = 0;
  bolusUnits = 0;

  private temp: { percent: number; endMs: number } | null = null;
  private suspendedUntilMs = 0;
  private extended: { unitsPerMinute: number; endMs: number }[] = [];
  private segment: Segment | null = null;
  private siteInsertedMs: number;
  private occluded = false;
  private deliveries: { timeMs: number; units: number }[] = [];
  private schedule: Float64Array;
  private deliveryType: DeliveryType = 'scheduled';
  private deliveryRate = 0;

  constructor(
    private readonly context: PumpContext,
    private settings: TherapySettings,
    startMs: number,
  ) {
    this.schedule = tabulateSchedule(settings);
    this.siteInsertedMs = startMs - context.random.between(0, 48) * MS_PER_HOUR;
    this.recordSettings(startMs);
  }

  /** Hours since the current infusion site was inserted. */
  siteAgeHours(utcMs: number): number {
    return (utcMs - this.siteInsertedMs) / MS_PER_HOUR;
  }

  /** The settings in force. */
  get currentSettings(): TherapySettings {
    return this.settings;
  }

  /** Replaces the settings and writes a `pumpSettings` record. */
  updateSettings(settings: TherapySettings, utcMs: number): void {
    this.settings = settings;
    this.schedule = tabulateSchedule(settings);
    this.recordSettings(utcMs);
  }

  /** Returns the programmed rate at `utcMs`, read by the pump's own clock, U/h. */
  scheduledRateAt(utcMs: number): number {
    const wallMs = this.context.zoneClock.wallMs(utcMs) + this.context.pumpClock.errorMs(utcMs);
    const minuteOfDay = Math.floor(wallMs / MS_PER_MINUTE) % 1440;
    return this.schedule[minuteOfDay] as number;
  }

  /**
   * Delivers one minute of basal and extended insulin starting at `utcMs`, writing a basal
   * record whenever the delivery changes. Returns the insulin reaching the subcutaneous depot,
   * mU/min, after the site's absorption (nothing while the line is occluded).
   */
  deliverMinute(utcMs: number): number {
    this.updateDelivery(utcMs);
    const type = this.deliveryType;
    const rate = this.deliveryRate;
    const current = this.segment;
    if (current === null || current.type !== type || current.rate !== rate) {
      this.closeSegment(utcMs);
      this.segment = { startMs: utcMs, type, rate };
    }

    let unitsPerMinute = rate / 60;
    this.basalUnits += unitsPerMinute;
    if (type === 'automated') {
      this.trackDelivery(utcMs, unitsPerMinute - this.scheduledRateAt(utcMs) / 60);
    }
    if (this.extended.length > 0) {
      unitsPerMinute += this.extendedUnitsPerMinute(utcMs);
    }
    if (this.occluded) {
      return 0;
    }
    return unitsPerMinute * 1000 * siteAbsorptionFactor(this.siteAgeHours(utcMs));
  }

  /**
   * Gives a bolus at `utcMs`: `units` now and `extendedUnits` over `extendedMinutes`. Returns
   * the immediate units reaching the depot (after site absorption), for the model.
   */
  bolus(utcMs: number, units: number, extendedUnits = 0, extendedMinutes = 0): number {
    const increment = this.context.spec.bolusIncrement;
    const now = roundTo(units, increment);
    const later = roundTo(extendedUnits, increment);
    if (now + later <= 0) {
      return 0;
    }
    if (later > 0) {
      this.extended.push({
        unitsPerMinute: later / extendedMinutes,
        endMs: utcMs + extendedMinutes * MS_PER_MINUTE,
      });
    }
    this.bolusUnits += now + later;
    this.trackDelivery(utcMs, now + later);
    let subType: 'normal' | 'square' | 'dual/square' = 'normal';
    if (later > 0) {
      subType = now > 0 ? 'dual/square' : 'square';
    }
    this.write(utcMs, {
      type: 'bolus',
      subType,
      normalUnits: now,
      extendedUnits: later > 0 ? later : null,
      durationMs: later > 0 ? extendedMinutes * MS_PER_MINUTE : null,
      insulinKind: null,
    });
    return this.occluded ? 0 : now * siteAbsorptionFactor(this.siteAgeHours(utcMs));
  }

  /** Writes the bolus calculator's record. */
  writeWizard(
    utcMs: number,
    wizard: {
      carbsGrams: number | null;
      recommendedUnits: number;
      bgInputMgDl: number | null;
      iob: number;
      carbRatioGramsPerUnit: number;
    },
  ): void {
    this.write(utcMs, {
      type: 'wizard',
      carbsGrams: wizard.carbsGrams,
      recommendedUnits: roundTo(wizard.recommendedUnits, 0.01),
      bgInputMgDl: wizard.bgInputMgDl,
      insulinOnBoardUnits: roundTo(wizard.iob, 0.01),
      insulinCarbRatio: wizard.carbRatioGramsPerUnit,
    });
  }

  /**
   * Insulin on board at `utcMs`, U: boluses and automated basal above the program, each
   * decaying linearly over the active insulin time.
   */
  insulinOnBoard(utcMs: number): number {
    const durationMs = this.settings.activeInsulinHours * MS_PER_HOUR;
    let total = 0;
    let firstLive = 0;
    for (let i = 0; i < this.deliveries.length; i += 1) {
      const delivery = this.deliveries[i] as { timeMs: number; units: number };
      const age = utcMs - delivery.timeMs;
      if (age >= durationMs) {
        firstLive = i + 1;
        continue;
      }
      total += delivery.units * (1 - age / durationMs);
    }
    if (firstLive > 64) {
      this.deliveries = this.deliveries.slice(firstLive);
    }
    return total;
  }

  /** Sets a temporary basal of `percent` of the program for `minutes`. */
  setTempBasal(utcMs: number, percent: number, minutes: number): void {
    this.temp = { percent, endMs: utcMs + minutes * MS_PER_MINUTE };
  }

  /** Replaces the infusion site (or pod): suspends for a few minutes, primes, clears occlusion. */
  changeSite(utcMs: number): void {
    const minutes = Math.round(this.context.random.between(5, 15));
    this.suspendedUntilMs = utcMs + minutes * MS_PER_MINUTE;
    this.write(utcMs, { type: 'deviceEvent', subType: 'reservoirChange', detail: null });
    if (!this.context.spec.patch) {
      this.write(utcMs + 2 * MS_PER_MINUTE, {
        type: 'deviceEvent',
        subType: 'prime',
        detail: 'tubing',
      });
    }
    this.write(utcMs + (minutes - 1) * MS_PER_MINUTE, {
      type: 'deviceEvent',
      subType: 'prime',
      detail: 'cannula',
    });
    this.siteInsertedMs = utcMs + minutes * MS_PER_MINUTE;
    this.occluded = false;
  }

  /** Blocks delivery without the pump noticing yet (a kinked cannula). */
  occlude(): void {
    this.occluded = true;
  }

  /** Writes the occlusion alarm the pump raises once enough pressure has built up. */
  alarmOcclusion(utcMs: number): void {
    this.write(utcMs, { type: 'deviceEvent', subType: 'alarm', detail: 'occlusion' });
  }

  /** Whether delivery is blocked. */
  get isOccluded(): boolean {
    return this.occluded;
  }

  /** Writes a device event (time change and the like) with the pump's device ID. */
  writeEvent(utcMs: number, subType: string, detail: string | null): void {
    this.write(utcMs, { type: 'deviceEvent', subType, detail });
  }

  /** Closes the open basal segment at `utcMs` so that a day's records end there. */
  splitAt(utcMs: number): void {
    if (this.segment === null) {
      return;
    }
    const { type, rate } = this.segment;
    this.closeSegment(utcMs);
    this.segment = { startMs: utcMs, type, rate };
  }

  /** Sets `deliveryType` and `deliveryRate` for the minute at `utcMs`. */
  private updateDelivery(utcMs: number): void {
    if (utcMs < this.suspendedUntilMs) {
      this.deliveryType = 'suspend';
      this.deliveryRate = 0;
      return;
    }
    if (this.automatedRate !== null) {
      this.deliveryType = 'automated';
      this.deliveryRate = this.automatedRate;
      return;
    }
    const scheduled = this.scheduledRateAt(utcMs);
    if (this.temp !== null && utcMs < this.temp.endMs) {
      const step = Math.max(this.context.spec.basalIncrement, 0.025);
      this.deliveryType = 'temp';
      this.deliveryRate = roundTo((scheduled * this.temp.percent) / 100, step);
      return;
    }
    this.temp = null;
    this.deliveryType = 'scheduled';
    this.deliveryRate = scheduled;
  }

  private extendedUnitsPerMinute(utcMs: number): number {
    let units = 0;
    let running = false;
    for (const part of this.extended) {
      if (utcMs < part.endMs) {
        units += part.unitsPerMinute;
        running = true;
      }
    }
    if (!running) {
      this.extended = [];
    }
    return units;
  }

  private closeSegment(endMs: number): void {
    const segment = this.segment;
    if (segment === null || endMs <= segment.startMs) {
      return;
    }
    const clockErrorMs = this.context.pumpClock.errorMs(segment.startMs);
    this.context.builder.addBasal(
      { deviceId: this.context.deviceId, clockErrorMs },
      segment.startMs,
      {
        deliveryType: segment.type,
        rateUnitsPerHour: segment.rate,
        durationMs: endMs - segment.startMs,
      },
    );
    this.segment = null;
  }

  private trackDelivery(utcMs: number, units: number): void {
    const last = this.deliveries[this.deliveries.length - 1];
    // Basal deltas are merged into 5-minute entries to keep the list short.
    if (last !== undefined && utcMs - last.timeMs < 5 * MS_PER_MINUTE && units < 0.2) {
      last.units += units;
      return;
    }
    this.deliveries.push({ timeMs: utcMs, units });
  }

  /** Writes a `pumpSettings` record of the settings in force. */
  recordSettings(utcMs: number): void {
    const s = this.settings;
    this.write(utcMs, {
      type: 'pumpSettings',
      settings: {
        basalSchedules: { standard: s.basalSchedule.map((segment) => ({ ...segment })) },
        carbRatioSchedule: [
          {
            startMinute: 0,
            gramsPerUnit: roundTo(s.carbRatioGramsPerUnit * s.morningCarbRatioFactor, 0.5),
          },
          { startMinute: 600, gramsPerUnit: s.carbRatioGramsPerUnit },
        ],
        insulinSensitivityMgDlPerUnit: s.isfMgDlPerUnit,
        targetMgDl: s.targetMgDl,
        activeInsulinHours: s.activeInsulinHours,
        maxBasalUnitsPerHour: s.maxBasalUnitsPerHour,
      },
    });
  }

  private write(utcMs: number, body: RecordBody): void {
    const clockErrorMs = this.context.pumpClock.errorMs(utcMs);
    this.context.builder.add({ deviceId: this.context.deviceId, clockErrorMs }, utcMs, body);
  }
}
