import { ADULT_BEHAVIOUR, ADULT_T1D_POPULATION, US_ZONES } from './defaults.ts';
import type { ProfileDefinition, TherapyPhase } from './types.ts';

const CITATION =
  'Brown SA et al., "Six-Month Randomized, Multicenter Trial of Closed-Loop Control in Type 1 ' +
  'Diabetes" (iDCL Protocol 3, DCLP3), N Engl J Med 2019;381:1707–1717';

const ESTIMATE = 'estimate consistent with the published time in range';

/**
 * DCLP3 randomized 168 people aged 14–71 (2:1) to Control-IQ on a t:slim X2 with Dexcom G6, or
 * to a sensor-augmented pump. Time in range was 61 ± 17% at baseline, 71 ± 12% over six
 * months with Control-IQ and 59 ± 14% with the sensor-augmented pump. Closed-loop mode ran a
 * median 90% of the time. Both profiles start with two weeks of sensor-augmented pump.
 */
const BASE: Omit<ProfileDefinition, 'id' | 'title' | 'therapyPlans' | 'targets'> = {
  citation: CITATION,
  diabetesType: 1,
  ageYears: { mean: 33, sd: 16, min: 14, max: 71 },
  population: ADULT_T1D_POPULATION,
  dawnAmplitude: { mean: 0.2, sd: 0.1 },
  cgm: [{ value: 'dexcom-g6', weight: 1 }],
  pump: [{ value: 'tandem-tslim-x2', weight: 1 }],
  longActing: [{ value: 'glargine', weight: 1 }],
  timezones: US_ZONES,
  units: 'mg/dL',
  studyDays: 90,
  behaviour: {
    ...ADULT_BEHAVIOUR,
    carbUnderestimate: { mean: 0.3, sd: 0.12 },
    missedBolusesPerWeek: { mean: 2.5, cv: 0.9 },
    lateBolusShare: 0.15,
    correction: { thresholdMgDl: 250, probabilityPerHour: 0.4, dose: 0.75 },
    settingsError: {
      basal: { median: 0.95, cv: 0.22 },
      carbRatio: { median: 1, cv: 0.28 },
      isf: { median: 1.1, cv: 0.3 },
    },
    automationOffShare: 0.05,
  },
};

const BASELINE: TherapyPhase = { label: 'baseline', startDay: 0, startDaySd: 0, therapy: 'pump' };

const BASELINE_TARGETS = {
  phase: 'baseline',
  fromDay: 0,
  toDay: 13,
  metrics: { tirPercent: { mean: 61, sd: 17 } },
};

/** DCLP3 closed-loop arm: two weeks on the pump alone, then Control-IQ. */
export const DCLP3_CONTROL_IQ: ProfileDefinition = {
  ...BASE,
  id: 'dclp3-control-iq',
  title: 'DCLP3 Control-IQ arm (ages 14–71, closed loop)',
  therapyPlans: [
    {
      value: [
        BASELINE,
        {
          label: 'control-iq',
          startDay: 14,
          startDaySd: 0,
          therapy: 'aid',
          algorithm: 'control-iq',
        },
      ],
      weight: 1,
    },
  ],
  targets: [
    BASELINE_TARGETS,
    {
      phase: 'control-iq',
      fromDay: 0,
      toDay: 89,
      metrics: {
        tirPercent: { mean: 71, sd: 12 },
        tbrPercent: { mean: 1.6, sd: 1.5, note: ESTIMATE },
        tarPercent: { mean: 27, sd: 12, note: ESTIMATE },
        meanMgDl: { mean: 156, sd: 19, note: ESTIMATE },
        cvPercent: { mean: 33, sd: 5, note: ESTIMATE },
      },
    },
  ],
};

/** DCLP3 control arm: sensor-augmented pump throughout. */
export const DCLP3_SAP: ProfileDefinition = {
  ...BASE,
  id: 'dclp3-sap',
  title: 'DCLP3 control arm (ages 14–71, sensor-augmented pump)',
  therapyPlans: [{ value: [BASELINE], weight: 1 }],
  targets: [
    BASELINE_TARGETS,
    {
      phase: 'baseline',
      fromDay: 14,
      toDay: 89,
      metrics: {
        tirPercent: { mean: 59, sd: 14 },
        tbrPercent: { mean: 2.3, sd: 2.2, note: ESTIMATE },
        tarPercent: { mean: 38, sd: 15, note: ESTIMATE },
        meanMgDl: { mean: 170, sd: 24, note: ESTIMATE },
        cvPercent: { mean: 35, sd: 5, note: ESTIMATE },
      },
    },
  ],
};
