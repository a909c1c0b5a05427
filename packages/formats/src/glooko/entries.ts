/** Paths of the tables in a Glooko archive, and the entries this module reads. */
import type { GlookoTable } from './dialect.ts';

/** Path of the first file of each table, as Glooko lays out its archive. */
export const TABLE_PATHS: Record<GlookoTable, string> = {
  cgm: 'cgm_data_1.csv',
  bg: 'bg_data_1.csv',
  carbs: 'carbs_data_1.csv',
  alarms: 'alarms_data_1.csv',
  bolus: 'Insulin data/bolus_data_1.csv',
  basal: 'Insulin data/basal_data_1.csv',
  insulin: 'Insulin data/insulin_data_1.csv',
};

/** Tables Glooko exports that this module does not read: manual logs without a record type. */
const UNREAD_TABLES = new Set(['food', 'exercise', 'notes', 'medication', 'manual_insulin']);

const TABLE_BY_NAME: Record<string, GlookoTable> = {
  cgm: 'cgm',
  bg: 'bg',
  carbs: 'carbs',
  cgm_carbs: 'carbs',
  alarms: 'alarms',
  bolus: 'bolus',
  basal: 'basal',
  insulin: 'insulin',
};

const ENTRY_NAME = /^([a-z_]+)_data_(\d+)\.csv$/;

/** Kind of an archive entry, judged by its file name. */
export type EntryKind =
  { kind: 'table'; table: GlookoTable } | { kind: 'unread'; name: string } | { kind: 'other' };

/**
 * Classifies an entry by its file name, whatever its folder: a table this module reads
 * (`cgm_data_2.csv`, `cgm_carbs_data_1.csv`), a Glooko table it does not read
 * (`food_data_1.csv`), or something else.
 */
export function classifyEntry(path: string): EntryKind {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const match = ENTRY_NAME.exec(base);
  const name = match?.[1];
  if (name === undefined) {
    return { kind: 'other' };
  }
  const table = TABLE_BY_NAME[name];
  if (table !== undefined) {
    return { kind: 'table', table };
  }
  return UNREAD_TABLES.has(name) ? { kind: 'unread', name } : { kind: 'other' };
}

/** Returns true when `path` names an entry of a Glooko export, read or not. */
export function isGlookoEntry(path: string): boolean {
  return classifyEntry(path).kind !== 'other';
}

/**
 * Joins an archive's file name and an entry path into the file name of issues and provenance,
 * `export.zip:Insulin data/bolus_data_1.csv`.
 */
export function entryLabel(archive: string | null, path: string): string {
  return archive === null ? path : `${archive}:${path}`;
}

/**
 * Returns the entry path of a label made by `entryLabel`, or null when the label has none: the
 * part after the last colon, as entry paths of Glooko exports hold no colon.
 */
export function entryPathOfLabel(label: string): string | null {
  const colon = label.lastIndexOf(':');
  return colon === -1 ? null : label.slice(colon + 1);
}
