import { useId, useState, type FormEvent } from 'react';

import { zonedIsoDate } from '../time/time-zone.ts';
import type { TimePeriod } from './date-range.ts';

/** Props of `CustomRangeForm`. */
export interface CustomRangeFormProps {
  timeZone: string;
  /** The period shown now; its local dates fill the form at first. */
  initialPeriod: TimePeriod;
  /** Receives the chosen local dates (`YYYY-MM-DD`), start on or before end. */
  onApply: (fromDate: string, toDate: string) => void;
}

/**
 * Start and end date inputs (whole local days, end inclusive) and an Apply button. It
 * rejects an empty date or an end before the start with a message, and applies nothing then.
 */
export function CustomRangeForm({ timeZone, initialPeriod, onApply }: CustomRangeFormProps) {
  const fromId = useId();
  const toId = useId();
  const errorId = useId();
  const [fromDate, setFromDate] = useState(() => zonedIsoDate(timeZone, initialPeriod.fromMs));
  // The period's end is exclusive, so its last day is the day of the instant just before it.
  const [toDate, setToDate] = useState(() => zonedIsoDate(timeZone, initialPeriod.toMs - 1));
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (fromDate === '' || toDate === '') {
      setError('Enter both a start date and an end date.');
      return;
    }
    if (toDate < fromDate) {
      setError('The end date must be on or after the start date.');
      return;
    }
    setError(null);
    onApply(fromDate, toDate);
  };

  const describedBy = error === null ? undefined : errorId;
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Custom dates">
      <div className="flex flex-col">
        <label htmlFor={fromId} className="text-sm">
          Start date
        </label>
        <input
          id={fromId}
          type="date"
          value={fromDate}
          onChange={(event) => setFromDate(event.target.value)}
          aria-describedby={describedBy}
          className="rounded border border-slate-300 px-2 py-1"
        />
      </div>
      <div className="flex flex-col">
        <label htmlFor={toId} className="text-sm">
          End date (inclusive)
        </label>
        <input
          id={toId}
          type="date"
          value={toDate}
          onChange={(event) => setToDate(event.target.value)}
          aria-describedby={describedBy}
          className="rounded border border-slate-300 px-2 py-1"
        />
      </div>
      <button
        type="submit"
        className="rounded bg-blue-700 px-3 py-1.5 text-white hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
      >
        Apply
      </button>
      {error !== null && (
        <p id={errorId} role="alert" className="w-full text-sm text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
