import type { CanonicalRecord } from '@phoenix/domain';
import type { SyntheticPatient } from '../patient/create-patient.ts';
import { buildSettings } from '../patient/therapy-settings.ts';
import { claritySettingsRecord, drawClaritySettings } from './clarity-settings.ts';
import { tabulateDailyRhythm, type DailyRhythmTable } from '../physiology/daily-rhythm.ts';
import { exerciseEffectAt } from '../physiology/exercise.ts';
import { MG_DL_PER_MMOL_L, stepModel, type StepInputs } from '../physiology/hovorka.ts';
import { LongActingDepot } from '../physiology/long-acting.ts';
import { solveFastingSteadyState } from '../physiology/steady-state.ts';
import { detExp } from '../random/det-math.ts';
import { normal } from '../random/distributions.ts';
import { Random } from '../random/prng.ts';
import { LocalClock } from '../records/local-clock.ts';
import { RecordBuilder } from '../records/record-builder.ts';
import type { DayEvent } from './day-events.ts';
import { beginDay } from './day-start.ts';
import { Logbook } from './logbook.ts';
import { checkCorrection, checkHypo } from './patient-actions.ts';
import { runPumpRoutines, startPump } from './pump-routines.ts';
import { ReadingHistory } from './reading-history.ts';
import { createSensor } from './sensor-setup.ts';
import type { SimulationContext, SimulationCounters } from './simulation-context.ts';
import { sortDayRecords } from './record-order.ts';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
/** Time constant of the slow within-day variation of sensitivity, in 5-minute steps (4 h). */
const SENSITIVITY_WANDER_STEPS = 48;
const SENSITIVITY_WANDER_SD = 0.1;

/** The records of one local day, in time order. */
export interface DayBatch {
  /** Day index from 0. */
  day: number;
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  records: CanonicalRecord[];
}

/**
 * Runs one virtual patient minute by minute and yields each local day's records. A burn-in day
 * before day 0 lets the state settle; its records are dropped. Memory stays flat: only the
 * current day's records and two weeks of CGM values are held.
 */
export class PatientSimulator {
  readonly context: SimulationContext;
  private readonly random: Random;
  private readonly rhythm: DailyRhythmTable;
  private wander = 0;
  private betaSecretion = 0;
  private readonly inputs: StepInputs = {
    rapidInsulinMuPerMin: 0,
    plasmaInsulinMuPerMin: 0,
    sensitivityFactor: 1,
    egpFactor: 1,
    exerciseUptakeMmolPerMin: 0,
  };

  constructor(readonly patient: SyntheticPatient) {
    this.random = new Random(`${patient.profile.id}:${String(patient.seed)}`).fork('simulation');
    this.rhythm = tabulateDailyRhythm(patient.dawnAmplitude);
    this.context = this.createContext();
  }

  /** Counts of meals, boluses and the like so far. */
  get counters(): SimulationCounters {
    return this.context.counters;
  }

  /** Simulates every day and yields its records. The generator can be iterated once. */
  *days(): Generator<DayBatch> {
    const patient = this.patient;
    for (let day = -1; day < patient.days; day += 1) {
      const dayStartMs = this.dayStart(day);
      const nextStartMs = this.dayStart(day + 1);
      const events = beginDay(this.context, this.random, day, dayStartMs, nextStartMs);
      this.runDay(dayStartMs, nextStartMs, events);
      this.context.pump?.splitAt(nextStartMs);

      const records = sortDayRecords(this.context.dayRecords);
      this.context.dayRecords = [];
      if (day >= 0) {
        yield { day, date: this.localDate(dayStartMs), records };
      }
    }
  }

  private runDay(dayStartMs: number, nextStartMs: number, events: DayEvent[]): void {
    let next = 0;
    for (let t = dayStartMs; t < nextStartMs; t += MS_PER_MINUTE) {
      while (next < events.length && (events[next] as DayEvent).timeMs <= t) {
        (events[next] as DayEvent).run(this.context, t);
        next += 1;
      }
      this.stepMinute(t);
      this.context.minute += 1;
    }
  }

