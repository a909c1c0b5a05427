/**
 * The vocabulary of Glooko exports: a ZIP archive of CSV tables (`cgm_data_1.csv`,
 * `Insulin data/bolus_data_1.csv`, …), each with a title line (`Name:…,Date Range:… - …`) before
 * its header, in English or German, in mg/dL or mmol/L.
 *
 * Variant names are `LANGUAGE[-mmol]`: `en` is English in mg/dL, `de-mmol` German in mmol/L.
 * German tables write `DD.MM.YYYY HH:mm` and numbers with a decimal comma, quoted (`"215,0"`).
 */
import type { CsvLayout } from '../core/types.ts';

/** Format identifier of this module. */
export const GLOOKO_FORMAT_ID = 'glooko';

export type GlookoLanguage = 'en' | 'de';
export type GlookoUnits = 'mg/dL' | 'mmol/L';

/** The tables this module reads and writes, in the order it writes them. */
export const GLOOKO_TABLES = ['cgm', 'bg', 'carbs', 'alarms', 'bolus', 'basal', 'insulin'] as const;
export type GlookoTable = (typeof GLOOKO_TABLES)[number];

/** A parsed variant name. */
export interface GlookoVariant {
  language: GlookoLanguage;
  units: GlookoUnits;
}

/** Columns of each table, in file order. */
export const TABLE_COLUMNS = {
  cgm: ['timestamp', 'cgmGlucose', 'serialNumber'],
  bg: ['timestamp', 'bgGlucose', 'manualReading', 'serialNumber'],
  carbs: ['timestamp', 'carbs'],
  alarms: ['timestamp', 'alarmEvent', 'serialNumber'],
  bolus: [
    'timestamp',
    'insulinType',
    'bgInput',
    'carbsInput',
    'carbsRatio',
    'insulinDelivered',
    'initialDelivery',
    'extendedDelivery',
    'serialNumber',
  ],
  basal: [
    'timestamp',
    'insulinType',
    'durationMinutes',
    'percentage',
    'rate',
    'insulinDelivered',
    'serialNumber',
  ],
  insulin: ['timestamp', 'totalBolus', 'totalInsulin', 'totalBasal', 'serialNumber'],
} as const satisfies Record<GlookoTable, readonly string[]>;

export type GlookoColumn = (typeof TABLE_COLUMNS)[GlookoTable][number];

/**
 * Header names; `{units}` stands for `mg/dl` or `mmol/l`, spelt as Glooko does.
 * The German names are those of a real German export, and the English ones those that published
 * Glooko readers expect. NOTE: `Carbs (g)`, the English header of the carbs table, is a guess.
 */
const HEADERS: Record<GlookoLanguage, Record<GlookoColumn, string>> = {
  en: {
    timestamp: 'Timestamp',
    cgmGlucose: 'CGM Glucose Value ({units})',
    bgGlucose: 'Glucose Value ({units})',
    manualReading: 'Manual Reading',
    serialNumber: 'Serial Number',
    carbs: 'Carbs (g)',
    alarmEvent: 'Alarm/Event',
    insulinType: 'Insulin Type',
    bgInput: 'Blood Glucose Input ({units})',
    carbsInput: 'Carbs Input (g)',
    carbsRatio: 'Carbs Ratio',
    insulinDelivered: 'Insulin Delivered (U)',
    initialDelivery: 'Initial Delivery (U)',
    extendedDelivery: 'Extended Delivery (U)',
    durationMinutes: 'Duration (minutes)',
    percentage: 'Percentage (%)',
    rate: 'Rate',
    totalBolus: 'Total Bolus (U)',
    totalInsulin: 'Total Insulin (U)',
    totalBasal: 'Total Basal (U)',
  },
  de: {
    timestamp: 'Zeitstempel',
    cgmGlucose: 'CGM-Glukosewert ({units})',
    bgGlucose: 'Glukosewert ({units})',
    manualReading: 'Manuelles Lesen',
    serialNumber: 'Seriennummer',
    carbs: 'KH (g)',
    alarmEvent: 'Alarm/Ereignis',
    insulinType: 'Insulin-Typ',
    bgInput: 'Blutzuckereingabe ({units})',
    carbsInput: 'Kohlenhydrataufnahme (g)',
    carbsRatio: 'Kohlenhydratverhältnis',
    insulinDelivered: 'Abgegebenes Insulin (E)',
    initialDelivery: 'Anfängliche Abgabe (E)',
    extendedDelivery: 'Verzögerte Abgabe (E)',
    durationMinutes: 'Dauer (Minuten)',
    percentage: 'Prozentsatz (%)',
    rate: 'Rate',
    totalBolus: 'Bolus gesamt (U)',
    totalInsulin: 'Insulin gesamt (U)',
    totalBasal: 'Basal gesamt (U)',
  },
};

