import { PLAUSIBILITY, type CbgRecord, type SmbgRecord } from '@phoenix/domain';
import type { CareLinkColumn, GlucoseUnits } from './columns.ts';
import { formatGlucose, toMgDl } from './formats.ts';
import type { Body } from './record-body.ts';
import type { RowCells } from './row-cells.ts';

const MAX_GLUCOSE_MG_DL = PLAUSIBILITY.glucoseMgDl.max;

/** Returns the glucose unit of `column` in this file's header. */
export function columnUnits(cells: RowCells, column: CareLinkColumn): GlucoseUnits {
  return cells.context.header.units.get(column) ?? 'mg/dL';
}

/**
 * Reads a glucose cell in the file's unit and returns mg/dL. The limits are 0–1000 mg/dL
 * converted into the file's unit.
 */
export function readGlucose(
  cells: RowCells,
  column: CareLinkColumn,
  required: boolean,
): number | null {
  const units = columnUnits(cells, column);
  const limit = units === 'mmol/L' ? MAX_GLUCOSE_MG_DL / 18.01559 : MAX_GLUCOSE_MG_DL;
  const value = cells.number(column, {
    min: 0,
    max: limit,
    required,
    format: (read) => formatGlucose(toMgDl(read, units), units, cells.context.decimalComma),
  });
  return value === null ? null : toMgDl(value, units);
}

/** Reads a Sensor Glucose cell as a CGM reading. */
export function parseSensorGlucose(cells: RowCells): Body<CbgRecord> | null {
  const valueMgDl = readGlucose(cells, 'sensorGlucose', true);
  if (valueMgDl === null) {
    return null;
  }
  return {
    type: 'cbg',
    valueMgDl,
    outOfRange: null,
    thresholdMgDl: null,
    sourceUnits: columnUnits(cells, 'sensorGlucose'),
  };
}

/**
 * Reads a BG Reading as a fingerstick: `linked` when a meter ID is given (the meter sent it to
 * the pump), `manual` otherwise.
 */
export function parseBgReading(cells: RowCells): Body<SmbgRecord> | null {
  const valueMgDl = readGlucose(cells, 'bgReading', true);
  if (valueMgDl === null) {
    return null;
  }
  return {
    type: 'smbg',
    subType: cells.has('linkedMeterId') ? 'linked' : 'manual',
    valueMgDl,
    outOfRange: null,
    thresholdMgDl: null,
    sourceUnits: columnUnits(cells, 'bgReading'),
  };
}

/** Reads a Sensor Calibration BG as a calibration. */
export function parseCalibration(cells: RowCells): Body<SmbgRecord> | null {
  const valueMgDl = readGlucose(cells, 'sensorCalibrationBg', true);
  if (valueMgDl === null) {
    return null;
  }
  return {
    type: 'smbg',
    subType: 'calibration',
    valueMgDl,
    outOfRange: null,
    thresholdMgDl: null,
    sourceUnits: columnUnits(cells, 'sensorCalibrationBg'),
  };
}
