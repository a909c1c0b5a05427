import type { SimulationContext } from './simulation-context.ts';

/**
 * Largest dose one pen injection delivers, in units: the Lantus SoloStar pen (insulin glargine
 * U-100) dials 1 to 80 units, and patients who need more inject twice.
 */
export const MAX_PEN_INJECTION_UNITS = 80;

const MS_PER_MINUTE = 60_000;

/**
 * Injects the day's long-acting dose, if the therapy uses one, and logs it in the app. A dose
 * above one pen injection is split into equal whole-unit injections given a minute apart, as
 * patients on high basal doses inject it, and each injection is logged on its own.
 */
export function injectLongActing(context: SimulationContext, utcMs: number): void {
  if (context.therapy !== 'mdi' && context.therapy !== 'basal-only') {
    return;
  }
  const units = context.penSettings.longActingUnits;
  context.depot.inject({ startMinute: context.minute, units, kernel: context.patient.longActing });
  context.counters.longActingUnits += units;
  if (context.random.doses.chance(context.patient.traits.logging.insulin)) {
    splitPenDose(units).forEach((injection, index) => {
      context.logbook.insulin(utcMs + index * MS_PER_MINUTE, injection, 'Long-Acting');
    });
  }
}

/**
 * Splits a dose into the fewest injections of at most `MAX_PEN_INJECTION_UNITS` each, as equal
 * as whole units allow, larger first. A dose within one injection is returned unchanged.
 */
export function splitPenDose(units: number): number[] {
  const count = Math.ceil(units / MAX_PEN_INJECTION_UNITS);
  if (count <= 1) return [units];
  const base = Math.floor(units / count);
  const injections = new Array<number>(count).fill(base);
  // What whole units leave over (less than `count`) goes a unit at a time to the first ones.
  let rest = units - base * count;
  for (let index = 0; rest > 0; index++) {
    const added = Math.min(1, rest);
    injections[index] = base + added;
    rest -= added;
  }
  return injections;
}