/** Label of the date range in the title line. */
export const DATE_RANGE_LABEL: Record<GlookoLanguage, string> = {
  en: 'Date Range',
  de: 'Datumsbereich',
};

/** Value of the Manual Reading column for a reading typed in by hand. */
export const MANUAL_READING_MARK = 'M';

/** Basal delivery types as the Insulin Type column of the basal table names them. */
export type BasalDeliveryType = 'scheduled' | 'temp' | 'suspend' | 'automated';

/**
 * NOTE: only `Scheduled` and `Eingeplant` are confirmed by exports, and the other names are
 * guesses. A basal row with a name outside this table is rejected with an issue.
 */
export const BASAL_TYPE_NAMES: Record<GlookoLanguage, Record<BasalDeliveryType, string>> = {
  en: { scheduled: 'Scheduled', temp: 'Temp', suspend: 'Suspend', automated: 'Automated' },
  de: {
    scheduled: 'Eingeplant',
    temp: 'Temporär',
    suspend: 'Unterbrochen',
    automated: 'Automatisiert',
  },
};

/** A recognised table header. */
export interface TableHeader {
  table: GlookoTable;
  language: GlookoLanguage;
  /** Unit of the table's glucose columns; null for tables without one. */
  units: GlookoUnits | null;
  /** Header names as the file writes them, for issues. */
  names: string[];
}

/** Recognises the header row of one of the tables, or returns null. */
export function parseTableHeader(fields: readonly string[]): TableHeader | null {
  const names = fields.map((field) => field.trim());
  const lower = names.map((name) => name.toLowerCase());
  for (const table of GLOOKO_TABLES) {
    for (const language of ['en', 'de'] as const) {
      for (const units of ['mg/dL', 'mmol/L'] as const) {
        const expected = headerRow(table, { language, units }).map((name) => name.toLowerCase());
        if (expected.length === lower.length && expected.every((name, i) => name === lower[i])) {
          const hasUnits = expected.some(
            (name) => name.includes('(mg/dl)') || name.includes('(mmol/l)'),
          );
          return { table, language, units: hasUnits ? units : null, names };
        }
      }
    }
  }
  return null;
}

/** Returns the header row of `table` in `variant`. */
export function headerRow(table: GlookoTable, variant: GlookoVariant): string[] {
  const unitText = variant.units === 'mmol/L' ? 'mmol/l' : 'mg/dl';
  return TABLE_COLUMNS[table].map((column) =>
    HEADERS[variant.language][column].replace('{units}', unitText),
  );
}

/** Formats a variant as its name: `en`, `de-mmol`. */
export function variantName(variant: GlookoVariant): string {
  return `${variant.language}${variant.units === 'mmol/L' ? '-mmol' : ''}`;
}

/** Parses a variant name; throws RangeError for an unknown one. */
export function parseVariantName(name: string): GlookoVariant {
  const match = /^(en|de)(-mmol)?$/.exec(name);
  if (match === null) {
    throw new RangeError(
      `Unknown Glooko variant "${name}": expected en or de, optionally followed by -mmol.`,
    );
  }
  return {
    language: match[1] as GlookoLanguage,
    units: match[2] === undefined ? 'mg/dL' : 'mmol/L',
  };
}

/** Layout of the tables: `,`, quotes only where needed (German decimal commas), LF. */
export const DEFAULT_LAYOUT: CsvLayout = {
  separator: ',',
  quoteAll: false,
  bom: false,
  lineEnding: '\n',
};
