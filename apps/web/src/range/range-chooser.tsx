import { useState } from 'react';

import { formatZonedDateTime } from '../time/time-zone.ts';
import { CustomRangeForm } from './custom-range-form.tsx';
import { PRESET_RANGE_DAYS, selectionPeriod, type RangeSelection } from './date-range.ts';

/** Props of `RangeChooser`. */
export interface RangeChooserProps {
  selection: RangeSelection;
  onChange: (selection: RangeSelection) => void;
  /** IANA time zone of the patient; custom dates are local dates in it. */
  timeZone: string;
  /** ISO instant of the patient's last reading; presets end there. */
  lastReadingTime: string;
}

const CUSTOM = 'custom';

/**
 * Radio buttons for the last 1, 3, 7 or 14 days before the last reading, or custom dates,
 * and a line that states the period shown in the patient's local time.
 */
export function RangeChooser({
  selection,
  onChange,
  timeZone,
  lastReadingTime,
}: RangeChooserProps) {
  const [customOpen, setCustomOpen] = useState(selection.kind === 'custom');
  const period = selectionPeriod(selection, timeZone, lastReadingTime);
  const checked = customOpen || selection.kind === 'custom' ? CUSTOM : String(selection.days);

  return (
    <div className="space-y-3">
      <fieldset className="flex flex-wrap items-center gap-3">
        <legend className="mb-1 font-semibold">Range</legend>
        {PRESET_RANGE_DAYS.map((days) => (
          <label key={days} className="flex items-center gap-1">
            <input
              type="radio"
              name="range"
              value={days}
              checked={checked === String(days)}
              onChange={() => {
                setCustomOpen(false);
                onChange({ kind: 'preset', days });
              }}
            />
            Last {days === 1 ? 'day' : `${days} days`}
          </label>
        ))}
        <label className="flex items-center gap-1">
          <input
            type="radio"
            name="range"
            value={CUSTOM}
            checked={checked === CUSTOM}
            onChange={() => setCustomOpen(true)}
          />
          Custom dates
        </label>
      </fieldset>
      {checked === CUSTOM && (
        <CustomRangeForm
          timeZone={timeZone}
          initialPeriod={period}
          onApply={(fromDate, toDate) => onChange({ kind: 'custom', fromDate, toDate })}
        />
      )}
      <p className="text-sm text-slate-600">
        Showing {formatZonedDateTime(timeZone, period.fromMs)} to{' '}
        {formatZonedDateTime(timeZone, period.toMs)} ({timeZone} time).
      </p>
    </div>
  );
}
