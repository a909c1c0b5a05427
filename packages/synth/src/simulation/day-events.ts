import type { DayPlan } from '../behaviour/day-plan.ts';
import { injectLongActing } from './long-acting-dose.ts';
import { eatMeal, mealBolus, prepareExercise, startExercise } from './patient-actions.ts';
import type { SimulationContext } from './simulation-context.ts';

/** Something the patient does at an instant of the day. */
export interface DayEvent {
  timeMs: number;
  run(context: SimulationContext, utcMs: number): void;
}

/**
 * Turns a day's plan into timed events: meals and their boluses (early, on time or late),
 * exercise with its preparation an hour before, and the long-acting dose. `toUtc` maps a local
 * minute of the day to an instant.
 */
export function buildDayEvents(plan: DayPlan, toUtc: (localMinute: number) => number): DayEvent[] {
  const events: DayEvent[] = [];
  for (const meal of plan.meals) {
    const mealMs = toUtc(meal.minute);
    events.push({ timeMs: mealMs, run: (context) => eatMeal(context, meal) });
    const bolus = meal.bolus;
    if (bolus.kind === 'on-time') {
      events.push({ timeMs: mealMs, run: (context, t) => mealBolus(context, meal, t) });
    } else if (bolus.kind === 'pre') {
      events.push({
        timeMs: toUtc(meal.minute - bolus.minutes),
        run: (context, t) => mealBolus(context, meal, t),
      });
    } else if (bolus.kind === 'late') {
      events.push({
        timeMs: toUtc(meal.minute + bolus.minutes),
        run: (context, t) => mealBolus(context, meal, t),
      });
    }
  }
  for (const session of plan.exercise) {
    events.push({
      timeMs: toUtc(session.minute - 60),
      run: (context, t) => prepareExercise(context, session, t),
    });
    events.push({
      timeMs: toUtc(session.minute),
      run: (context, t) => startExercise(context, session, t),
    });
  }
  if (plan.longActingMinute !== null) {
    events.push({
      timeMs: toUtc(plan.longActingMinute),
      run: (context, t) => injectLongActing(context, t),
    });
  }
  events.sort((a, b) => a.timeMs - b.timeMs);
  return events;
}
