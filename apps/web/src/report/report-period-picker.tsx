import { useId, useState, type FormEvent } from 'react';

import { REPORT_LENGTHS, type ReportPeriodChoice } from './report-period.ts';

/** Props of `ReportPeriodPicker`. */
export interface ReportPeriodPickerProps {
  choice: ReportPeriodChoice;
  onChange: (choice: ReportPeriodChoice) => void;
  /** Names the form for screen readers, for example "Period A". */
  label: string;
}

/**
 * Renders a form that chooses a report period by its last local day and its length in days.
 * It rejects an empty date with a message and applies nothing then.
 */
export function ReportPeriodPicker({ choice, onChange, label }: ReportPeriodPickerProps) {
  const dateId = useId();
  const lengthId = useId();
  const errorId = useId();
  const [lastDate, setLastDate] = useState(choice.lastDate);
  const [days, setDays] = useState(choice.days);
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (lastDate === '') {
      setError('Enter the last day of the period.');
      return;
    }
    setError(null);
    onChange({ lastDate, days });
  };

  return (
    <form
      onSubmit={submit}
      aria-label={label}
      className="flex flex-wrap items-end gap-3 print:hidden"
    >
      <div className="flex flex-col">
        <label htmlFor={lengthId} className="text-sm">
          Length
        </label>
        <select
          id={lengthId}
          value={days}
          onChange={(event) => setDays(Number(event.target.value))}
          className="rounded border border-slate-300 bg-white px-2 py-1"
        >
          {REPORT_LENGTHS.map((length) => (
            <option key={length} value={length}>
              {length} days
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col">
        <label htmlFor={dateId} className="text-sm">
          Last day
        </label>
        <input
          id={dateId}
          type="date"
          value={lastDate}
          onChange={(event) => setLastDate(event.target.value)}
          aria-describedby={error === null ? undefined : errorId}
          className="rounded border border-slate-300 px-2 py-1"
        />
      </div>
      <button
        type="submit"
        className="rounded bg-blue-700 px-3 py-1.5 text-white hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
      >
        Show period
      </button>
      {error !== null && (
        <p id={errorId} role="alert" className="w-full text-sm text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