  /** Advances the model, the sensor and the patient's checks by the minute starting at `t`. */
  private stepMinute(t: number): void {
    const context = this.context;
    const p = this.patient.parameters;
    const fiveMinute = context.minute % 5 === 0;
    if (fiveMinute) {
      this.updateFactors(t);
    }
    const inputs = this.inputs;
    inputs.rapidInsulinMuPerMin = context.pump !== null ? context.pump.deliverMinute(t) : 0;
    inputs.plasmaInsulinMuPerMin = context.depot.rateAt(context.minute) + this.betaSecretion;
    stepModel(context.state, p, inputs);
    const plasmaMgDl = (context.state.q1 / p.glucoseVolumeL) * MG_DL_PER_MMOL_L;
    this.updateBetaCell(plasmaMgDl);

    const before = context.sensor.latest;
    context.sensor.advance(t + MS_PER_MINUTE, plasmaMgDl);
    const latest = context.sensor.latest;
    if (latest !== null && latest !== before) {
      const localMinute = Math.floor(context.clock.wallMs(latest.timeMs) / MS_PER_MINUTE) % 1440;
      context.history.push(latest.timeMs, latest.displayMgDl, localMinute);
    }
    this.countAutomation();

    if (fiveMinute) {
      checkHypo(context, t, plasmaMgDl);
      checkCorrection(context, t);
      runPumpRoutines(context, t);
    }
  }

  private countAutomation(): void {
    const context = this.context;
    if (context.therapy !== 'aid' || context.day < 0) {
      return;
    }
    context.counters.aidMinutes += 1;
    if (context.pump?.automatedRate != null) {
      context.counters.automatedMinutes += 1;
    }
  }

  /** Recomputes the slowly varying multipliers of the model every five minutes. */
  private updateFactors(utcMs: number): void {
    const context = this.context;
    const patient = this.patient;
    const day = Math.max(0, context.day);
    const slot = Math.floor(((context.clock.wallMs(utcMs) / MS_PER_MINUTE) % 1440) / 5);
    const ill = patient.evolution.illnessDays.has(day);
    const traits = patient.traits;
    const luteal = traits.menstruating && (day + traits.cycleOffsetDays) % 28 >= 14;

    this.wander +=
      -this.wander / SENSITIVITY_WANDER_STEPS +
      normal(this.random, 0, SENSITIVITY_WANDER_SD * Math.sqrt(2 / SENSITIVITY_WANDER_STEPS));
    const exercise = exerciseEffectAt(
      context.exercise,
      context.minute,
      patient.parameters.bodyWeightKg,
    );
    if (
      context.exercise.length > 0 &&
      context.minute - (context.exercise[0]?.startMinute ?? 0) > 720
    ) {
      context.exercise.shift();
    }
    this.inputs.sensitivityFactor =
      (patient.evolution.sensitivityByDay[day] as number) *
      (this.rhythm.sensitivity[slot] as number) *
      detExp(this.wander) *
      (ill ? 0.75 : 1) *
      (luteal ? 0.92 : 1) *
      exercise.sensitivityFactor;
    this.inputs.egpFactor = (this.rhythm.egp[slot] as number) * (ill ? 1.1 : 1);
    this.inputs.exerciseUptakeMmolPerMin = exercise.uptakeMmolPerMin;
  }

  /** First-order insulin secretion toward gain × (glucose − threshold), type 2 diabetes only. */
  private updateBetaCell(plasmaMgDl: number): void {
    const beta = this.patient.betaCell;
    if (beta.gainMuPerMinPerMmolL <= 0) {
      return;
    }
    const excess = Math.max(0, plasmaMgDl / MG_DL_PER_MMOL_L - beta.thresholdMmolL);
    this.betaSecretion +=
      (beta.gainMuPerMinPerMmolL * excess - this.betaSecretion) / beta.timeConstantMin;
  }

  private dayStart(day: number): number {
    const start = this.patient.startMs;
    const guess = start + day * MS_PER_DAY;
    // Local midnight moves by the zone's offset change across daylight-saving transitions.
    const shift = this.context.clock.offsetMinutes(guess) - this.context.clock.offsetMinutes(start);
    return guess - shift * MS_PER_MINUTE;
  }

