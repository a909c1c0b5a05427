import type { WallTime } from './build-records.ts';
import { parseCareLinkDate } from './dialect.ts';
import type { RowCells } from './row-cells.ts';
import { parseClockTime } from './values.ts';

/**
 * Reads the Date and Time cells of a row as a wall-clock time of the pump. Records an issue
 * and returns null when either cell is invalid. The caller resolves it in the pump's zone.
 */
export function readWallTime(cells: RowCells): WallTime | null {
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
  const dayMs = Date.UTC(date.year, date.month - 1, date.day);
  if (date.month < 1 || date.month > 12 || new Date(dayMs).getUTCDate() !== date.day) {
    cells.issue('date', 'Invalid date. The day does not exist in that month.', 'error');
    return null;
  }
  const deviceTime = `${date.year}-${pad(date.month)}-${pad(date.day)}T${clock}`;
  const seconds =
    Number(clock.slice(0, 2)) * 3600 + Number(clock.slice(3, 5)) * 60 + Number(clock.slice(6, 8));
  return { deviceTime, wallMs: dayMs + seconds * 1000 };
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
