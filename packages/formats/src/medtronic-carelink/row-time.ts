import { parseLocalDateTime, wallTimeCandidates } from '@phoenix/domain';
import type { RowTime } from './build-records.ts';
import { parseCareLinkDate } from './dialect.ts';
import type { RowCells } from './row-cells.ts';
import { parseClockTime } from './values.ts';

/**
 * Reads the Date and Time cells of a row and resolves them in the pump's zone. CareLink has
 * no clock independent of the pump's, so a time in the repeated autumn hour is `ambiguous` (the
 * earlier instant is used) and one in the spring gap `nonexistent`. Records an issue and returns
 * null when either cell is invalid.
 *
 * NOTE: both passes of a repeated wall time (sensor rows at 02:55:00 twice) get the same instant
 * and so the same identity hash, so a store that deduplicates by identity keeps one of them.
 * The newest-first order of the rows would tell the passes apart, but it is not used.
 */
export function readRowTime(cells: RowCells): RowTime | null {
  const date = parseCareLinkDate(cells.text('date'));
  const clock = parseClockTime(cells.text('time'));
  if (date === null) {
    const message = 'Invalid date. Expected YYYY/MM/DD, YYYY-MM-DD, DD.MM.YYYY or DD.MM.YY.';
    cells.issue('date', message, 'error');
    return null;
  }
  if (clock === null) {
    cells.issue('time', 'Invalid time. Expected HH:mm:ss.', 'error');
    return null;
  }
  const pad = (value: number): string => String(value).padStart(2, '0');
  const deviceTime = `${date.year}-${pad(date.month)}-${pad(date.day)}T${clock}`;
  const wallMs = parseLocalDateTime(deviceTime);
  if (wallMs === null) {
    cells.issue('date', 'Invalid date. The day does not exist in that month.', 'error');
    return null;
  }
  const candidates = wallTimeCandidates(wallMs, cells.context.timezone);
  return { deviceTime, wallMs, instantMs: candidates.instantMs, resolution: candidates.kind };
}
