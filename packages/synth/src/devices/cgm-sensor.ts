import type { CbgRecord, Trend } from '@phoenix/domain';
import { clamp, logNormal } from '../random/distributions.ts';
import type { Random } from '../random/prng.ts';
import type { RecordBuilder } from '../records/record-builder.ts';
import { planSession, type SensorSession, type Transmitter } from './cgm-session.ts';
import type { CgmSpec } from './cgm-specs.ts';
import { RateEstimator, trendFromRate } from './cgm-trend.ts';
import { CompressionArtifact } from './compression-artifact.ts';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/** The latest reading as the patient's phone or pump shows it. */
export interface CgmReading {
  timeMs: number;
  /** Value for decisions, mg/dL: a `Low` counts as one below the low limit, a `High` above. */
  displayMgDl: number;
  trend: Trend | null;
  rateMgDlPerMin: number | null;
}

/** Dependencies of the sensor on the patient and the rest of the simulation. */
export interface CgmSensorContext {
  spec: CgmSpec;
  random: Random;
  builder: RecordBuilder;
  /** Canonical device ID of the readings made with `transmitter`. */
  deviceIdFor(transmitter: Transmitter): string;
  sourceUnits: 'mg/dL' | 'mmol/L';
  /** Whether the patient sleeps at `utcMs` (compression lows, sensor changes, calibrations). */
  isAsleep(utcMs: number): boolean;
  /** When the patient inserts the next sensor after one ended at `endedMs`. */
  nextInsertionMs(endedMs: number): number;
  /** A fingerstick value for plasma glucose `plasmaMgDl`. */
  meterReading(plasmaMgDl: number): number;
  /** Mean compression lows per night of sleep. */
  compressionLowsPerNight: number;
}

/** One session as it happened, for the realism report. */
export interface SessionOutcome {
  insertedMs: number;
  warmupEndMs: number;
  endMs: number;
  endedEarly: boolean;
  readings: number;
}

/** Running accuracy and session counts of one sensor. */
export interface CgmStats {
  sessions: SessionOutcome[];
  absoluteRelativeErrorSum: number;
  accuracyPairs: number;
}

/**
 * A patient's CGM over many sessions: inserts sensors, runs warm-up, samples interstitial
 * glucose through the session's error model, drops readings in signal gaps, adds compression
 * lows, and writes `cbg` records (and `smbg` calibrations for sensors that ask for them).
 */
export class CgmSensor {
  latest: CgmReading | null = null;
  /** Device ID of the last reading written; null before the first. */
  lastDeviceId: string | null = null;
  readonly stats: CgmStats = { sessions: [], absoluteRelativeErrorSum: 0, accuracyPairs: 0 };

  private session: SensorSession | null = null;
  /** Whole-second times and device IDs of the last two readings, newest last. */
  private recentIds: { secondMs: number; deviceId: string }[] = [];
  private outcome: SessionOutcome | null = null;
  private transmitter: Transmitter | null = null;
  private sessionCount = 0;
  private nextInsertMs: number;
  private interstitialMgDl: number;
  private nextTickMs = 0;
  private transmitterSec = 0;
  private tickIndex = 0;
  private rawSum = 0;
  private gapCursor = 0;
  private nextCalibrationMs = Infinity;
  private readonly rate = new RateEstimator();
  private readonly compression: CompressionArtifact;

  constructor(
    private readonly context: CgmSensorContext,
    firstInsertionMs: number,
    initialPlasmaMgDl: number,
  ) {
    this.nextInsertMs = firstInsertionMs;
    this.interstitialMgDl = initialPlasmaMgDl;
    this.compression = new CompressionArtifact(context.random, context.compressionLowsPerNight);
  }

