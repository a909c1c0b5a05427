/**
 * The columns of a Medtronic CareLink CSV export: keys of this module, the English header as
 * CareLink writes it for the MiniMed 780G, and the patterns that recognise a header cell in
 * English or German.
 */

/** Columns of a CareLink export, in the order of the English 780G header. */
export const CARELINK_COLUMNS = [
  'index',
  'date',
  'time',
  'newDeviceTime',
  'bgSource',
  'bgReading',
  'linkedMeterId',
  'basalRate',
  'tempBasalAmount',
  'tempBasalType',
  'tempBasalDuration',
  'bolusType',
  'bolusSelected',
  'bolusDelivered',
  'bolusDuration',
  'primeType',
  'primeVolume',
  'reservoirVolume',
  'alert',
  'userClearedAlerts',
  'suspend',
  'rewind',
  'bwzEstimate',
  'bwzTargetHigh',
  'bwzTargetLow',
  'bwzCarbRatio',
  'bwzSensitivity',
  'bwzCarbInput',
  'bwzBgInput',
  'bwzCorrectionEstimate',
  'bwzFoodEstimate',
  'bwzActiveInsulin',
  'bwzStatus',
  'sensorCalibrationBg',
  'sensorGlucose',
  'isig',
  'eventMarker',
  'bolusNumber',
  'bolusCancellationReason',
  'bwzUnabsorbedInsulin',
  'finalBolusEstimate',
  'scrollStepSize',
  'insulinActionCurveTime',
  'sensorCalibrationRejectedReason',
  'presetBolus',
  'bolusSource',
  'bleNetworkDevice',
  'deviceUpdateEvent',
  'networkDeviceAssociatedReason',
  'networkDeviceDisassociatedReason',
  'networkDeviceDisconnectedReason',
  'sensorException',
  'presetTempBasalName',
  'sensorState',
] as const;

export type CareLinkColumn = (typeof CARELINK_COLUMNS)[number];
export type GlucoseUnits = 'mg/dL' | 'mmol/L';

/** English header names of a 780G export; `{units}` stands for `mg/dL` or `mmol/L`. */
const ENGLISH_NAMES: Record<CareLinkColumn, string> = {
  index: 'Index',
  date: 'Date',
  time: 'Time',
  newDeviceTime: 'New Device Time',
  bgSource: 'BG Source',
  bgReading: 'BG Reading ({units})',
  linkedMeterId: 'Linked BG Meter ID',
  basalRate: 'Basal Rate (U/h)',
  tempBasalAmount: 'Temp Basal Amount',
  tempBasalType: 'Temp Basal Type',
  tempBasalDuration: 'Temp Basal Duration (h:mm:ss)',
  bolusType: 'Bolus Type',
  bolusSelected: 'Bolus Volume Selected (U)',
  bolusDelivered: 'Bolus Volume Delivered (U)',
  bolusDuration: 'Bolus Duration (h:mm:ss)',
  primeType: 'Prime Type',
  primeVolume: 'Prime Volume Delivered (U)',
  reservoirVolume: 'Estimated Reservoir Volume after Fill (U)',
  alert: 'Alert',
  userClearedAlerts: 'User Cleared Alerts',
  suspend: 'Suspend',
  rewind: 'Rewind',
  bwzEstimate: 'BWZ Estimate (U)',
  bwzTargetHigh: 'BWZ Target High BG ({units})',
  bwzTargetLow: 'BWZ Target Low BG ({units})',
  bwzCarbRatio: 'BWZ Carb Ratio (g/U)',
  bwzSensitivity: 'BWZ Insulin Sensitivity ({units}/U)',
  bwzCarbInput: 'BWZ Carb Input (grams)',
  bwzBgInput: 'BWZ BG/SG Input ({units})',
  bwzCorrectionEstimate: 'BWZ Correction Estimate (U)',
  bwzFoodEstimate: 'BWZ Food Estimate (U)',
  bwzActiveInsulin: 'BWZ Active Insulin (U)',
  bwzStatus: 'BWZ Status',
  sensorCalibrationBg: 'Sensor Calibration BG ({units})',
  sensorGlucose: 'Sensor Glucose ({units})',
  isig: 'ISIG Value',
  eventMarker: 'Event Marker',
  bolusNumber: 'Bolus Number',
  bolusCancellationReason: 'Bolus Cancellation Reason',
  bwzUnabsorbedInsulin: 'BWZ Unabsorbed Insulin Total (U)',
  finalBolusEstimate: 'Final Bolus Estimate',
  scrollStepSize: 'Scroll Step Size',
  insulinActionCurveTime: 'Insulin Action Curve Time',
  sensorCalibrationRejectedReason: 'Sensor Calibration Rejected Reason',
  presetBolus: 'Preset Bolus',
  bolusSource: 'Bolus Source',
  bleNetworkDevice: 'BLE Network Device',
  deviceUpdateEvent: 'Device Update Event',
  networkDeviceAssociatedReason: 'Network Device Associated Reason',
  networkDeviceDisassociatedReason: 'Network Device Disassociated Reason',
  networkDeviceDisconnectedReason: 'Network Device Disconnected Reason',
  sensorException: 'Sensor Exception',
  presetTempBasalName: 'Preset Temp Basal Name',
  sensorState: 'Sensor State',
};

