import { formatCsvField } from '../core/csv-writer.ts';
import type { CsvLayout } from '../core/types.ts';
import type { CareLinkSettings } from './preamble.ts';
import type { SectionKind } from './sections.ts';

/** Patient details for the preamble. Records never hold them. */
export interface CareLinkPatient {
  lastName?: string;
  firstName?: string;
  patientId?: string;
  systemId?: string;
  /** Date of birth as CareLink writes it. */
  dateOfBirth?: string;
}

/**
 * Returns the three preamble rows and the two blank lines after them, with English labels.
 * CareLink quotes the first seven cells of the second row and no other preamble cell.
 */
export function preambleLines(
  settings: CareLinkSettings,
  patient: CareLinkPatient,
  layout: CsvLayout,
): string {
  const plain = (cells: (string | null)[]): string =>
    cells.map((cell) => formatCsvField(cell ?? '', layout)).join(layout.separator);
  const quoted = (cells: (string | null)[]): string =>
    cells.map((cell) => `"${(cell ?? '').replaceAll('"', '""')}"`).join(layout.separator);

  const first = plain([
    'Last Name',
    'First Name',
    'Patient ID',
    'System ID',
    'Start Date',
    'End Date',
    'Device',
    settings.device,
    'Hardware Version',
    settings.hardwareVersion,
    'Firmware Version',
    settings.firmwareVersion,
  ]);
  const second =
    quoted([
      patient.lastName ?? '',
      patient.firstName ?? '',
      patient.patientId ?? '',
      patient.systemId ?? '',
      settings.startDate,
      settings.endDate,
      'Serial Number',
    ]) +
    layout.separator +
    plain([settings.serialNumber, 'Software Version', settings.softwareVersion]);
  const third = plain([
    'Patient DOB',
    patient.dateOfBirth ?? '',
    '',
    '',
    '',
    '',
    'CGM',
    settings.cgm,
  ]);
  const end = layout.lineEnding;
  return `${first}${end}${second}${end}${third}${end}${end}${end}`;
}

/**
 * Returns a section title row: `-------;DEVICE;Pump;SERIAL;------- `, with `Sensor` for the
 * sensor section and `Aggregated Auto Insulin Data ` closing the auto insulin one. CareLink ends
 * the last cell with a space.
 */
export function sectionTitle(
  kind: SectionKind,
  settings: CareLinkSettings,
  layout: CsvLayout,
): string {
  const last = kind === 'autoInsulin' ? 'Aggregated Auto Insulin Data ' : '------- ';
  const cells = [
    '-------',
    settings.device ?? '',
    kind === 'sensor' ? 'Sensor' : 'Pump',
    settings.serialNumber ?? '',
    last,
  ];
  return (
    cells.map((cell) => formatCsvField(cell, layout)).join(layout.separator) + layout.lineEnding
  );
}
