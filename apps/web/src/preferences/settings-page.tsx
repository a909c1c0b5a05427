import { useId, useMemo, useState, type FormEvent } from 'react';

import type { GlucoseUnit } from '../units/glucose-units.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { browserTimeZone, usePreferences } from './preferences-context.tsx';

const PATIENT_ZONE = '';
const UNITS: readonly GlucoseUnit[] = ['mg/dL', 'mmol/L'];

/** Returns every IANA zone the browser supports, and the current choice even if it is not one. */
function zoneOptions(current: string | null): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return current === null || zones.includes(current) ? zones : [current, ...zones];
}

/**
 * Renders the settings page: the glucose unit and the time zone every view uses, saved to the
 * user's profile with `PATCH /api/v1/me`.
 */
export function SettingsPage() {
  const preferences = usePreferences();
  const headingId = useId();
  const zoneId = useId();
  const [unit, setUnit] = useState<GlucoseUnit>(preferences.unit);
  const [zone, setZone] = useState(preferences.timeZone ?? PATIENT_ZONE);
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved' | 'failed'>('idle');
  const zones = useMemo(() => zoneOptions(preferences.timeZone), [preferences.timeZone]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setStatus('saving');
    preferences.save({ glucoseUnit: unit, timezone: zone === PATIENT_ZONE ? null : zone }).then(
      () => setStatus('saved'),
      () => setStatus('failed'),
    );
  };

  return (
    <section aria-labelledby={headingId} className="max-w-xl space-y-4">
      <h1 id={headingId} className="text-2xl font-bold">
        Settings
      </h1>
      <form onSubmit={submit} className="space-y-4">
        <fieldset className="space-y-1">
          <legend className="font-semibold">Glucose unit</legend>
          {UNITS.map((option) => (
            <label key={option} className="flex items-center gap-2">
              <input
                type="radio"
                name="settings-unit"
                value={option}
                checked={unit === option}
                onChange={() => setUnit(option)}
              />
              {option}
            </label>
          ))}
        </fieldset>
        <div className="flex flex-col gap-1">
          <label htmlFor={zoneId} className="font-semibold">
            Time zone
          </label>
          <select
            id={zoneId}
            value={zone}
            onChange={(event) => setZone(event.target.value)}
            className="rounded border border-slate-300 bg-white px-2 py-1"
          >
            <option value={PATIENT_ZONE}>
              Each patient&apos;s own time zone (others in {browserTimeZone()})
            </option>
            {zones.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          disabled={status === 'saving'}
          className="rounded bg-blue-700 px-4 py-2 text-white hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 disabled:opacity-60"
        >
          Save settings
        </button>
        <p role="status" className="text-sm text-slate-700">
          {status === 'saving' && 'Saving…'}
          {status === 'saved' && 'Settings saved.'}
        </p>
      </form>
      {status === 'failed' && preferences.saveError !== null && (
        <ErrorMessage title="The settings could not be saved." error={preferences.saveError} />
      )}
    </section>
  );
}
