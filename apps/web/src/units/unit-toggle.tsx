import type { GlucoseUnit } from './glucose-units.ts';

/** Props of `UnitToggle`. */
export interface UnitToggleProps {
  unit: GlucoseUnit;
  onChange: (unit: GlucoseUnit) => void;
}

const UNITS: readonly GlucoseUnit[] = ['mg/dL', 'mmol/L'];

/** Radio buttons that switch glucose values between mg/dL and mmol/L. */
export function UnitToggle({ unit, onChange }: UnitToggleProps) {
  return (
    <fieldset className="flex items-center gap-3">
      <legend className="sr-only">Glucose unit</legend>
      <span aria-hidden="true" className="text-sm text-slate-600">
        Unit
      </span>
      {UNITS.map((option) => (
        <label key={option} className="flex items-center gap-1">
          <input
            type="radio"
            name="glucose-unit"
            value={option}
            checked={unit === option}
            onChange={() => onChange(option)}
          />
          {option}
        </label>
      ))}
    </fieldset>
  );
}
