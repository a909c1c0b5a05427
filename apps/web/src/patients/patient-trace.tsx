import { useState } from 'react';

import { DEFAULT_RANGE_DAYS, selectionPeriod, type RangeSelection } from '../range/date-range.ts';
import { RangeChooser } from '../range/range-chooser.tsx';
import type { GlucoseUnit } from '../units/glucose-units.ts';
import { PatientReadings } from './patient-readings.tsx';

/** Props of `PatientTrace`. */
export interface PatientTraceProps {
  patientId: string;
  /** ISO instant of the patient's last reading; presets end there. */
  lastReadingTime: string;
  /** IANA zone in which times and custom dates are shown. */
  timeZone: string;
  unit: GlucoseUnit;
}

/**
 * Renders the range chooser (14 days ending at the last reading by default), then the trace
 * and the statistics of the chosen range.
 */
export function PatientTrace({ patientId, lastReadingTime, timeZone, unit }: PatientTraceProps) {
  const [selection, setSelection] = useState<RangeSelection>({
    kind: 'preset',
    days: DEFAULT_RANGE_DAYS,
  });
  return (
    <>
      <RangeChooser
        selection={selection}
        onChange={setSelection}
        timeZone={timeZone}
        lastReadingTime={lastReadingTime}
      />
      <PatientReadings
        patientId={patientId}
        timeZone={timeZone}
        period={selectionPeriod(selection, timeZone, lastReadingTime)}
        unit={unit}
      />
    </>
  );
}
