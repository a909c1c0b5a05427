/**
 * Insulin pumps of the simulation. Tubed pumps use infusion sets changed every 48–72 hours. An
 * Omnipod pod delivers for 72 hours plus an 8-hour grace period. Bolus increments are 0.05 U on
 * Medtronic and Omnipod and 0.01 U on t:slim X2. NOTE: the increments are as commonly
 * summarized, not checked against each user guide.
 */

export type PumpModel =
  | 'tandem-tslim-x2'
  | 'omnipod-dash'
  | 'omnipod-eros'
  | 'medtronic-530g'
  | 'medtronic-630g'
  | 'medtronic-670g'
  | 'medtronic-780g';

export interface PumpSpec {
  model: PumpModel;
  maker: 'tandem' | 'insulet' | 'medtronic';
  /** Prefix of canonical device IDs. */
  deviceIdPrefix: string;
  /** Pattern of serial numbers (see `drawSerial`). */
  serialPattern: string;
  /** Patch pump: the pod is the infusion site and is replaced as a whole. */
  patch: boolean;
  /** Range of hours between site changes that users keep to. */
  siteChangeHours: { min: number; max: number };
  /** Smallest bolus step, U. */
  bolusIncrement: number;
  /** Smallest basal-rate step, U/h. */
  basalIncrement: number;
  /** Whether the pump offers extended (square or dual) boluses. */
  extendedBolus: boolean;
  /** Whether the pump's clock follows daylight-saving changes on its own. */
  automaticClock: boolean;
}

export const PUMP_SPECS: Readonly<Record<PumpModel, PumpSpec>> = {
  'tandem-tslim-x2': {
    model: 'tandem-tslim-x2',
    maker: 'tandem',
    deviceIdPrefix: 'tandem-tslim-x2',
    serialPattern: '999999',
    patch: false,
    siteChangeHours: { min: 48, max: 80 },
    bolusIncrement: 0.01,
    basalIncrement: 0.001,
    extendedBolus: true,
    automaticClock: false,
  },
  'omnipod-dash': {
    model: 'omnipod-dash',
    maker: 'insulet',
    deviceIdPrefix: 'insulet-omnipod-dash',
    serialPattern: 'AAAAAAAA',
    patch: true,
    siteChangeHours: { min: 64, max: 80 },
    bolusIncrement: 0.05,
    basalIncrement: 0.05,
    extendedBolus: true,
    automaticClock: true,
  },
  'omnipod-eros': {
    model: 'omnipod-eros',
    maker: 'insulet',
    deviceIdPrefix: 'insulet-omnipod',
    serialPattern: '9999999',
    patch: true,
    siteChangeHours: { min: 64, max: 80 },
    bolusIncrement: 0.05,
    basalIncrement: 0.05,
    extendedBolus: true,
    automaticClock: false,
  },
  'medtronic-530g': {
    model: 'medtronic-530g',
    maker: 'medtronic',
    deviceIdPrefix: 'medtronic-530g',
    serialPattern: 'AAA999999A',
    patch: false,
    siteChangeHours: { min: 48, max: 96 },
    bolusIncrement: 0.05,
    basalIncrement: 0.025,
    extendedBolus: true,
    automaticClock: false,
  },
  'medtronic-630g': {
    model: 'medtronic-630g',
    maker: 'medtronic',
    deviceIdPrefix: 'medtronic-630g',
    serialPattern: 'NG9999999A',
    patch: false,
    siteChangeHours: { min: 48, max: 96 },
    bolusIncrement: 0.05,
    basalIncrement: 0.025,
    extendedBolus: true,
    automaticClock: false,
  },
  'medtronic-670g': {
    model: 'medtronic-670g',
    maker: 'medtronic',
    deviceIdPrefix: 'medtronic-670g',
    serialPattern: 'NG9999999A',
    patch: false,
    siteChangeHours: { min: 48, max: 80 },
    bolusIncrement: 0.05,
    basalIncrement: 0.025,
    extendedBolus: true,
    automaticClock: false,
  },
  'medtronic-780g': {
    model: 'medtronic-780g',
    maker: 'medtronic',
    deviceIdPrefix: 'medtronic-780g',
    serialPattern: 'NG9999999A',
    patch: false,
    siteChangeHours: { min: 48, max: 80 },
    bolusIncrement: 0.05,
    basalIncrement: 0.025,
    extendedBolus: true,
    automaticClock: false,
  },
};
