import { useState } from 'react';

import { ReadingsCsvButton } from '../export/readings-csv-button.tsx';
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
 * Renders the range chooser (14 days ending at the last reading by default), the CSV download
 * of the chosen range, then its trace and statistics.
 */
export function PatientTrace({ patientId, lastReadingTime, timeZone, unit }: PatientTraceProps) {
  const [selection, setSelection] = useState<RangeSelection>({
    kind: 'preset',
    days: DEFAULT_RANGE_DAYS,
  });
  const period = selectionPeriod(selection, timeZone, lastReadingTime);
  const query = {
    from: new Date(period.fromMs).toISOString(),
    to: new Date(period.toMs).toISOString(),
  };
  return (
    <>
      <RangeChooser
        selection={selection}
        onChange={setSelection}
        timeZone={timeZone}
        lastReadingTime={lastReadingTime}
      />
      <ReadingsCsvButton patientId={patientId} period={query} />
      <PatientReadings patientId={patientId} timeZone={timeZone} period={period} unit={unit} />
    </>
  );
}
