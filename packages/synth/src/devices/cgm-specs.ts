/**
 * The continuous glucose monitors of the simulation, with the facts that shape their data:
 * session length, warm-up, reading interval, calibrations, reporting limits and accuracy.
 *
 * Facts as summarized from Dexcom and Abbott product labelling: G6 sensors last 10 days with a
 * 2-hour warm-up. G7 sensors last 10 days plus a 12-hour grace period, warm up for 30 minutes,
 * and about 12% end early. Libre 2 and 3 last 14 days with a 60-minute warm-up; Libre 2 stores
 * one reading every 15 minutes and Libre 3 every 5. MARD is about 9% for G6, 8.2% for G7 and
 * 7.9% for Libre 3. Figures marked NOTE are assumptions where no such summary was at hand.
 */

/** CGM models. */
export type CgmModel =
  | 'dexcom-g4'
  | 'dexcom-g5'
  | 'dexcom-g6'
  | 'dexcom-g7'
  | 'libre-2'
  | 'libre-3'
  | 'medtronic-enlite'
  | 'medtronic-guardian-4';

export const CGM_MODELS: readonly CgmModel[] = [
  'dexcom-g4',
  'dexcom-g5',
  'dexcom-g6',
  'dexcom-g7',
  'libre-2',
  'libre-3',
  'medtronic-enlite',
  'medtronic-guardian-4',
];

/** Identification and lifetime of a sensor's transmitter. */
export type TransmitterKind =
  /** One transmitter for several sensors, replaced after `lifetimeDays`. */
  | { kind: 'reusable'; lifetimeDays: number; idPattern: string }
  /** Each sensor has its own transmitter (G7, Libre): a new ID per session. */
  | { kind: 'per-sensor'; idPattern: string };

/** Facts about one CGM model. */
export interface CgmSpec {
  model: CgmModel;
  maker: 'dexcom' | 'abbott' | 'medtronic';
  /** Prefix of canonical device IDs, as the export readers form them. */
  deviceIdPrefix: string;
  /** Nominal sensor life, minutes. */
  sessionMinutes: number;
  /** Extra time after the nominal life during which readings continue, minutes. */
  graceMinutes: number;
  /** Time after insertion without readings, minutes. */
  warmupMinutes: number;
  /** Interval between stored readings, minutes. */
  intervalMinutes: number;
  /** Fingerstick calibrations the sensor requests per day (0 for factory-calibrated). */
  calibrationsPerDay: number;
  /** Lowest and highest reported value, mg/dL; beyond them the reading is `Low`/`High`. */
  lowLimitMgDl: number;
  highLimitMgDl: number;
  /** Published mean absolute relative difference, percent, which the error model is tuned to. */
  mardPercent: number;
  /**
   * Multipliers of the spread of the error model's calibration terms (gain, offset, drift) and
   * of its noise, tuned so that the simulated MARD meets `mardPercent`.
   */
  errorScale: number;
  noiseScale: number;
  /** Share of sensors that fail before the end of their life. */
  earlyEndProbability: number;
  transmitter: TransmitterKind;
  /** Whether readings carry the transmitter clock (Dexcom's Transmitter Time column). */
  reportsTransmitterTime: boolean;
  /** Device and source names Dexcom Clarity writes in its preamble; null for other makers. */
  clarity: { deviceName: string; sourceDeviceId: string } | null;
}

const DAY = 1440;