  /** Advances to the end of the minute ending at `utcMs`, with plasma glucose `plasmaMgDl`. */
  advance(utcMs: number, plasmaMgDl: number): void {
    const lag = this.session?.error.parameters.lagMinutes ?? 7;
    this.interstitialMgDl += (plasmaMgDl - this.interstitialMgDl) / lag;

    if (this.session === null && utcMs >= this.nextInsertMs) {
      this.startSession(this.nextInsertMs, utcMs);
    }
    while (this.session !== null && this.nextTickMs <= utcMs) {
      if (this.nextTickMs >= this.session.endMs) {
        this.endSession(this.session.endMs);
        break;
      }
      this.tick(this.session, this.nextTickMs, plasmaMgDl);
    }
    if (this.session !== null && utcMs >= this.nextCalibrationMs) {
      this.calibrate(utcMs, plasmaMgDl);
    }
  }

  /**
   * Returns the device ID of the latest reading stamped at or before `utcMs`: a Clarity reader
   * assigns an app entry to the transmitter of the last reading above it in the file. Returns
   * null before the first reading.
   */
  deviceIdAt(utcMs: number): string | null {
    for (let i = this.recentIds.length - 1; i >= 0; i -= 1) {
      const recent = this.recentIds[i] as { secondMs: number; deviceId: string };
      if (recent.secondMs <= utcMs) {
        return recent.deviceId;
      }
    }
    return this.recentIds.length === 2
      ? (this.recentIds[0] as { deviceId: string }).deviceId
      : null;
  }

  /** True while a sensor is past warm-up and not yet ended. */
  isActive(utcMs: number): boolean {
    return this.session !== null && utcMs >= this.session.warmupEndMs;
  }

  /** Starts a session inserted at `insertedMs`; readings begin no earlier than `nowMs`. */
  private startSession(insertedMs: number, nowMs: number): void {
    const session = planSession(
      this.context.random,
      this.context.spec,
      this.sessionCount,
      insertedMs,
      this.transmitter,
    );
    this.sessionCount += 1;
    this.session = session;
    this.transmitter = session.transmitter;
    this.outcome = {
      insertedMs,
      warmupEndMs: session.warmupEndMs,
      endMs: session.endMs,
      endedEarly: session.endedEarly,
      readings: 0,
    };
    // Readings follow the transmitter's 5-minute grid, counted from its activation.
    const firstMs = Math.max(session.warmupEndMs, nowMs - MS_PER_MINUTE);
    const sinceActivationSec = (firstMs - session.transmitter.activatedMs) / 1000;
    this.transmitterSec = Math.ceil(sinceActivationSec / 300) * 300;
    this.tickIndex = 0;
    this.rawSum = 0;
    this.gapCursor = 0;
    this.nextTickMs = this.tickTime(session.transmitter, this.transmitterSec);
    this.rate.reset();
    this.scheduleCalibration(session.warmupEndMs);
  }

  private endSession(endMs: number): void {
    if (this.outcome !== null) {
      this.stats.sessions.push(this.outcome);
    }
    this.session = null;
    this.outcome = null;
    this.latest = null;
    this.nextCalibrationMs = Infinity;
    this.nextInsertMs = Math.max(endMs, this.context.nextInsertionMs(endMs));
  }

  private tickTime(transmitter: Transmitter, seconds: number): number {
    return transmitter.activatedMs + seconds * 1000 * (1 + transmitter.driftPpm * 1e-6);
  }

  private tick(session: SensorSession, tickMs: number, plasmaMgDl: number): void {
    const days = (tickMs - session.insertedMs) / MS_PER_DAY;
    const raw = session.error.measure(this.interstitialMgDl, days);
    this.rawSum += raw * this.compression.factor(tickMs, this.context.isAsleep(tickMs));
    this.tickIndex += 1;

    const ticksPerReading = this.context.spec.intervalMinutes / 5;
    if (this.tickIndex % ticksPerReading === 0) {
      const value = this.rawSum / ticksPerReading;
      this.rawSum = 0;
      if (!this.inGap(session, tickMs)) {
        this.emitReading(session, tickMs, value, plasmaMgDl);
      }
    }
    this.transmitterSec += 300;
    this.nextTickMs = this.tickTime(session.transmitter, this.transmitterSec);
  }

