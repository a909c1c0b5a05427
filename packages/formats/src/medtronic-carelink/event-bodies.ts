import type { DeviceEventRecord, WizardRecord } from '@phoenix/domain';
import type { CareLinkColumn } from './columns.ts';
import { formatCarbs, formatUnits, isResumeText } from './formats.ts';
import { readGlucose } from './glucose-bodies.ts';
import type { Body } from './record-body.ts';
import type { RowCells } from './row-cells.ts';

/**
 * Bolus wizard limits after Tidepool's data platform: carbs 0–1000 g, insulin-to-carb ratio
 * 0–250 g/U, insulin on board 0–250 U; a recommendation within the bolus limit of 100 U.
 */
const WIZARD_LIMITS = { carbs: 1000, ratio: 250, insulinOnBoard: 250, recommended: 100 };

/**
 * Reads a bolus wizard row. The carbs and the ratio are read only when the pump counts in
 * grams (`BWZ Carb Input (grams)`). With exchanges they stay verbatim. A BG input of 0 means
 * that no BG was entered, so it stays verbatim too.
 */
export function parseWizard(cells: RowCells): Body<WizardRecord> {
  const decimalComma = cells.context.decimalComma;
  const units = (value: number): string => formatUnits(value, decimalComma);
  const grams = (value: number): string => formatCarbs(value, decimalComma);
  const bgText = cells.text('bwzBgInput');
  const ratio = cells.number('bwzCarbRatio', { min: 0, max: WIZARD_LIMITS.ratio, format: grams });
  return {
    type: 'wizard',
    carbsGrams: cells.number('bwzCarbInput', { min: 0, max: WIZARD_LIMITS.carbs, format: grams }),
    recommendedUnits: cells.number('bwzEstimate', {
      min: 0,
      max: WIZARD_LIMITS.recommended,
      format: units,
    }),
    bgInputMgDl: /^0+([.,]0*)?$/.test(bgText) ? null : readGlucose(cells, 'bwzBgInput', false),
    insulinOnBoardUnits: cells.number('bwzActiveInsulin', {
      min: 0,
      max: WIZARD_LIMITS.insulinOnBoard,
      format: units,
    }),
    insulinCarbRatio: ratio === 0 ? null : ratio,
  };
}

/** Device events that one text column of the Pump section records, by subType. */
export const EVENT_COLUMNS = [
  ['suspend', 'suspend'],
  ['reservoirChange', 'rewind'],
  ['prime', 'primeType'],
  ['alarm', 'alert'],
  ['alarmCleared', 'userClearedAlerts'],
  ['sensorException', 'sensorException'],
  ['eventMarker', 'eventMarker'],
  ['timeChange', 'newDeviceTime'],
] as const satisfies readonly (readonly [string, CareLinkColumn])[];

export type EventColumn = (typeof EVENT_COLUMNS)[number][1];

/**
 * Reads the device event that a text column records, with the text as `detail`: `suspend` (or
 * `resume`), `reservoirChange` (Rewind), `prime` (Prime Type), `alarm` (Alert), `alarmCleared`
 * (User Cleared Alerts), `sensorException`, `eventMarker` and `timeChange` (New Device Time).
 */
export function parseTextEvent(
  cells: RowCells,
  subType: string,
  column: EventColumn,
): Body<DeviceEventRecord> {
  const detail = cells.text(column);
  cells.take(column);
  const resumed = column === 'suspend' && isResumeText(detail);
  return { type: 'deviceEvent', subType: resumed ? 'resume' : subType, detail };
}
