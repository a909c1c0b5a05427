/** Timestamps and numbers in Glooko tables, which follow the export's language. */
import type { GlookoLanguage } from './dialect.ts';

const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/;
const GERMAN_TIMESTAMP = /^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2})(?::(\d{2}))?$/;
const DECIMAL_POINT = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;
const DECIMAL_COMMA = /^[-+]?(\d+(,\d*)?|,\d+)$/;

/**
 * Parses a timestamp, `YYYY-MM-DD HH:mm` (English) or `DD.MM.YYYY HH:mm` (German), seconds
 * optional, into milliseconds read as if the wall-clock time were UTC. Returns null for anything
 * else or a date that does not exist.
 */
export function parseGlookoTimestamp(text: string): number | null {
  const trimmed = text.trim();
  const iso = ISO_TIMESTAMP.exec(trimmed);
  const german = iso === null ? GERMAN_TIMESTAMP.exec(trimmed) : null;
  const fields =
    iso?.slice(1) ??
    (german === null ? null : [german[3], german[2], german[1], ...german.slice(4)]);
  if (fields === null) {
    return null;
  }
  const [year, month, day, hour, minute, second] = fields.map((field) => Number(field ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) {
    return null;
  }
  const wallMs = Date.UTC(year, month - 1, day, hour, minute, second);
  return new Date(wallMs).getUTCDate() === day ? wallMs : null;
}

/** Formats a wall-clock time `YYYY-MM-DDTHH:mm:ss` as Glooko writes it, without seconds. */
export function formatGlookoTimestamp(local: string, language: GlookoLanguage): string {
  return `${formatGlookoDate(local.slice(0, 10), language)} ${local.slice(11, 16)}`;
}

/** Formats a date `YYYY-MM-DD` as Glooko writes it: unchanged in English, `DD.MM.YYYY` in German. */
export function formatGlookoDate(date: string, language: GlookoLanguage): string {
  if (language === 'en') {
    return date;
  }
  return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
}

/**
 * Parses a number: with a decimal point, or in German tables also with a decimal comma.
 * Returns NaN for anything else.
 */
export function parseGlookoNumber(text: string, language: GlookoLanguage): number {
  const trimmed = text.trim();
  if (DECIMAL_POINT.test(trimmed)) {
    return Number(trimmed);
  }
  if (language === 'de' && DECIMAL_COMMA.test(trimmed)) {
    return Number(trimmed.replace(',', '.'));
  }
  return Number.NaN;
}

/**
 * Formats a decimal number as Glooko does: rounded to `decimals`, shortest form, but always with
 * at least one decimal (`215.0`, `1.25`), with a decimal comma in German tables.
 */
export function formatGlookoNumber(
  value: number,
  language: GlookoLanguage,
  decimals: number,
): string {
  const rounded = Math.round(value * 10 ** decimals) / 10 ** decimals;
  const text = Number.isInteger(rounded) ? rounded.toFixed(1) : String(rounded);
  return language === 'de' ? text.replace('.', ',') : text;
}
