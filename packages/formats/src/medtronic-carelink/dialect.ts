/**
 * Variants of CareLink exports: language of the header, glucose unit and the way dates are
 * written. Variant names are `LANGUAGE[-mmol][-DATESTYLE]`: `en` is an English mg/dL export with
 * dates as `2026/07/04`, `de-mmol-dmy2` a German mmol/L export with dates as `04.07.26`.
 */
import type { GlucoseUnits } from './columns.ts';

export type CareLinkLanguage = 'en' | 'de';

/**
 * Style of the Date column: `ymd` 2026/07/04 (the default, seen in 780G exports), `iso`
 * 2026-07-04, `dmy` 04.07.2026, `dmy2` 04.07.26 (seen in German exports of 2016).
 */
export type DateStyle = 'ymd' | 'iso' | 'dmy' | 'dmy2';

/** A parsed variant name. */
export interface CareLinkVariant {
  language: CareLinkLanguage;
  units: GlucoseUnits;
  dateStyle: DateStyle;
}

const DATE_PATTERNS: readonly (readonly [DateStyle, RegExp])[] = [
  ['ymd', /^(\d{4})\/(\d{2})\/(\d{2})$/],
  ['iso', /^(\d{4})-(\d{2})-(\d{2})$/],
  ['dmy', /^(\d{2})\.(\d{2})\.(\d{4})$/],
  ['dmy2', /^(\d{2})\.(\d{2})\.(\d{2})$/],
];

/** A calendar date read from a Date cell. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
  style: DateStyle;
}

/**
 * Parses a Date cell in any style of `DateStyle`, or returns null. Two-digit years are
 * read as 20YY. The day is not checked against the month here.
 */
export function parseCareLinkDate(text: string): CalendarDate | null {
  const trimmed = text.trim();
  for (const [style, pattern] of DATE_PATTERNS) {
    const match = pattern.exec(trimmed);
    if (match === null) {
      continue;
    }
    const a = Number(match[1]);
    const b = Number(match[2]);
    const c = Number(match[3]);
    if (style === 'ymd' || style === 'iso') {
      return { year: a, month: b, day: c, style };
    }
    return { year: style === 'dmy2' ? 2000 + c : c, month: b, day: a, style };
  }
  return null;
}

/** Formats the date part of a local time `YYYY-MM-DDTHH:mm:ss` in `style`. */
export function formatCareLinkDate(deviceTime: string, style: DateStyle): string {
  const year = deviceTime.slice(0, 4);
  const month = deviceTime.slice(5, 7);
  const day = deviceTime.slice(8, 10);
  switch (style) {
    case 'ymd':
      return `${year}/${month}/${day}`;
    case 'iso':
      return `${year}-${month}-${day}`;
    case 'dmy':
      return `${day}.${month}.${year}`;
    case 'dmy2':
      return `${day}.${month}.${year.slice(2)}`;
  }
}

/** Formats a variant as its name: `en`, `de-mmol`, `en-dmy2`. */
export function variantName(variant: CareLinkVariant): string {
  const mmol = variant.units === 'mmol/L' ? '-mmol' : '';
  const date = variant.dateStyle === 'ymd' ? '' : `-${variant.dateStyle}`;
  return `${variant.language}${mmol}${date}`;
}

/** Parses a variant name; throws RangeError for an unknown one. */
export function parseVariantName(name: string): CareLinkVariant {
  const match = /^(en|de)(-mmol)?(-(?:iso|dmy2?))?$/.exec(name);
  if (match === null) {
    throw new RangeError(
      `Unknown Medtronic CareLink variant "${name}": expected en or de, optionally followed by -mmol and by -iso, -dmy or -dmy2.`,
    );
  }
  return {
    language: match[1] as CareLinkLanguage,
    units: match[2] === undefined ? 'mg/dL' : 'mmol/L',
    dateStyle: match[3] === undefined ? 'ymd' : (match[3].slice(1) as DateStyle),
  };
}