  private inGap(session: SensorSession, timeMs: number): boolean {
    while (this.gapCursor < session.gaps.length) {
      const gap = session.gaps[this.gapCursor] as SensorSession['gaps'][number];
      if (timeMs < gap.startMs) {
        return false;
      }
      if (timeMs < gap.endMs) {
        return true;
      }
      this.gapCursor += 1;
    }
    return false;
  }

  private emitReading(
    session: SensorSession,
    tickMs: number,
    value: number,
    plasmaMgDl: number,
  ): void {
    const spec = this.context.spec;
    const rounded = Math.round(value);
    let valueMgDl: number | null = rounded;
    let outOfRange: CbgRecord['outOfRange'] = null;
    let thresholdMgDl: number | null = null;
    let displayMgDl = rounded;
    if (rounded < spec.lowLimitMgDl) {
      valueMgDl = null;
      outOfRange = 'low';
      thresholdMgDl = spec.lowLimitMgDl;
      displayMgDl = spec.lowLimitMgDl - 1;
    } else if (rounded > spec.highLimitMgDl) {
      valueMgDl = null;
      outOfRange = 'high';
      thresholdMgDl = spec.highLimitMgDl;
      displayMgDl = spec.highLimitMgDl + 1;
    } else {
      this.stats.absoluteRelativeErrorSum += Math.abs(rounded - plasmaMgDl) / plasmaMgDl;
      this.stats.accuracyPairs += 1;
    }

    // Phones stamp a reading up to about a second after the transmitter sends it.
    const readingMs = tickMs + this.context.random.between(-400, 1400);
    this.rate.push(readingMs, displayMgDl);
    const rate = this.rate.rate();
    const trend = rate === null ? null : trendFromRate(rate);
    const transmitter = session.transmitter;
    const deviceId = this.context.deviceIdFor(transmitter);
    const withClock = spec.reportsTransmitterTime;

    // Every field is given in one literal, so all readings share one object shape.
    this.context.builder.addCbg(
      deviceId,
      readingMs,
      {
        valueMgDl,
        outOfRange,
        thresholdMgDl,
        sourceUnits: this.context.sourceUnits,
        rateMgDlPerMin: null,
        trend,
        transmitterTimeSec: withClock ? this.transmitterSec : null,
        transmitterId: withClock ? transmitter.id : null,
      },
      withClock,
    );
    this.lastDeviceId = deviceId;
    this.recentIds.push({ secondMs: Math.floor(readingMs / 1000) * 1000, deviceId });
    if (this.recentIds.length > 2) {
      this.recentIds.shift();
    }
    this.latest = {
      timeMs: readingMs,
      displayMgDl,
      trend,
      rateMgDlPerMin: rate,
    };
    if (this.outcome !== null) {
      this.outcome.readings += 1;
    }
  }

  private scheduleCalibration(fromMs: number): void {
    const perDay = this.context.spec.calibrationsPerDay;
    if (perDay <= 0) {
      this.nextCalibrationMs = Infinity;
      return;
    }
    const spacingMs = MS_PER_DAY / perDay;
    this.nextCalibrationMs =
      fromMs + spacingMs * clamp(logNormal(this.context.random, 0.85, 0.2), 0.4, 1);
  }

  private calibrate(utcMs: number, plasmaMgDl: number): void {
    const session = this.session as SensorSession;
    if (this.context.isAsleep(utcMs) || this.latest === null) {
      this.nextCalibrationMs = utcMs + 30 * MS_PER_MINUTE;
      return;
    }
    const meterMgDl = Math.round(this.context.meterReading(plasmaMgDl));
    session.error.calibrate(meterMgDl, this.latest.displayMgDl);
    this.context.builder.add(
      { deviceId: this.context.deviceIdFor(session.transmitter), clockErrorMs: 0 },
      utcMs,
      {
        type: 'smbg',
        subType: 'calibration',
        valueMgDl: meterMgDl,
        outOfRange: null,
        thresholdMgDl: null,
        sourceUnits: this.context.sourceUnits,
        transmitterId: this.context.spec.reportsTransmitterTime ? session.transmitter.id : null,
      },
    );
    this.scheduleCalibration(utcMs);
  }
}
