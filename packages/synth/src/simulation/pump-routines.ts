import { runController } from '../devices/aid-controller.ts';
import { InsulinPump } from '../devices/insulin-pump.ts';
import { PumpClock } from '../devices/pump-clock.ts';
import { roundTo } from '../patient/therapy-settings.ts';
import { addBolus } from '../physiology/hovorka.ts';
import type { Random } from '../random/prng.ts';
import { freshReading } from './patient-actions.ts';
import { isAsleep, type SimulationContext } from './simulation-context.ts';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
/** Occlusions per day of pump wear. NOTE: an assumption (about one every eight months). */
const OCCLUSIONS_PER_DAY = 0.004;
/** Hours over which entered carbohydrate counts as on board for the controller. */
const CARB_ABSORPTION_HOURS = 3;

/** Creates the patient's pump when the first pump phase starts. */
export function startPump(context: SimulationContext, random: Random, utcMs: number): InsulinPump {
  const patient = context.patient;
  const spec = patient.pump!;
  const endMs = patient.startMs + (patient.days + 1) * 86_400_000;
  const pumpClock = new PumpClock(
    random.fork('clock'),
    context.clock,
    utcMs,
    endMs,
    spec.automaticClock,
  );
  const pump = new InsulinPump(
    {
      spec,
      random: random.fork('pump'),
      builder: context.builder,
      zoneClock: context.clock,
      pumpClock,
      deviceId: `${spec.deviceIdPrefix}:${patient.pumpSerial}`,
    },
    { ...context.penSettings },
    utcMs,
  );
  for (const reset of pumpClock.resets()) {
    context.clockResets.push(reset);
  }
  context.siteChangeDueMs =
    utcMs +
    random.between(spec.siteChangeHours.min - 24, spec.siteChangeHours.max - 24) * MS_PER_HOUR;
  return pump;
}

/**
 * Runs the pump's five-minute routines: occlusions and their alarm, site changes when due (or
 * at wake-up when due during sleep), clock resets after a daylight-saving change, and the
 * automated-delivery algorithm in automated phases.
 */
export function runPumpRoutines(context: SimulationContext, utcMs: number): void {
  const pump = context.pump;
  if (pump === null || (context.therapy !== 'pump' && context.therapy !== 'aid')) {
    return;
  }
  const random = context.random.behaviour;
  const asleep = isAsleep(context, utcMs);
  if (!pump.isOccluded && random.chance(OCCLUSIONS_PER_DAY / 288)) {
    pump.occlude();
    context.counters.occlusions += 1;
    context.occlusionAlarmMs = utcMs + random.between(90, 240) * MS_PER_MINUTE;
  }
  if (context.occlusionAlarmMs > 0 && utcMs >= context.occlusionAlarmMs) {
    pump.alarmOcclusion(utcMs);
    context.occlusionAlarmMs = 0;
    context.siteChangeDueMs = utcMs + random.between(10, 40) * MS_PER_MINUTE;
  }
  if (utcMs >= context.siteChangeDueMs && !asleep) {
    pump.changeSite(utcMs);
    context.counters.siteChanges += 1;
    const hours = context.patient.pump!.siteChangeHours;
    context.siteChangeDueMs = utcMs + random.between(hours.min, hours.max) * MS_PER_HOUR;
  }
  const reset = context.clockResets[0];
  if (reset !== undefined && utcMs >= reset.resetMs) {
    context.clockResets.shift();
    const sign = reset.correctionMinutes > 0 ? '+' : '';
    pump.writeEvent(utcMs, 'timeChange', `${sign}${reset.correctionMinutes} min`);
  }
  if (context.therapy === 'aid') {
    runAutomation(context, utcMs, asleep);
  }
}

function runAutomation(context: SimulationContext, utcMs: number, asleep: boolean): void {
  const pump = context.pump!;
  const reading = freshReading(context, utcMs);
  const off = utcMs >= context.automationOff.startMs && utcMs < context.automationOff.endMs;
  if (reading === null || off || !context.sensor.isActive(utcMs)) {
    pump.automatedRate = null;
    return;
  }
  const settings = pump.currentSettings;
  const output = runController(context.algorithm ?? 'control-iq', {
    glucoseMgDl: reading.displayMgDl,
    rateMgDlPerMin: reading.rateMgDlPerMin,
    insulinOnBoardUnits: pump.insulinOnBoard(utcMs),
    carbsOnBoardGrams: carbsOnBoard(context, utcMs),
    scheduledRate: pump.scheduledRateAt(utcMs),
    settings,
    asleep,
    minutesSinceBolus: (utcMs - context.lastBolusMs) / MS_PER_MINUTE,
    exercise: utcMs < context.exerciseModeUntilMs,
  });
  const step = Math.max(context.patient.pump!.basalIncrement, 0.01);
  pump.automatedRate = roundTo(output.rateUnitsPerHour, step);
  if (output.bolusUnits > 0) {
    addBolus(context.state, pump.bolus(utcMs, output.bolusUnits));
    context.counters.rapidUnits += output.bolusUnits;
    context.lastBolusMs = utcMs;
  }
}

function carbsOnBoard(context: SimulationContext, utcMs: number): number {
  const windowMs = CARB_ABSORPTION_HOURS * MS_PER_HOUR;
  let grams = 0;
  for (const entry of context.enteredCarbs) {
    const age = utcMs - entry.timeMs;
    if (age < windowMs) {
      grams += entry.grams * (1 - age / windowMs);
    }
  }
  if (context.enteredCarbs.length > 16) {
    context.enteredCarbs = context.enteredCarbs.filter((entry) => utcMs - entry.timeMs < windowMs);
  }
  return grams;
}
