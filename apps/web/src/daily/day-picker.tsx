import { useId } from 'react';

import { addDaysToIsoDate } from '../time/time-zone.ts';

/** Props of `DayPicker`. */
export interface DayPickerProps {
  /** The local date shown, `YYYY-MM-DD`. */
  date: string;
  /** The last date with data; "Next day" stops there. */
  lastDate: string;
  onChange: (date: string) => void;
}

const BUTTON =
  'rounded border border-slate-300 bg-white px-3 py-1 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600 disabled:opacity-50';

/** Renders "Previous day" and "Next day" buttons around a date input. */
export function DayPicker({ date, lastDate, onChange }: DayPickerProps) {
  const inputId = useId();
  return (
    <div className="flex flex-wrap items-end gap-2">
      <button type="button" className={BUTTON} onClick={() => onChange(addDaysToIsoDate(date, -1))}>
        Previous day
      </button>
      <div className="flex flex-col">
        <label htmlFor={inputId} className="text-sm">
          Day
        </label>
        <input
          id={inputId}
          type="date"
          value={date}
          max={lastDate}
          onChange={(event) => {
            if (event.target.value !== '') onChange(event.target.value);
          }}
          className="rounded border border-slate-300 px-2 py-1"
        />
      </div>
      <button
        type="button"
        className={BUTTON}
        disabled={date >= lastDate}
        onClick={() => onChange(addDaysToIsoDate(date, 1))}
      >
        Next day
      </button>
    </div>
  );
}
