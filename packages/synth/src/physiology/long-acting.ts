/**
 * Absorption of long-acting basal insulin (glargine, degludec), modelled as a plateau kernel.
 * The dose appears in plasma at a rate that rises over the first hours, stays flat and falls to
 * zero at the end of its duration, and the area under the rate equals the dose. Glargine U-100
 * acts for about 24 hours with a mild peak, degludec for more than 42 hours with a flat profile.
 * NOTE: these durations are the commonly quoted figures; the trapezoid simplifies the published
 * pharmacodynamic curves.
 */

/** Shape of one long-acting insulin: rise, end of plateau and end of action, in minutes. */
export interface LongActingKernel {
  name: string;
  riseMinutes: number;
  plateauEndMinutes: number;
  durationMinutes: number;
}

/**
 * Glargine U-100. The fall of one dose mirrors the rise of the next, so daily doses at the same
 * hour sum to a flat rate. Late or missed doses leave a trough, as they do in practice.
 */
export const GLARGINE: LongActingKernel = {
  name: 'glargine',
  riseMinutes: 240,
  plateauEndMinutes: 1440,
  durationMinutes: 1680,
};

/** Degludec: consecutive doses overlap by a day, so one late dose barely shows. */
export const DEGLUDEC: LongActingKernel = {
  name: 'degludec',
  riseMinutes: 480,
  plateauEndMinutes: 2400,
  durationMinutes: 2880,
};

/** A dose given at `startMinute` (simulation minutes), in units. */
export interface LongActingDose {
  startMinute: number;
  units: number;
  kernel: LongActingKernel;
}

/**
 * Returns the appearance rate in mU/min of one dose `minutesSince` after injection. The
 * trapezoid's height makes its area equal to the dose.
 */
export function longActingRate(dose: LongActingDose, minutesSince: number): number {
  const k = dose.kernel;
  if (minutesSince < 0 || minutesSince >= k.durationMinutes) {
    return 0;
  }
  const area =
    k.plateauEndMinutes - k.riseMinutes / 2 + (k.durationMinutes - k.plateauEndMinutes) / 2;
  const height = (dose.units * 1000) / area;
  if (minutesSince < k.riseMinutes) {
    return (height * minutesSince) / k.riseMinutes;
  }
  if (minutesSince < k.plateauEndMinutes) {
    return height;
  }
  return (height * (k.durationMinutes - minutesSince)) / (k.durationMinutes - k.plateauEndMinutes);
}

/** Keeps the active doses and sums their rates. */
export class LongActingDepot {
  private doses: LongActingDose[] = [];

  /** Adds a dose. */
  inject(dose: LongActingDose): void {
    this.doses.push(dose);
  }

  /** Returns the total appearance rate in mU/min at `minute`, dropping finished doses. */
  rateAt(minute: number): number {
    let total = 0;
    let keep = false;
    for (const dose of this.doses) {
      const since = minute - dose.startMinute;
      if (since >= dose.kernel.durationMinutes) {
        keep = true;
        continue;
      }
      total += longActingRate(dose, since);
    }
    if (keep) {
      this.doses = this.doses.filter(
        (dose) => minute - dose.startMinute < dose.kernel.durationMinutes,
      );
    }
    return total;
  }
}
