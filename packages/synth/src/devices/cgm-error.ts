import { clampedNormal, logNormal, normal, standardNormal } from '../random/distributions.ts';
import type { Random } from '../random/prng.ts';

/**
 * Error of one CGM sensor session, after Vettoretti et al. ("Development of an Error Model for a
 * Factory-Calibrated Continuous Glucose Monitoring Sensor with 10-Day Lifetime", Sensors 2019):
 *
 *   CGM(t) = (a0 + a1·d + a2·d²)·IG(t) + b + v(t),   v(t) = 1.260·v(t−1) − 0.402·v(t−2) + w(t)
 *
 * where d is days since insertion, IG interstitial glucose (plasma glucose through a
 * first-order lag), and w white noise with SD 3.25 mg/dL on a 5-minute grid. The means used are
 * a0 0.942, a1 0.00494/day, a2 −0.000585/day², b 6.38 mg/dL. Parameters are redrawn for
 * every session. NOTE: these means come from a summary of the paper, not from its tables, and
 * its between-sensor SDs were not at hand. The SDs below are assumptions, scaled per device by
 * `errorScale` so that the simulated MARD matches the device's published MARD.
 */
export interface SensorErrorParameters {
  a0: number;
  a1PerDay: number;
  a2PerDay2: number;
  offsetMgDl: number;
  /** Blood-to-interstitium time constant, minutes. */
  lagMinutes: number;
  /** SD of the AR(2) innovation, mg/dL. */
  noiseSdMgDl: number;
  /** Extra offset on the first day that fades out linearly by 24 hours, mg/dL. */
  firstDayOffsetMgDl: number;
}

const AR1 = 1.26;
const AR2 = -0.402;

/**
 * Draws the error parameters of a new session; `errorScale` widens the calibration terms and
 * `noiseScale` the noise.
 */
export function drawSensorError(
  random: Random,
  errorScale: number,
  noiseScale: number,
): SensorErrorParameters {
  return {
    a0: normal(random, 0.942, 0.045 * errorScale),
    a1PerDay: normal(random, 0.00494, 0.006 * errorScale),
    a2PerDay2: normal(random, -0.000585, 0.0004 * errorScale),
    offsetMgDl: normal(random, 6.38, 4 * errorScale),
    lagMinutes: logNormal(random, 7, 0.3),
    noiseSdMgDl: 3.25 * clampedNormal(random, noiseScale, 0.15 * noiseScale, 0.3, 3),
    // Accuracy is worst on the first day of wear.
    firstDayOffsetMgDl: normal(random, 0, 7 * errorScale),
  };
}

/** Stateful error of one session: feed it interstitial glucose every reading interval. */
export class SensorError {
  private v1 = 0;
  private v2 = 0;

  constructor(
    readonly parameters: SensorErrorParameters,
    private readonly random: Random,
  ) {
    // Start the AR(2) process near its stationary spread rather than at zero.
    for (let i = 0; i < 30; i += 1) {
      this.advanceNoise();
    }
  }

  /**
   * Returns the sensor's raw value in mg/dL (unrounded, unclamped) for interstitial glucose
   * `igMgDl` at `days` since insertion, and advances the noise by one 5-minute step.
   */
  measure(igMgDl: number, days: number): number {
    const p = this.parameters;
    const gain = p.a0 + p.a1PerDay * days + p.a2PerDay2 * days * days;
    const firstDay = days < 1 ? p.firstDayOffsetMgDl * (1 - days) : 0;
    return gain * igMgDl + p.offsetMgDl + firstDay + this.advanceNoise();
  }

  /** Moves the offset toward a fingerstick value, as a one-point calibration does. */
  calibrate(meterMgDl: number, sensorMgDl: number): void {
    this.parameters.offsetMgDl += 0.6 * (meterMgDl - sensorMgDl);
  }

  private advanceNoise(): number {
    const v =
      AR1 * this.v1 + AR2 * this.v2 + this.parameters.noiseSdMgDl * standardNormal(this.random);
    this.v2 = this.v1;
    this.v1 = v;
    return v;
  }
}
