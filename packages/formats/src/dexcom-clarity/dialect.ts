/**
 * The vocabulary of Dexcom Clarity CSV exports: columns, header names and event names in English
 * and German, and the variants this module reads and writes.
 *
 * Variant names are `LANGUAGE[-mmol][-12col]`: `en` is the English mg/dL export with 14 columns,
 * `de-mmol` the German one in mmol/L, `en-12col` the older export without the two transmitter
 * columns.
 */
import type { CsvLayout } from '../core/types.ts';

/** Columns of a Clarity export, in file order; the 12-column variant lacks the last two. */
export const CLARITY_COLUMNS = [
  'index',
  'timestamp',
  'eventType',
  'eventSubtype',
  'patientInfo',
  'deviceInfo',
  'sourceDeviceId',
  'glucose',
  'insulin',
  'carbs',
  'duration',
  'rate',
  'transmitterTime',
  'transmitterId',
] as const;

export type ClarityColumn = (typeof CLARITY_COLUMNS)[number];
export type ClarityLanguage = 'en' | 'de';
export type ClarityUnits = 'mg/dL' | 'mmol/L';

/** A parsed variant name. */
export interface ClarityVariant {
  language: ClarityLanguage;
  units: ClarityUnits;
  columnCount: 12 | 14;
}

/** Event types (column 3) as keys of this module. */
export type ClarityEvent =
  | 'egv'
  | 'calibration'
  | 'insulin'
  | 'carbs'
  | 'exercise'
  | 'health'
  | 'alert'
  | 'device'
  | 'firstName'
  | 'lastName';

/** Header names as Clarity writes them; `{units}` stands for `mg/dL` or `mmol/L`. */
const HEADERS: Record<ClarityLanguage, Record<ClarityColumn, string>> = {
  en: {
    index: 'Index',
    timestamp: 'Timestamp (YYYY-MM-DDThh:mm:ss)',
    eventType: 'Event Type',
    eventSubtype: 'Event Subtype',
    patientInfo: 'Patient Info',
    deviceInfo: 'Device Info',
    sourceDeviceId: 'Source Device ID',
    glucose: 'Glucose Value ({units})',
    insulin: 'Insulin Value (u)',
    carbs: 'Carb Value (grams)',
    duration: 'Duration (hh:mm:ss)',
    rate: 'Glucose Rate of Change ({units}/min)',
    transmitterTime: 'Transmitter Time (Long Integer)',
    transmitterId: 'Transmitter ID',
  },
  // NOTE: only `Zeitstempel (JJJJ-MM-TTThh:mm:ss)` and `Glukosewert (mg/dL)` are confirmed German
  // headers; the others are the likely translations, and the reader also accepts the spellings
  // in HEADER_PATTERNS.
  de: {
    index: 'Index',
    timestamp: 'Zeitstempel (JJJJ-MM-TTThh:mm:ss)',
    eventType: 'Ereignistyp',
    eventSubtype: 'Ereignisuntertyp',
    patientInfo: 'Patienteninfo',
    deviceInfo: 'Geräteinfo',
    sourceDeviceId: 'Quellgeräte-ID',
    glucose: 'Glukosewert ({units})',
    insulin: 'Insulinwert (IE)',
    carbs: 'Kohlenhydratwert (Gramm)',
    duration: 'Dauer (hh:mm:ss)',
    rate: 'Glukose-Änderungsrate ({units}/min)',
    transmitterTime: 'Transmitterzeit (Long Integer)',
    transmitterId: 'Transmitter-ID',
  },
};

/** Patterns that recognise a header cell (lowercased, trimmed) in either language. */
export const HEADER_PATTERNS: Record<ClarityColumn, RegExp> = {
  index: /^index$/,
  timestamp: /^(timestamp|zeitstempel)\b/,
  eventType: /^(event type|ereignistyp|ereignisart)$/,
  eventSubtype: /^(event subtype|ereignisuntertyp|ereignis-subtyp|ereignissubtyp)$/,
  patientInfo: /^(patient info|patienteninfo)/,
  deviceInfo: /^(device info|geräteinfo)/,
  sourceDeviceId: /^(source device id|quellgeräte-id)$/,
  glucose: /^(glucose value|glukosewert) \((mg\/dl|mmol\/l)\)$/,
  insulin: /^(insulin value|insulinwert)\b/,
  carbs: /^(carb value|kohlenhydratwert)\b/,
  duration: /^(duration|dauer)\b/,
  rate: /^(glucose rate of change|glukose-änderungsrate|änderungsrate)\b/,
  transmitterTime: /^(transmitter time|transmitterzeit)\b/,
  transmitterId: /^transmitter[- ]id$/,
};

