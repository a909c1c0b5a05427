import { ADULT_BEHAVIOUR, ADULT_T1D_POPULATION } from './defaults.ts';
import type { ProfileDefinition } from './types.ts';

const ESTIMATE =
  'estimate: the dataset paper publishes no glucose summary; typical of analyses of its data';

/**
 * OhioT1DM: 12 adults with type 1 diabetes on Medtronic 530G or 630G pumps with Enlite
 * sensors, eight weeks of CGM (fingerstick calibrations several times a day), pump, meal,
 * exercise and sleep data, released for blood glucose prediction research.
 */
export const OHIO_T1DM: ProfileDefinition = {
  id: 'ohiot1dm',
  title: 'OhioT1DM adults on Medtronic 530G/630G pumps with Enlite sensors',
  citation:
    'Marling C, Bunescu R, "The OhioT1DM Dataset for Blood Glucose Level Prediction: Update ' +
    '2020", CEUR Workshop Proc 2020;2675:71–74',
  diabetesType: 1,
  ageYears: { mean: 45, sd: 15, min: 20, max: 80 },
  population: ADULT_T1D_POPULATION,
  dawnAmplitude: { mean: 0.2, sd: 0.1 },
  cgm: [{ value: 'medtronic-enlite', weight: 1 }],
  pump: [
    { value: 'medtronic-530g', weight: 0.5 },
    { value: 'medtronic-630g', weight: 0.5 },
  ],
  longActing: [{ value: 'glargine', weight: 1 }],
  timezones: [{ value: 'America/New_York', weight: 1 }],
  units: 'mg/dL',
  studyDays: 56,
  therapyPlans: [
    { value: [{ label: 'pump', startDay: 0, startDaySd: 0, therapy: 'pump' }], weight: 1 },
  ],
  behaviour: {
    ...ADULT_BEHAVIOUR,
    settingsError: { ...ADULT_BEHAVIOUR.settingsError, carbRatio: { median: 0.85, cv: 0.28 } },
  },
  targets: [
    {
      phase: 'pump',
      fromDay: 0,
      toDay: 89,
      metrics: {
        meanMgDl: { mean: 158, sd: 22, note: ESTIMATE },
        tirPercent: { mean: 63, sd: 12, note: ESTIMATE },
        tbrPercent: { mean: 2.5, sd: 2, note: ESTIMATE },
        cvPercent: { mean: 35, sd: 5, note: ESTIMATE },
      },
    },
  ],
};
