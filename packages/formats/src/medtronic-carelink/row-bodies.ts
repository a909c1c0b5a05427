import { CARELINK_COLUMNS, isWizardColumn, type CareLinkColumn } from './columns.ts';
import { EVENT_COLUMNS, parseTextEvent, parseWizard } from './event-bodies.ts';
import { parseBgReading, parseCalibration, parseSensorGlucose } from './glucose-bodies.ts';
import { parseAutoInsulin, parseBasalRate, parseBolus, parseTempBasal } from './insulin-bodies.ts';
import type { RecordBody } from './record-body.ts';
import type { RowCells } from './row-cells.ts';
import type { SectionKind } from './sections.ts';

const WIZARD_COLUMNS: readonly CareLinkColumn[] = CARELINK_COLUMNS.filter(isWizardColumn);
const TEMP_BASAL_COLUMNS: readonly CareLinkColumn[] = [
  'tempBasalAmount',
  'tempBasalType',
  'tempBasalDuration',
];

/**
 * Turns the cells of one data row into record bodies, in a fixed order: glucose, bolus, bolus
 * wizard, basal, temporary basal, then the text events. A row may give several (a Basal Rate
 * of 0 with a Suspend gives a `suspend` basal and a `suspend` event). A row with cells but none
 * this module reads gives one `other` event that keeps them all. Returns an empty list, after
 * recording any issue, when the row gives no record.
 */
export function parseBodies(cells: RowCells, section: SectionKind, wallMs: number): RecordBody[] {
  const bodies: (RecordBody | null)[] = [];
  if (cells.has('sensorGlucose')) bodies.push(parseSensorGlucose(cells));
  if (cells.has('sensorCalibrationBg')) bodies.push(parseCalibration(cells));
  if (cells.has('bgReading')) bodies.push(parseBgReading(cells));
  if (hasBolus(cells)) {
    bodies.push(section === 'autoInsulin' ? parseAutoInsulin(cells, wallMs) : parseBolus(cells));
  }
  if (hasAny(cells, WIZARD_COLUMNS)) {
    bodies.push(parseWizard(cells));
  }
  if (cells.has('basalRate')) bodies.push(parseBasalRate(cells));
  if (hasAny(cells, TEMP_BASAL_COLUMNS)) {
    bodies.push(parseTempBasal(cells));
  }
  for (const [subType, column] of EVENT_COLUMNS) {
    if (cells.has(column)) bodies.push(parseTextEvent(cells, subType, column));
  }

  const found = bodies.filter((body): body is RecordBody => body !== null);
  if (found.length > 0 || bodies.length > 0) {
    return found;
  }
  if (Object.keys(cells.leftovers()).length > 0) {
    return [{ type: 'deviceEvent', subType: 'other', detail: null }];
  }
  cells.issue(null, 'Row contains no data after its date and time, so it is skipped.', 'warning');
  return [];
}

/** True when any cell of `columns` is not empty. */
function hasAny(cells: RowCells, columns: readonly CareLinkColumn[]): boolean {
  for (const column of columns) {
    if (cells.has(column)) {
      return true;
    }
  }
  return false;
}

function hasBolus(cells: RowCells): boolean {
  return cells.has('bolusType') || cells.has('bolusSelected') || cells.has('bolusDelivered');
}