/** Event names Clarity writes, per language. */
const EVENT_NAMES: Record<ClarityLanguage, Record<ClarityEvent, string>> = {
  en: {
    egv: 'EGV',
    calibration: 'Calibration',
    insulin: 'Insulin',
    carbs: 'Carbs',
    exercise: 'Exercise',
    health: 'Health',
    alert: 'Alert',
    device: 'Device',
    firstName: 'FirstName',
    lastName: 'LastName',
  },
  // NOTE: `Warnung` is the confirmed German name; the others are the likely translations.
  de: {
    egv: 'EGV',
    calibration: 'Kalibrierung',
    insulin: 'Insulin',
    carbs: 'Kohlenhydrate',
    exercise: 'Bewegung',
    health: 'Gesundheit',
    alert: 'Warnung',
    device: 'Gerät',
    firstName: 'Vorname',
    lastName: 'Nachname',
  },
};

/** Further event names the reader accepts (lowercased), beyond those in EVENT_NAMES. */
const EVENT_ALIASES: Record<string, ClarityEvent> = {
  egw: 'egv',
  kalibration: 'calibration',
  kohlenhydrat: 'carbs',
  sport: 'exercise',
  alarm: 'alert',
};

/** Out-of-range labels for glucose values, per language. */
export const RANGE_LABELS: Record<ClarityLanguage, { low: string; high: string }> = {
  en: { low: 'Low', high: 'High' },
  de: { low: 'Niedrig', high: 'Hoch' },
};

/** Reporting limits of Dexcom G6 and G7 sensors, in mg/dL: `Low` is below 40, `High` above 400. */
export const LOW_THRESHOLD_MG_DL = 40;
export const HIGH_THRESHOLD_MG_DL = 400;

const eventLookup = new Map<string, ClarityEvent>();
for (const names of Object.values(EVENT_NAMES)) {
  for (const [event, name] of Object.entries(names)) {
    eventLookup.set(name.toLowerCase(), event as ClarityEvent);
  }
}
for (const [alias, event] of Object.entries(EVENT_ALIASES)) {
  eventLookup.set(alias, event);
}

/** Returns the event key for an event-type cell in either language, or null if unknown. */
export function parseEventName(text: string): ClarityEvent | null {
  return eventLookup.get(text.trim().toLowerCase()) ?? null;
}

/** Returns the name Clarity writes for `event` in `language`. */
export function eventName(event: ClarityEvent, language: ClarityLanguage): string {
  return EVENT_NAMES[language][event];
}

/** Returns `low` or `high` for an out-of-range label in either language, else null. */
export function parseRangeLabel(text: string): 'low' | 'high' | null {
  const lower = text.trim().toLowerCase();
  for (const labels of Object.values(RANGE_LABELS)) {
    if (lower === labels.low.toLowerCase()) {
      return 'low';
    }
    if (lower === labels.high.toLowerCase()) {
      return 'high';
    }
  }
  return null;
}

/** Returns the header row for `variant`. */
export function headerRow(variant: ClarityVariant): string[] {
  const names = HEADERS[variant.language];
  return CLARITY_COLUMNS.slice(0, variant.columnCount).map((column) =>
    names[column].replace('{units}', variant.units),
  );
}

/** Formats a variant as its name: `en`, `de-mmol`, `en-12col`. */
export function variantName(variant: ClarityVariant): string {
  const mmol = variant.units === 'mmol/L' ? '-mmol' : '';
  const columns = variant.columnCount === 12 ? '-12col' : '';
  return `${variant.language}${mmol}${columns}`;
}

/** Parses a variant name; throws RangeError for an unknown one. */
export function parseVariantName(name: string): ClarityVariant {
  const match = /^(en|de)(-mmol)?(-12col)?$/.exec(name);
  if (match === null) {
    throw new RangeError(
      `Unknown Dexcom Clarity variant "${name}": expected en or de, optionally followed by -mmol and -12col.`,
    );
  }
  return {
    language: match[1] as ClarityLanguage,
    units: match[2] === undefined ? 'mg/dL' : 'mmol/L',
    columnCount: match[3] === undefined ? 14 : 12,
  };
}

/**
 * Default layout per language, taken from real exports: English files of 2019 are unquoted with a
 * byte-order mark; German files separate with `;` and quote every field.
 */
export function defaultLayout(language: ClarityLanguage): CsvLayout {
  if (language === 'de') {
    return { separator: ';', quoteAll: true, bom: false, lineEnding: '\n' };
  }
  return { separator: ',', quoteAll: false, bom: true, lineEnding: '\n' };
}
