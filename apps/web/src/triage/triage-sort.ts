import type { TriageEntry } from '../api/triage-api.ts';

/** Columns the triage table sorts by. */
export type TriageSortKey =
  'gri' | 'name' | 'target' | 'below70' | 'below54' | 'gmi' | 'cv' | 'present' | 'lastReading';

/** A sort column and direction. */
export interface TriageSort {
  key: TriageSortKey;
  direction: 'ascending' | 'descending';
}

/** Default order: riskiest first, by GRI descending, as the API sends the list. */
export const DEFAULT_TRIAGE_SORT: TriageSort = { key: 'gri', direction: 'descending' };

/**
 * Direction a column starts in when first clicked: the riskier end first (high GRI, low TIR,
 * high TBR, high GMI and CV, little data, old data), and names from A.
 */
export const FIRST_DIRECTION: Readonly<Record<TriageSortKey, TriageSort['direction']>> = {
  gri: 'descending',
  name: 'ascending',
  target: 'ascending',
  below70: 'descending',
  below54: 'descending',
  gmi: 'descending',
  cv: 'descending',
  present: 'ascending',
  lastReading: 'ascending',
};

function sortValue(entry: TriageEntry, key: TriageSortKey): number | string | null {
  const { statistics } = entry;
  switch (key) {
    case 'gri':
      return entry.gri?.gri ?? null;
    case 'name':
      return entry.displayName;
    case 'target':
      return statistics.timeInRanges?.targetPercent ?? null;
    case 'below70':
      return statistics.timeInRanges?.below70Percent ?? null;
    case 'below54':
      return statistics.timeInRanges?.veryLowPercent ?? null;
    case 'gmi':
      return statistics.gmiPercent;
    case 'cv':
      return statistics.cvPercent;
    case 'present':
      return statistics.sufficiency.presentPercent;
    case 'lastReading':
      return entry.lastReadingTime === null ? null : Date.parse(entry.lastReadingTime);
  }
}

function compareValues(a: number | string, b: number | string): number {
  if (typeof a === 'string' && typeof b === 'string') {
    return a.localeCompare(b, 'en-GB', { sensitivity: 'base' });
  }
  return Number(a) - Number(b);
}

/**
 * Returns the entries sorted by one column. Entries without the value (no readings) come
 * last in either direction; ties keep the API's order, which is by GRI.
 */
export function sortTriage(entries: readonly TriageEntry[], sort: TriageSort): TriageEntry[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return entries
    .map((entry, index) => ({ entry, index, value: sortValue(entry, sort.key) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) {
        if (a.value === b.value) {
          return a.index - b.index;
        }
        return a.value === null ? 1 : -1;
      }
      return sign * compareValues(a.value, b.value) || a.index - b.index;
    })
    .map(({ entry }) => entry);
}

/** Triage filters; each one that is off lets every entry through. */
export interface TriageFilter {
  /** Part of the patient's name, any case; empty matches all. */
  name: string;
  /** Only patients who miss at least one consensus target. */
  missedTargetsOnly: boolean;
  /** Only patients not reviewed since their last reading. */
  unreviewedOnly: boolean;
}

/** No filter. */
export const NO_TRIAGE_FILTER: TriageFilter = {
  name: '',
  missedTargetsOnly: false,
  unreviewedOnly: false,
};

/**
 * Checks whether a patient still needs a review: never reviewed, or data newer than the last review.
 * A patient without readings needs one only when never reviewed.
 */
export function needsReview(entry: TriageEntry): boolean {
  if (entry.reviewedAt === null) {
    return true;
  }
  if (entry.lastReadingTime === null) {
    return false;
  }
  return Date.parse(entry.reviewedAt) < Date.parse(entry.lastReadingTime);
}

/** Returns the entries that pass every filter that is on, in their order. */
export function filterTriage(entries: readonly TriageEntry[], filter: TriageFilter): TriageEntry[] {
  const name = filter.name.trim().toLocaleLowerCase('en-GB');
  return entries.filter((entry) => {
    if (name !== '' && !entry.displayName.toLocaleLowerCase('en-GB').includes(name)) {
      return false;
    }
    if (filter.missedTargetsOnly && entry.missedTargets.length === 0) {
      return false;
    }
    return !filter.unreviewedOnly || needsReview(entry);
  });
}
