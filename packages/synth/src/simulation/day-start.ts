import { planDay } from '../behaviour/day-plan.ts';
import type { Random } from '../random/prng.ts';
import { buildDayEvents, type DayEvent } from './day-events.ts';
import { startPump } from './pump-routines.ts';
import { reviewSettings, selfAdjust, titrateBasal } from './settings-review.ts';
import type { SimulationContext } from './simulation-context.ts';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;

/**
 * Prepares one local day. It switches therapy when a new phase starts, reviews settings on
 * clinic days and weekly, titrates basal-only therapy every three days, plans the day and
 * returns its events. Day -1 is the burn-in day.
 */
export function beginDay(
  context: SimulationContext,
  random: Random,
  day: number,
  dayStartMs: number,
  nextStartMs: number,
): DayEvent[] {
  const patient = context.patient;
  context.day = day;
  const wallMidnightMs = context.clock.wallMs(dayStartMs);
  const toUtc = (localMinute: number): number => {
    const wallMs = wallMidnightMs + localMinute * MS_PER_MINUTE;
    const guess = wallMs - context.clock.offsetMinutes(wallMs) * MS_PER_MINUTE;
    return wallMs - context.clock.offsetMinutes(guess) * MS_PER_MINUTE;
  };

  switchPhase(context, random, day, dayStartMs);
  if (day === 0 && context.pump !== null) {
    // The pump started during the burn-in, whose records are dropped: record its settings now.
    context.pump.recordSettings(dayStartMs);
  }
  reviewIfDue(context, day, dayStartMs);

  const dayRandom = random.fork(`day/${day}`);
  const adherence = patient.evolution.adherenceByDay[Math.max(0, day)] as number;
  const weekday = new Date(wallMidnightMs).getUTCDay();
  const plan = planDay(dayRandom, patient.traits, patient.profile.behaviour, {
    weekend: weekday === 0 || weekday === 6,
    adherence,
    longActing: context.therapy === 'mdi' || context.therapy === 'basal-only',
  });
  context.plan = plan;
  context.sleep = {
    startMs: Number.isFinite(context.sleep.nextStartMs)
      ? context.sleep.nextStartMs
      : toUtc(plan.wakeMinute - patient.traits.sleepMinutes),
    endMs: toUtc(plan.wakeMinute),
    nextStartMs: toUtc(plan.bedMinute),
  };
  if (day >= 0) {
    countPlan(context, plan.meals);
    if (patient.evolution.illnessDays.has(day) && !patient.evolution.illnessDays.has(day - 1)) {
      if (dayRandom.chance(patient.traits.logging.health)) {
        context.logbook.health(toUtc(plan.wakeMinute + 60), 'Illness');
      }
    }
  }
  context.automationOff = { startMs: 0, endMs: 0 };
  if (
    context.therapy === 'aid' &&
    dayRandom.chance(patient.profile.behaviour.automationOffShare * 3)
  ) {
    const startMs = dayStartMs + dayRandom.between(0, nextStartMs - dayStartMs - 8 * MS_PER_HOUR);
    context.automationOff = { startMs, endMs: startMs + 8 * MS_PER_HOUR };
  }
  return buildDayEvents(plan, toUtc);
}

function switchPhase(context: SimulationContext, random: Random, day: number, utcMs: number): void {
  const phase = context.patient.phases.find(
    (candidate, index) => index > 0 && candidate.day === day,
  );
  if (phase === undefined) {
    return;
  }
  context.therapy = phase.therapy;
  context.algorithm = phase.algorithm ?? null;
  if ((phase.therapy === 'pump' || phase.therapy === 'aid') && context.pump === null) {
    context.pump = startPump(context, random, utcMs);
  }
  if (context.pump !== null && phase.therapy !== 'aid') {
    context.pump.automatedRate = null;
  }
}

function reviewIfDue(context: SimulationContext, day: number, utcMs: number): void {
  if (context.therapy === 'basal-only') {
    titrateIfDue(context, day, utcMs);
    return;
  }
  const patient = context.patient;
  const clinic = patient.clinicVisitDays.includes(day);
  const weekly = day > 0 && day % 7 === 0;
  if (!clinic && !weekly) {
    return;
  }

  const pump = context.pump;
  const onPump = pump !== null && (context.therapy === 'pump' || context.therapy === 'aid');
  const settings = onPump ? pump.currentSettings : context.penSettings;
  const increment = patient.pump?.basalIncrement ?? 0.05;
  const reviewed = clinic
    ? reviewSettings(settings, context.history, utcMs, increment)
    : selfAdjust(settings, context.history, utcMs, increment);
  if (reviewed === null) {
    return;
  }
  if (onPump) {
    // Settings change during the day of the review, not at midnight.
    pump.updateSettings(reviewed, utcMs + 9 * MS_PER_HOUR);
  } else {
    context.penSettings = reviewed;
  }
}

/** Titrates basal-only therapy every third day, on the days the patient keeps to the scheme. */
function titrateIfDue(context: SimulationContext, day: number, utcMs: number): void {
  const adherence = context.patient.evolution.adherenceByDay[day] ?? 0.5;
  if (day <= 0 || day % 3 !== 0 || !context.random.behaviour.chance(adherence)) {
    return;
  }
  const units = titrateBasal(context.penSettings.longActingUnits, context.history, utcMs);
  if (units !== null) {
    context.penSettings = { ...context.penSettings, longActingUnits: units };
  }
}

function countPlan(
  context: SimulationContext,
  meals: readonly { kind: string; bolus: { kind: string } }[],
): void {
  for (const meal of meals) {
    if (meal.kind === 'snack') {
      continue;
    }
    context.counters.mealsPlanned += 1;
    if (meal.bolus.kind === 'missed') {
      context.counters.mealBolusesMissed += 1;
    } else if (meal.bolus.kind === 'late') {
      context.counters.mealBolusesLate += 1;
    }
  }
}
