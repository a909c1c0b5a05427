import { mmolLToMgDl } from '@phoenix/domain';
import type { CsvRow } from '../core/csv-tokenizer.ts';
import type { ReadIssue } from '../core/types.ts';
import type { ClarityEvent, ClarityUnits } from './dialect.ts';
import { cell, rowIssue, type RowContext } from './row-context.ts';
import { parseDecimal, parseDurationMs } from './values.ts';

/** One alert setting from the preamble, in canonical units. */
export interface ClarityAlertSetting {
  /** Alert name as the file writes it: `Urgent Low`, `Rise`, `Signal Loss`. */
  name: string;
  thresholdMgDl: number | null;
  rateMgDlPerMin: number | null;
  durationMs: number | null;
}

/**
 * The `settings` of the `cgmSettings` record read from a Clarity preamble. Patient names are
 * never read: only the labels of the rows that carry them are kept, so a writer can write the
 * rows back with names supplied by its caller.
 */
export interface ClaritySettings {
  /** Device Info of the `Device` row: `Dexcom G6 Mobile App`. */
  deviceName: string | null;
  /** Source Device ID of the preamble: `Android G6`. */
  sourceDeviceId: string | null;
  /** Labels of the patient rows in file order: `FirstName`, `LastName`. */
  patientInfoRows: string[];
  /** Alert settings in file order. */
  alerts: ClarityAlertSetting[];
  /** Glucose unit of the file. */
  units: ClarityUnits;
}

/** Collects the preamble rows (those before the first timestamp) into settings. */
export class PreambleCollector {
  /** Line and Index of the first preamble row, for the settings record's provenance. */
  firstLine: number | null = null;
  firstRowId: string | null = null;
  private readonly settings: ClaritySettings;

  constructor(private readonly context: RowContext) {
    this.settings = {
      deviceName: null,
      sourceDeviceId: null,
      patientInfoRows: [],
      alerts: [],
      units: context.header.variant.units,
    };
  }

  /** Adds one preamble row; returns warnings for cells that could not be read. */
  add(row: CsvRow, event: ClarityEvent | null): ReadIssue[] {
    const issues: ReadIssue[] = [];
    if (this.firstLine === null) {
      this.firstLine = row.line;
      this.firstRowId = cell(this.context, row, 'index');
    }

    const sourceDeviceId = cell(this.context, row, 'sourceDeviceId');
    if (sourceDeviceId !== '' && this.settings.sourceDeviceId === null) {
      this.settings.sourceDeviceId = sourceDeviceId;
    }
    if (event === 'device') {
      this.settings.deviceName = cell(this.context, row, 'deviceInfo') || null;
    } else if (event === 'alert') {
      this.settings.alerts.push(this.readAlert(row, issues));
    } else {
      // FirstName, LastName or an unknown label: keep the label, never the patient's data.
      this.settings.patientInfoRows.push(cell(this.context, row, 'eventType'));
    }
    return issues;
  }

  /** True until the first preamble row is added. */
  get isEmpty(): boolean {
    return this.firstLine === null;
  }

  /** Returns a copy of the collected settings. */
  result(): ClaritySettings {
    return structuredClone(this.settings);
  }

  private readAlert(row: CsvRow, issues: ReadIssue[]): ClarityAlertSetting {
    const mmol = this.settings.units === 'mmol/L';
    const number = (column: 'glucose' | 'rate'): number | null => {
      const text = cell(this.context, row, column);
      if (text === '') {
        return null;
      }
      const value = parseDecimal(text, this.context.decimalComma);
      if (Number.isNaN(value)) {
        issues.push(
          rowIssue(
            this.context,
            row,
            column,
            'Invalid number. The setting is left empty.',
            'warning',
          ),
        );
        return null;
      }
      return mmol ? mmolLToMgDl(value) : value;
    };

    const durationText = cell(this.context, row, 'duration');
    let durationMs: number | null = null;
    if (durationText !== '') {
      durationMs = parseDurationMs(durationText);
      if (Number.isNaN(durationMs)) {
        issues.push(
          rowIssue(
            this.context,
            row,
            'duration',
            'Invalid duration. Expected hh:mm:ss.',
            'warning',
          ),
        );
        durationMs = null;
      }
    }
    return {
      name: cell(this.context, row, 'eventSubtype'),
      thresholdMgDl: number('glucose'),
      rateMgDlPerMin: number('rate'),
      durationMs,
    };
  }
}
