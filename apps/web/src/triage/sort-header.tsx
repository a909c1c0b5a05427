import type { ReactNode } from 'react';

import { FIRST_DIRECTION, type TriageSort, type TriageSortKey } from './triage-sort.ts';

/** Props of `SortHeader`. */
export interface SortHeaderProps {
  sortKey: TriageSortKey;
  sort: TriageSort;
  onSort: (sort: TriageSort) => void;
  children: ReactNode;
}

/**
 * Renders a column header whose button sorts the table by the column; a second press reverses
 * the direction. The header carries `aria-sort` while the table is sorted by it.
 */
export function SortHeader({ sortKey, sort, onSort, children }: SortHeaderProps) {
  const active = sort.key === sortKey;
  const press = () => {
    if (!active) {
      onSort({ key: sortKey, direction: FIRST_DIRECTION[sortKey] });
      return;
    }
    onSort({
      key: sortKey,
      direction: sort.direction === 'ascending' ? 'descending' : 'ascending',
    });
  };
  let arrow = '';
  if (active) {
    arrow = sort.direction === 'ascending' ? ' ▲' : ' ▼';
  }
  return (
    <th scope="col" aria-sort={active ? sort.direction : undefined} className="px-2 py-2">
      <button
        type="button"
        onClick={press}
        className="text-left font-semibold hover:underline focus-visible:outline-2 focus-visible:outline-blue-600"
      >
        {children}
        <span aria-hidden="true">{arrow}</span>
      </button>
    </th>
  );
}