/**
 * German header names (lowercased), from CareLink exports of Paradigm pumps as German
 * interfaces wrote them in 2016. NOTE: no German 780G export was available, so columns added
 * since then are recognised in English only, and German files may name the basal and bolus
 * type columns differently from the likely translations below.
 */
const GERMAN_PATTERNS: Partial<Record<CareLinkColumn, RegExp>> = {
  date: /^datum$/,
  time: /^zeit$/,
  newDeviceTime: /^neue gerätezeit$/,
  bgReading: /^bz-messwert \((mg\/dl|mmol\/l)\)$/,
  linkedMeterId: /^id des verb\. bz-messgeräts$/,
  basalRate: /^basalrate \((ie|u)\/h\)$/,
  tempBasalAmount: /^tempor\. basalrate \((ie|u)\/h\)$/,
  tempBasalType: /^art d\. tempor\. basalrate$/,
  tempBasalDuration: /^dauer temp basal \(h{1,2}:mm:ss\)$/,
  bolusType: /^bolus-?typ$/,
  bolusSelected: /^gewähltes bolusvolumen \((ie|u)\)$/,
  bolusDelivered: /^abgegebene bolusmenge \((ie|u)\)$/,
  bolusDuration: /^bolusdauer \(h{1,2}:mm:ss\)$/,
  primeType: /^füllart$/,
  primeVolume: /^abgegebenes füllvolumen \((ie|u)\)$/,
  suspend: /^unterbrechen$/,
  rewind: /^rücklauf$/,
  bwzEstimate: /^bolusexpert-schätzung \((ie|u)\)$/,
  bwzTargetHigh: /^bolusexpert: hoher bz-grenzwert \((mg\/dl|mmol\/l)\)$/,
  bwzTargetLow: /^bolusexpert: niedriger bz-grenzwert \((mg\/dl|mmol\/l)\)$/,
  bwzCarbRatio: /^bolusexpert: kh-faktor \(gramm\)$/,
  bwzSensitivity: /^bolusexpert: korrekturfaktor \((mg\/dl|mmol\/l)\)$/,
  bwzCarbInput: /^bolusexpert: kh-eingabe \(gramm\)$/,
  bwzBgInput: /^bolusexpert: bz-eingabe \((mg\/dl|mmol\/l)\)$/,
  bwzCorrectionEstimate: /^bolusexpert: geschätzte korrektur \((ie|u)\)$/,
  bwzFoodEstimate: /^bolusexpert: geschätzte nahrung \((ie|u)\)$/,
  bwzActiveInsulin: /^bolusexpert: aktives insulin \((ie|u)\)$/,
  sensorCalibrationBg: /^bz-wert für sensorkalibrierung \((mg\/dl|mmol\/l)\)$/,
  sensorGlucose: /^sensorglukose \((mg\/dl|mmol\/l)\)$/,
};

/** Columns whose header names carry a glucose unit. */
const GLUCOSE_COLUMNS: ReadonlySet<CareLinkColumn> = new Set<CareLinkColumn>([
  'bgReading',
  'bwzTargetHigh',
  'bwzTargetLow',
  'bwzSensitivity',
  'bwzBgInput',
  'sensorCalibrationBg',
  'sensorGlucose',
]);

/** Returns the English header name of `column` with `units` filled in. */
export function englishName(column: CareLinkColumn, units: GlucoseUnits): string {
  return ENGLISH_NAMES[column].replace('{units}', units);
}

/** Returns the English header row of a 780G export in `units`. */
export function englishHeader(units: GlucoseUnits): string[] {
  return CARELINK_COLUMNS.map((column) => englishName(column, units));
}

const englishLookup = new Map<string, CareLinkColumn>();
for (const column of CARELINK_COLUMNS) {
  for (const units of ['mg/dL', 'mmol/L'] as const) {
    englishLookup.set(englishName(column, units).toLowerCase(), column);
  }
}

/**
 * Returns the column a header cell names, in English or German, or null for a name this
 * module does not know. The match ignores case, because CareLink writes `mg/dl` in older files.
 */
export function columnForName(name: string): CareLinkColumn | null {
  const lower = name.trim().toLowerCase();
  const english = englishLookup.get(lower);
  if (english !== undefined) {
    return english;
  }
  for (const [column, pattern] of Object.entries(GERMAN_PATTERNS)) {
    if (pattern.test(lower)) {
      return column as CareLinkColumn;
    }
  }
  return null;
}

/** Returns the glucose unit a header cell names, or null for a column without one. */
export function unitsOfName(column: CareLinkColumn, name: string): GlucoseUnits | null {
  if (!GLUCOSE_COLUMNS.has(column)) {
    return null;
  }
  return /mmol\/l/i.test(name) ? 'mmol/L' : 'mg/dL';
}

/** True for the bolus wizard columns (`BWZ …` in English, `BolusExpert …` in German). */
export function isWizardColumn(column: CareLinkColumn): boolean {
  return column.startsWith('bwz');
}
