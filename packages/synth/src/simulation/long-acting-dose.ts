import type { SimulationContext } from './simulation-context.ts';

/** Injects the day's long-acting dose, if the therapy uses one, and logs it in the app. */
export function injectLongActing(context: SimulationContext, utcMs: number): void {
  if (context.therapy !== 'mdi' && context.therapy !== 'basal-only') {
    return;
  }
  const units = context.penSettings.longActingUnits;
  context.depot.inject({ startMinute: context.minute, units, kernel: context.patient.longActing });
  context.counters.longActingUnits += units;
  if (context.random.doses.chance(context.patient.traits.logging.insulin)) {
    context.logbook.insulin(utcMs, units, 'Long-Acting');
  }
}