  private localDate(utcMs: number): string {
    return new Date(this.context.clock.wallMs(utcMs)).toISOString().slice(0, 10);
  }

  private createContext(): SimulationContext {
    const patient = this.patient;
    const random = this.random;
    const clock = new LocalClock(patient.timezone);
    const dayRecords: SimulationContext['dayRecords'] = [];
    const burnInStartMs = patient.startMs - MS_PER_DAY;
    const firstPhase = patient.phases[0]!;
    const settingsRandom = random.fork('settings');
    const penSettings = buildSettings(
      settingsRandom,
      patient.needs,
      patient.traits,
      patient.pump?.basalIncrement ?? 0.05,
      patient.ageYears < 18 ? 120 : 110,
    );

    const context = {} as SimulationContext;
    const clarity = patient.cgm.clarity;
    let claritySettings =
      clarity === null
        ? null
        : drawClaritySettings(
            random.fork('alerts'),
            clarity.deviceName,
            patient.claritySourceDeviceId ?? clarity.sourceDeviceId,
            patient.units,
          );
    const builder = new RecordBuilder(clock, (record, timeMs) => {
      if (context.day < 0) {
        return;
      }
      if (claritySettings !== null && record.type === 'cbg') {
        // Clarity's settings take the stamp of the first reading; see claritySettingsRecord.
        context.dayRecords.push({ record: claritySettingsRecord(record, claritySettings), timeMs });
        claritySettings = null;
      }
      context.dayRecords.push({ record, timeMs });
    });
    const solved = solveFastingSteadyState(
      patient.parameters,
      patient.needs.targetMgDl / MG_DL_PER_MMOL_L,
    );
    Object.assign(context, {
      patient,
      state: solved!.state,
      clock,
      builder,
      pump: null,
      depot: new LongActingDepot(),
      history: new ReadingHistory(),
      random: { behaviour: random.fork('behaviour'), doses: random.fork('doses') },
      penSettings,
      therapy: firstPhase.therapy,
      algorithm: firstPhase.algorithm ?? null,
      plan: null,
      minute: -1440,
      day: -1,
      exercise: [],
      exerciseModeUntilMs: 0,
      automationOff: { startMs: 0, endMs: 0 },
      sleep: { startMs: 0, endMs: 0, nextStartMs: Infinity },
      lastBolusMs: -Infinity,
      lastHypoTreatmentMs: -Infinity,
      siteChangeDueMs: Infinity,
      occlusionAlarmMs: 0,
      clockResets: [],
      enteredCarbs: [],
      counters: emptyCounters(),
      dayRecords,
    } satisfies Omit<SimulationContext, 'sensor' | 'logbook'>);
    context.sensor = createSensor(context, random.fork('cgm'), burnInStartMs);
    context.logbook = new Logbook(builder, (utcMs) => context.sensor.deviceIdAt(utcMs));
    preloadLongActing(context);
    if (context.therapy === 'pump' || context.therapy === 'aid') {
      context.pump = startPump(context, random.fork('pump-start'), burnInStartMs);
    }
    return context;
  }
}

/** Puts the doses of the two days before the burn-in into the depot, as if therapy ran already. */
function preloadLongActing(context: SimulationContext): void {
  if (context.therapy !== 'mdi' && context.therapy !== 'basal-only') {
    return;
  }
  const minuteOfDay = context.patient.traits.longActingMinute;
  for (const daysBefore of [2, 1]) {
    context.depot.inject({
      startMinute: -1440 - daysBefore * 1440 + minuteOfDay,
      units: context.penSettings.longActingUnits,
      kernel: context.patient.longActing,
    });
  }
}

function emptyCounters(): SimulationCounters {
  return {
    mealsPlanned: 0,
    mealBolusesMissed: 0,
    mealBolusesLate: 0,
    corrections: 0,
    hypoTreatments: 0,
    siteChanges: 0,
    occlusions: 0,
    exerciseSessions: 0,
    rapidUnits: 0,
    longActingUnits: 0,
    carbsGrams: 0,
    aidMinutes: 0,
    automatedMinutes: 0,
  };
}
