import { formatZonedTime } from '../time/format-time.ts';
import { formatGlucose, type GlucoseUnit } from '../units/glucose-units.ts';
import type { DailyRecords } from './daily-records.ts';

/** Props of `TreatmentTable`. */
export interface TreatmentTableProps {
  records: DailyRecords;
  timeZone: string;
  unit: GlucoseUnit;
}

interface TreatmentRow {
  timeMs: number;
  kind: string;
  details: string;
}

function formatDuration(durationMs: number): string {
  const minutes = Math.round(durationMs / 60_000);
  if (minutes < 60) {
    return `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

function bolusDetails(bolus: DailyRecords['boluses'][number]): string {
  const parts: string[] = [];
  if (bolus.normalUnits !== null) {
    parts.push(`${bolus.normalUnits} U`);
  }
  if (bolus.extendedUnits !== null) {
    const over = bolus.durationMs === null ? '' : ` over ${formatDuration(bolus.durationMs)}`;
    parts.push(`${bolus.extendedUnits} U extended${over}`);
  }
  return parts.join(' + ') || 'Amount not recorded';
}

function basalDetails(segment: DailyRecords['basal'][number]): string {
  const duration =
    segment.endMs === null ? '' : ` for ${formatDuration(segment.endMs - segment.startMs)}`;
  const type = segment.deliveryType === null ? '' : ` (${segment.deliveryType})`;
  return `${segment.rateUnitsPerHour} U/h${duration}${type}`;
}

/** Collects every treatment and event of the day as table rows, in time order. */
function treatmentRows(records: DailyRecords, unit: GlucoseUnit): TreatmentRow[] {
  const rows: TreatmentRow[] = [
    ...records.boluses.map((bolus) => ({
      timeMs: bolus.timeMs,
      kind: bolus.insulinKind === null ? 'Bolus' : `Bolus (${bolus.insulinKind})`,
      details: bolusDetails(bolus),
    })),
    ...records.basal.map((segment) => ({
      timeMs: segment.startMs,
      kind: 'Basal',
      details: basalDetails(segment),
    })),
    ...records.carbs.map((event) => ({
      timeMs: event.timeMs,
      kind: 'Carbs',
      details: `${event.carbsGrams} g`,
    })),
    ...records.fingersticks.map((event) => ({
      timeMs: event.timeMs,
      kind: event.subType === 'calibration' ? 'Calibration' : 'Fingerstick',
      details: formatGlucose(event.valueMgDl, unit),
    })),
    ...records.events.map((event) => {
      const detail = event.detail === null ? '' : ` (${event.detail})`;
      const duration = event.durationMs === null ? '' : `, ${formatDuration(event.durationMs)}`;
      return {
        timeMs: event.timeMs,
        kind: 'Event',
        details: `${event.subType}${detail}${duration}`,
      };
    }),
  ];
  return rows.sort((a, b) => a.timeMs - b.timeMs);
}

/** Renders the day's boluses, basal rates, carbs, fingersticks and events as one table. */
export function TreatmentTable({ records, timeZone, unit }: TreatmentTableProps) {
  const rows = treatmentRows(records, unit);
  if (rows.length === 0) {
    return <p className="text-sm">No insulin, carbs or events are recorded on this day.</p>;
  }
  return (
    <table className="text-sm">
      <caption className="text-left font-semibold">Treatments and events</caption>
      <thead>
        <tr className="text-left">
          <th scope="col" className="pr-4">
            Time
          </th>
          <th scope="col" className="pr-4">
            Type
          </th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={`${row.timeMs}-${index}`} className="border-t border-slate-200">
            <td className="pr-4 tabular-nums">{formatZonedTime(timeZone, row.timeMs)}</td>
            <td className="pr-4">{row.kind}</td>
            <td>{row.details}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