export const CGM_SPECS: Readonly<Record<CgmModel, CgmSpec>> = {
  'dexcom-g4': {
    model: 'dexcom-g4',
    maker: 'dexcom',
    deviceIdPrefix: 'dexcom-g4',
    sessionMinutes: 7 * DAY,
    graceMinutes: 0,
    warmupMinutes: 120,
    intervalMinutes: 5,
    calibrationsPerDay: 2,
    lowLimitMgDl: 40,
    highLimitMgDl: 400,
    // NOTE: 9% is the figure reported for G4 Platinum with software 505; not checked here.
    mardPercent: 9,
    errorScale: 1.2,
    noiseScale: 1,
    earlyEndProbability: 0.1,
    transmitter: { kind: 'reusable', lifetimeDays: 180, idPattern: 'AAAAA' },
    reportsTransmitterTime: true,
    clarity: { deviceName: 'Dexcom G4 Platinum Receiver', sourceDeviceId: 'G4 Receiver' },
  },
  'dexcom-g5': {
    model: 'dexcom-g5',
    maker: 'dexcom',
    deviceIdPrefix: 'dexcom-g5',
    sessionMinutes: 7 * DAY,
    graceMinutes: 0,
    warmupMinutes: 120,
    intervalMinutes: 5,
    calibrationsPerDay: 2,
    lowLimitMgDl: 40,
    highLimitMgDl: 400,
    // NOTE: assumed equal to G4 with software 505, which shares its algorithm.
    mardPercent: 9,
    errorScale: 1.2,
    noiseScale: 1,
    earlyEndProbability: 0.1,
    transmitter: { kind: 'reusable', lifetimeDays: 90, idPattern: '4AAAAA' },
    reportsTransmitterTime: true,
    clarity: { deviceName: 'Dexcom G5 Mobile App', sourceDeviceId: 'Android G5' },
  },
  'dexcom-g6': {
    model: 'dexcom-g6',
    maker: 'dexcom',
    deviceIdPrefix: 'dexcom-g6',
    sessionMinutes: 10 * DAY,
    graceMinutes: 0,
    warmupMinutes: 120,
    intervalMinutes: 5,
    calibrationsPerDay: 0,
    lowLimitMgDl: 40,
    highLimitMgDl: 400,
    mardPercent: 9,
    errorScale: 1.14,
    noiseScale: 1,
    // NOTE: the early-end share of G6 is assumed a little below G7's 12%.
    earlyEndProbability: 0.1,
    transmitter: { kind: 'reusable', lifetimeDays: 90, idPattern: '8AAAAA' },
    reportsTransmitterTime: true,
    clarity: { deviceName: 'Dexcom G6 Mobile App', sourceDeviceId: 'Android G6' },
  },
  'dexcom-g7': {
    model: 'dexcom-g7',
    maker: 'dexcom',
    deviceIdPrefix: 'dexcom-g7',
    sessionMinutes: 10 * DAY,
    graceMinutes: 720,
    warmupMinutes: 30,
    intervalMinutes: 5,
    calibrationsPerDay: 0,
    lowLimitMgDl: 40,
    highLimitMgDl: 400,
    mardPercent: 8.2,
    errorScale: 1.07,
    noiseScale: 1,
    earlyEndProbability: 0.12,
    transmitter: { kind: 'per-sensor', idPattern: '999999999999' },
    reportsTransmitterTime: true,
    clarity: { deviceName: 'Dexcom G7 Mobile App', sourceDeviceId: 'iOS G7' },
  },
  'libre-2': {
    model: 'libre-2',
    maker: 'abbott',
    deviceIdPrefix: 'abbott-libre-2',
    sessionMinutes: 14 * DAY,
    graceMinutes: 0,
    warmupMinutes: 60,
    intervalMinutes: 15,
    calibrationsPerDay: 0,
    lowLimitMgDl: 40,
    highLimitMgDl: 500,
    // NOTE: 9.2% is the adult MARD reported for Libre 2; not checked here.
    mardPercent: 9.2,
    errorScale: 1.3,
    noiseScale: 1,
    // NOTE: assumed; Abbott publishes no early-end share.
    earlyEndProbability: 0.08,
    transmitter: { kind: 'per-sensor', idPattern: '0AAAAAAAAA' },
    reportsTransmitterTime: false,
    clarity: null,
  },
  'libre-3': {
    model: 'libre-3',
    maker: 'abbott',
    deviceIdPrefix: 'abbott-libre-3',
    sessionMinutes: 14 * DAY,
    graceMinutes: 0,
    warmupMinutes: 60,
    intervalMinutes: 5,
    calibrationsPerDay: 0,
    lowLimitMgDl: 40,
    highLimitMgDl: 500,
    mardPercent: 7.9,
    errorScale: 0.9,
    noiseScale: 1,
    earlyEndProbability: 0.08,
    transmitter: { kind: 'per-sensor', idPattern: '0AAAAAAAAA' },
    reportsTransmitterTime: false,
    clarity: null,
  },
  'medtronic-enlite': {
    model: 'medtronic-enlite',
    maker: 'medtronic',
    deviceIdPrefix: 'medtronic-enlite',
    sessionMinutes: 6 * DAY,
    graceMinutes: 0,
    warmupMinutes: 120,
    intervalMinutes: 5,
    calibrationsPerDay: 3,
    lowLimitMgDl: 40,
    highLimitMgDl: 400,
    // NOTE: 13.6% is the MARD usually quoted for Enlite with the 530G; not checked here.
    mardPercent: 13.6,
    errorScale: 3.3,
    noiseScale: 1.8,
    earlyEndProbability: 0.12,
    transmitter: { kind: 'reusable', lifetimeDays: 365, idPattern: 'GT9999999A' },
    reportsTransmitterTime: false,
    clarity: null,
  },
  'medtronic-guardian-4': {
    model: 'medtronic-guardian-4',
    maker: 'medtronic',
    deviceIdPrefix: 'medtronic-guardian-4',
    sessionMinutes: 7 * DAY,
    graceMinutes: 0,
    warmupMinutes: 120,
    intervalMinutes: 5,
    calibrationsPerDay: 0,
    lowLimitMgDl: 40,
    highLimitMgDl: 400,
    // NOTE: about 10–11% is the MARD quoted for Guardian 4; not checked here.
    mardPercent: 10.5,
    errorScale: 1.6,
    noiseScale: 1,
    earlyEndProbability: 0.1,
    transmitter: { kind: 'reusable', lifetimeDays: 365, idPattern: 'GT9999999A' },
    reportsTransmitterTime: false,
    clarity: null,
  },
};

/** Returns the spec of `model`; throws RangeError for an unknown model. */
export function cgmSpec(model: string): CgmSpec {
  const spec = (CGM_SPECS as Record<string, CgmSpec | undefined>)[model];
  if (spec === undefined) {
    throw new RangeError(`Unknown CGM model "${model}"; known models: ${CGM_MODELS.join(', ')}.`);
  }
  return spec;
}
