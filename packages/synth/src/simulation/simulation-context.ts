import type { CanonicalRecord } from '@phoenix/domain';
import type { DayPlan, PlannedMeal } from '../behaviour/day-plan.ts';
import type { CgmSensor } from '../devices/cgm-sensor.ts';
import type { InsulinPump } from '../devices/insulin-pump.ts';
import type { SyntheticPatient } from '../patient/create-patient.ts';
import type { TherapySettings } from '../patient/therapy-settings.ts';
import type { ExerciseSession } from '../physiology/exercise.ts';
import type { HovorkaState } from '../physiology/hovorka.ts';
import type { LongActingDepot } from '../physiology/long-acting.ts';
import type { Random } from '../random/prng.ts';
import type { AidAlgorithm, Therapy } from '../profiles/types.ts';
import type { LocalClock } from '../records/local-clock.ts';
import type { RecordBuilder } from '../records/record-builder.ts';
import type { Logbook } from './logbook.ts';
import type { ReadingHistory } from './reading-history.ts';

/** Counts that the realism report and the tests read after a run. */
export interface SimulationCounters {
  mealsPlanned: number;
  mealBolusesMissed: number;
  mealBolusesLate: number;
  corrections: number;
  hypoTreatments: number;
  siteChanges: number;
  occlusions: number;
  exerciseSessions: number;
  rapidUnits: number;
  longActingUnits: number;
  carbsGrams: number;
  /** Minutes in automated phases, and of those the minutes under automated control. */
  aidMinutes: number;
  automatedMinutes: number;
}

/** Everything the patient's actions and the simulation loop share. */
export interface SimulationContext {
  patient: SyntheticPatient;
  state: HovorkaState;
  clock: LocalClock;
  builder: RecordBuilder;
  sensor: CgmSensor;
  /** The pump, created when the first pump phase starts. */
  pump: InsulinPump | null;
  depot: LongActingDepot;
  logbook: Logbook;
  history: ReadingHistory;
  random: { behaviour: Random; doses: Random };
  /** Settings of injection therapy; pump users' settings live in the pump. */
  penSettings: TherapySettings;
  therapy: Therapy;
  algorithm: AidAlgorithm | null;
  plan: DayPlan | null;
  /** Minutes since the start of the simulation (the burn-in day counts negative). */
  minute: number;
  day: number;
  exercise: ExerciseSession[];
  /** Exercise mode of automated delivery ends at this instant. */
  exerciseModeUntilMs: number;
  /** A stretch of the day during which the user switches automated delivery off. */
  automationOff: { startMs: number; endMs: number };
  sleep: { startMs: number; endMs: number; nextStartMs: number };
  lastBolusMs: number;
  lastHypoTreatmentMs: number;
  siteChangeDueMs: number;
  occlusionAlarmMs: number;
  /** Pending resets of the pump clock after daylight-saving changes. */
  clockResets: { resetMs: number; correctionMinutes: number }[];
  /** Carbohydrate entered into the bolus calculator, for the controller's carbs on board. */
  enteredCarbs: { timeMs: number; grams: number }[];
  counters: SimulationCounters;
  /** Records of the current day with their times. */
  dayRecords: { record: CanonicalRecord; timeMs: number }[];
}

/** Returns the settings the patient doses by in the current therapy. */
export function currentSettings(context: SimulationContext): TherapySettings {
  return context.pump !== null && context.therapy !== 'mdi' && context.therapy !== 'basal-only'
    ? context.pump.currentSettings
    : context.penSettings;
}

/** Returns whether the patient sleeps at `utcMs`. */
export function isAsleep(context: SimulationContext, utcMs: number): boolean {
  const sleep = context.sleep;
  return (utcMs >= sleep.startMs && utcMs < sleep.endMs) || utcMs >= sleep.nextStartMs;
}

/** Returns whether the patient doses with a pump (bolus calculator) rather than pens. */
export function usesPump(context: SimulationContext): boolean {
  return context.pump !== null && (context.therapy === 'pump' || context.therapy === 'aid');
}

export type { PlannedMeal };
