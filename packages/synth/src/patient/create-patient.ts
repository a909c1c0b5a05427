import { wallTimeCandidates, parseLocalDateTime } from '@phoenix/domain';
import { drawTraits, type PatientTraits } from '../behaviour/traits.ts';
import { cgmSpec, type CgmModel, type CgmSpec } from '../devices/cgm-specs.ts';
import { drawSerial } from '../devices/device-ids.ts';
import { PUMP_SPECS, type PumpSpec } from '../devices/pump-specs.ts';
import type { HovorkaParameters } from '../physiology/hovorka.ts';
import { computeInsulinNeeds, type InsulinNeeds } from '../physiology/insulin-needs.ts';
import { DEGLUDEC, GLARGINE, type LongActingKernel } from '../physiology/long-acting.ts';
import { drawHovorkaParameters, type BetaCellFunction } from '../physiology/population.ts';
import { clamp, clampedNormal, weightedIndex } from '../random/distributions.ts';
import { Random } from '../random/prng.ts';
import type { ProfileDefinition, TherapyPhase, WeightedChoice } from '../profiles/types.ts';
import { drawEvolution, type PatientEvolution } from './evolution.ts';

/** Default first day of generated data: a Monday, so the autumn clock change falls inside 90 days. */
export const DEFAULT_START_DATE = '2024-09-02';

/** Options for one virtual patient. */
export interface PatientOptions {
  profile: ProfileDefinition;
  /** Seed; the same profile, seed and options give the same patient and the same records. */
  seed: number | string;
  /** Days of data to generate, from local midnight of `startDate`. */
  days: number;
  /** First local date, `YYYY-MM-DD`; `DEFAULT_START_DATE` when absent. */
  startDate?: string;
  /** CGM model to use instead of the profile's choice. */
  cgmModel?: CgmModel;
  /** IANA zone to use instead of the profile's choice. */
  timezone?: string;
}

/** A phase of therapy as it falls for one patient. */
export interface PatientPhase extends TherapyPhase {
  /** Day this patient starts the phase. */
  day: number;
}

/** A virtual patient: everything drawn once before simulation. */
export interface SyntheticPatient {
  seed: number | string;
  profile: ProfileDefinition;
  days: number;
  timezone: string;
  units: 'mg/dL' | 'mmol/L';
  /** Instant of local midnight on the first day, epoch ms. */
  startMs: number;
  startDate: string;
  ageYears: number;
  parameters: HovorkaParameters;
  betaCell: BetaCellFunction;
  dawnAmplitude: number;
  needs: InsulinNeeds;
  traits: PatientTraits;
  evolution: PatientEvolution;
  phases: PatientPhase[];
  cgm: CgmSpec;
  /** Pump used in pump and automated phases; null when every phase uses injections. */
  pump: PumpSpec | null;
  pumpSerial: string;
  /** Serial of the phone app or reader that stores non-Dexcom CGM data. */
  readerSerial: string;
  /** Source device name Dexcom Clarity writes for this patient's phone, for example `iOS G7`. */
  claritySourceDeviceId: string | null;
  longActing: LongActingKernel;
  clinicVisitDays: number[];
}

function choose<T>(random: Random, choices: readonly WeightedChoice<T>[]): T {
  const index = weightedIndex(
    random,
    choices.map((choice) => choice.weight),
  );
  return (choices[index] as WeightedChoice<T>).value;
}

/**
 * Draws a virtual patient from a profile. Throws RangeError for an invalid start date or a
 * number of days below 1.
 */
export function createPatient(options: PatientOptions): SyntheticPatient {
  const { profile, days } = options;
  if (!Number.isInteger(days) || days < 1) {
    throw new RangeError(`Invalid days ${days}: expected a whole number of at least 1.`);
  }
  const startDate = options.startDate ?? DEFAULT_START_DATE;
  const wallMs = parseLocalDateTime(`${startDate}T00:00:00`);
  if (wallMs === null) {
    throw new RangeError(`Invalid start date "${startDate}": expected YYYY-MM-DD.`);
  }

  const random = new Random(`${profile.id}:${String(options.seed)}`);
  const timezone = options.timezone ?? choose(random.fork('zone'), profile.timezones);
  const physiology = drawPhysiology(random.fork('physiology'), profile);
  const ageRandom = random.fork('age');
  const age = profile.ageYears;
  const ageYears = Math.round(clampedNormal(ageRandom, age.mean, age.sd, age.min, age.max));
  const traits = drawTraits(random.fork('traits'), profile.behaviour, ageYears);
  const deviceRandom = random.fork('devices');
  const cgm = cgmSpec(options.cgmModel ?? choose(deviceRandom, profile.cgm));
  const phaseRandom = random.fork('phases');
  const plan = choose(phaseRandom, profile.therapyPlans);
  const usesPump = plan.some((phase) => phase.therapy === 'pump' || phase.therapy === 'aid');
  const pump = usesPump ? PUMP_SPECS[choose(deviceRandom, profile.pump)] : null;

  return {
    seed: options.seed,
    profile,
    days,
    timezone,
    units: profile.units,
    startMs: wallTimeCandidates(wallMs, timezone).instantMs,
    startDate,
    ageYears,
    ...physiology,
    traits,
    evolution: drawEvolution(random.fork('evolution'), profile.behaviour, traits.adherence, days),
    phases: plan.map((phase, index) => ({
      ...phase,
      day:
        index === 0
          ? 0
          : Math.max(
              1,
              Math.round(clampedNormal(phaseRandom, phase.startDay, phase.startDaySd, 1, 10_000)),
            ),
    })),
    cgm,
    pump,
    pumpSerial: drawSerial(deviceRandom, pump?.serialPattern ?? '9999999'),
    readerSerial: drawSerial(deviceRandom, 'AAAAAAAA-AAAA-AAAA'),
    claritySourceDeviceId:
      cgm.clarity === null
        ? null
        : deviceRandom.chance(0.55)
          ? cgm.clarity.sourceDeviceId.replace(/^(Android|iOS)/, 'iOS')
          : cgm.clarity.sourceDeviceId.replace(/^(Android|iOS)/, 'Android'),
    longActing: choose(deviceRandom, profile.longActing) === 'degludec' ? DEGLUDEC : GLARGINE,
    clinicVisitDays: profile.behaviour.clinicVisitDays.map((day) =>
      Math.max(7, Math.round(day + phaseRandom.between(-7, 7))),
    ),
  };
}

/**
 * Draws model parameters until the patient can hold a fasting target of 110 mg/dL, so that a
 * rare extreme draw does not produce a patient the therapy cannot treat.
 */
function drawPhysiology(
  random: Random,
  profile: ProfileDefinition,
): Pick<SyntheticPatient, 'parameters' | 'betaCell' | 'dawnAmplitude' | 'needs'> {
  for (let attempt = 0; ; attempt += 1) {
    const { parameters, betaCell } = drawHovorkaParameters(random, profile.population);
    const dawn = profile.dawnAmplitude;
    const dawnAmplitude = clamp(dawn.mean + dawn.sd * (2 * random.uniform() - 1) * 1.7, 0, 0.6);
    try {
      const needs = computeInsulinNeeds(parameters, dawnAmplitude);
      return { parameters, betaCell, dawnAmplitude, needs };
    } catch (error) {
      if (attempt >= 20) {
        throw error;
      }
    }
  }
}
