/**
 * The files of a Tandem Source export. Tandem Source writes one CSV per data type, each a
 * header row and one row per event, unquoted, oldest first, for example:
 *
 * ```
 * Device Type,Serial Number,Description,Event Date Time,Readings (mg/dL)
 * Tandem Mobi™ System,1111111,EGV,2026-03-05T00:04:33,131
 * ```
 *
 * This module reads the CGM, BG, bolus and basal-dose files. Variants name the file and, for
 * files with glucose, the unit: `cgm`, `cgm-mmol`, `bg`, `bg-mmol`, `bolus`, `bolus-mmol`,
 * `basal`. The hourly basal file contains hourly sums of the basal doses and is not read.
 */
import { tokenizeCsvText } from '../../core/csv-tokenizer.ts';
import { detectCsvLayout } from '../../core/csv-writer.ts';
import type { FormatDetection } from '../../core/types.ts';
import type { GlucoseUnits } from '../shared/glucose.ts';

/** Format identifier of this module. */
export const SOURCE_FORMAT_ID = 'tandem-source';

export type SourceKind = 'cgm' | 'bg' | 'bolus' | 'basal';

/** A parsed variant: the file kind and its glucose unit. */
export interface SourceVariant {
  kind: SourceKind;
  units: GlucoseUnits;
}

/** Header rows as Tandem Source writes them; `{units}` stands for `mg/dL` or `mmol/L`. */
const HEADERS: Record<SourceKind, readonly string[]> = {
  cgm: ['Device Type', 'Serial Number', 'Description', 'Event Date Time', 'Readings ({units})'],
  bg: ['Device Type', 'Serial Number', 'Description', 'Event Date Time', 'BG ({units})', 'Note'],
  bolus: [
    'Type',
    'Bolus Type',
    'Bolus Delivery Method',
    'BG ({units})',
    'Serial Number',
    'Completion Date Time',
    'Insulin Delivered',
    'Food Delivered',
    'Correction Delivered',
    'Completion Status Desc',
    'Bolex Start Date Time',
    'Bolex Completion Date Time',
    'Bolex Insulin Delivered',
    'Bolex Completion Status Desc',
    'Standard Percent',
    'Duration (mins)',
    'Carb Size',
    'Target BG ({units})',
    'Correction Factor',
    'Carb Ratio',
  ],
  basal: [
    'Device Type',
    'Serial Number',
    'Event Date Time',
    'Commanded Basal Dose (units of insulin)',
  ],
};

/** Column holding each file's local time: the completion time for boluses. */
export const TIME_COLUMNS: Record<SourceKind, string> = {
  cgm: 'Event Date Time',
  bg: 'Event Date Time',
  bolus: 'Completion Date Time',
  basal: 'Event Date Time',
};

const KINDS: readonly SourceKind[] = ['cgm', 'bg', 'bolus', 'basal'];

/** Returns the header row of `variant`. */
export function headerRow(variant: SourceVariant): string[] {
  return HEADERS[variant.kind].map((name) => name.replace('{units}', variant.units));
}

/** Recognises a Tandem Source header row, or returns null. */
export function parseSourceHeader(fields: readonly string[]): SourceVariant | null {
  const names = fields.map((field) => field.trim());
  for (const kind of KINDS) {
    for (const units of ['mg/dL', 'mmol/L'] as const) {
      const expected = headerRow({ kind, units });
      if (expected.length === names.length && expected.every((name, at) => name === names[at])) {
        return { kind, units };
      }
    }
  }
  return null;
}

/** Formats a variant as its name: `cgm`, `bolus-mmol`. */
export function variantName(variant: SourceVariant): string {
  const hasGlucose = variant.kind !== 'basal';
  return `${variant.kind}${hasGlucose && variant.units === 'mmol/L' ? '-mmol' : ''}`;
}

/** Parses a variant name; throws RangeError for an unknown one. */
export function parseVariantName(name: string): SourceVariant {
  const match = /^(cgm|bg|bolus|basal)(-mmol)?$/.exec(name);
  if (match === null || (match[1] === 'basal' && match[2] !== undefined)) {
    throw new RangeError(
      `Unknown Tandem Source variant "${name}": expected cgm, bg, bolus or basal, the first three optionally followed by -mmol.`,
    );
  }
  return { kind: match[1] as SourceKind, units: match[2] === undefined ? 'mg/dL' : 'mmol/L' };
}

/** Detects a Tandem Source file from its header row; see `FormatModule.detect`. */
export function detectSource(head: string): FormatDetection | null {
  const layout = detectCsvLayout(head);
  const lineEnd = head.search(/[\r\n]/);
  const firstLine = lineEnd === -1 ? head : head.slice(0, lineEnd);
  const [row] = tokenizeCsvText(firstLine, { separator: ',' });
  const variant = row === undefined ? null : parseSourceHeader(row.fields);
  if (variant === null) {
    return null;
  }
  return {
    format: SOURCE_FORMAT_ID,
    variant: variantName(variant),
    layout: { ...layout, separator: ',' },
  };
}
