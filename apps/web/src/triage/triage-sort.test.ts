import { describe, expect, it } from 'vitest';

import type { TriageEntry } from '../api/triage-api.ts';
import { triageEntries } from '../test/role-fixtures.ts';
import {
  filterTriage,
  needsReview,
  NO_TRIAGE_FILTER,
  sortTriage,
  type TriageSortKey,
} from './triage-sort.ts';

const [second, demo] = triageEntries as [TriageEntry, TriageEntry];
const noReadings: TriageEntry = {
  ...demo,
  patientId: 'no-readings',
  displayName: 'Ann Empty',
  lastReadingTime: null,
  gri: null,
  reviewedAt: null,
  missedTargets: [],
  statistics: { ...demo.statistics, timeInRanges: null, gmiPercent: null, cvPercent: null },
};
const entries = [second, demo, noReadings];

function names(sorted: TriageEntry[]): string[] {
  return sorted.map((entry) => entry.displayName);
}

describe('sortTriage', () => {
  it('keeps entries without values last', () => {
    const cases: [TriageSortKey, 'ascending' | 'descending', string[]][] = [
      ['gri', 'descending', ['Second Patient', 'Demo Patient', 'Ann Empty']],
      ['gri', 'ascending', ['Demo Patient', 'Second Patient', 'Ann Empty']],
      ['target', 'ascending', ['Second Patient', 'Demo Patient', 'Ann Empty']],
      ['below54', 'descending', ['Second Patient', 'Demo Patient', 'Ann Empty']],
      ['lastReading', 'ascending', ['Demo Patient', 'Second Patient', 'Ann Empty']],
    ];
    for (const [key, direction, expected] of cases) {
      expect(names(sortTriage(entries, { key, direction })), `${key} ${direction}`).toEqual(
        expected,
      );
    }
  });

  it('sorts names alphabetically', () => {
    expect(names(sortTriage(entries, { key: 'name', direction: 'ascending' }))).toEqual([
      'Ann Empty',
      'Demo Patient',
      'Second Patient',
    ]);
  });
});

describe('filterTriage', () => {
  it('matches part of a name in any case', () => {
    expect(names(filterTriage(entries, { ...NO_TRIAGE_FILTER, name: ' demo ' }))).toEqual([
      'Demo Patient',
    ]);
  });

  it('keeps patients who miss a target', () => {
    const filtered = filterTriage(entries, { ...NO_TRIAGE_FILTER, missedTargetsOnly: true });
    expect(names(filtered)).toEqual(['Second Patient', 'Demo Patient']);
  });

  it('keeps patients needing a review', () => {
    const filtered = filterTriage(entries, { ...NO_TRIAGE_FILTER, unreviewedOnly: true });
    expect(names(filtered)).toEqual(['Second Patient', 'Ann Empty']);
  });
});

describe('needsReview', () => {
  it('compares the review with the last reading', () => {
    expect(needsReview(demo)).toBe(false);
    expect(needsReview({ ...demo, reviewedAt: '2019-03-17T09:00:00.000Z' })).toBe(true);
    expect(needsReview({ ...noReadings, reviewedAt: '2019-03-17T09:00:00.000Z' })).toBe(false);
  });
});
