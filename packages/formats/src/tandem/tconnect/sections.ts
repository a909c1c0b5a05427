/**
 * The layout of a t:connect "Therapy Timeline" CSV export: a preamble, then sections separated
 * by a blank line, each with its own header row:
 *
 * ```
 * Tandem Diabetes Care Inc.
 * t:connect Therapy Timeline Data Export
 * Patient Name, Jane Doe
 * Patient DOB, 1/1/1990
 * Report Generated On, 4/24/2021 7:50:04 PM
 *
 * DeviceType,SerialNumber,Description,EventDateTime,Readings (CGM / BGM)
 * "t:slim X2 Insulin Pump","11111111","EGV","2021-04-01T00:01:33","235",
 *
 * Type,EventID,EventDateTime,IOB
 * "IOB","81","2021-04-01T00:00:19","13.24"
 *
 * Type,Description,BG,IOB,BolusRequestID,…,IsQuickBolus,EventHistoryReportEventDesc,…,Note
 * "Bolus","Standard/Correction","141",,"7001.000",…,"0","0","Correction & Food Bolus",…,"",
 * ```
 *
 * Data rows quote every non-empty cell. Reading and bolus rows end with a comma; IOB rows do
 * not. Bolus rows hold one value more than their header names, after IsQuickBolus.
 */

/** Format identifier of this module. */
export const TCONNECT_FORMAT_ID = 'tandem-tconnect';

/** The only variant: the Therapy Timeline export. */
export const TCONNECT_VARIANT = 'therapy-timeline';

export type SectionKind = 'readings' | 'iob' | 'bolus';

/** Sections in the order t:connect writes them. */
export const SECTION_ORDER: readonly SectionKind[] = ['readings', 'iob', 'bolus'];

/** Name this module gives the bolus rows' value that the header does not name. */
export const UNNAMED_BOLUS_COLUMN = '(unnamed after IsQuickBolus)';

/** Header rows as t:connect writes them. */
export const SECTION_HEADERS: Record<SectionKind, readonly string[]> = {
  readings: ['DeviceType', 'SerialNumber', 'Description', 'EventDateTime', 'Readings (CGM / BGM)'],
  iob: ['Type', 'EventID', 'EventDateTime', 'IOB'],
  bolus: [
    'Type',
    'Description',
    'BG',
    'IOB',
    'BolusRequestID',
    'BolusCompletionID',
    'CompletionDateTime',
    'InsulinDelivered',
    'FoodDelivered',
    'CorrectionDelivered',
    'CompletionStatusID',
    'CompletionStatusDesc',
    'BolusIsComplete',
    'BolexCompletionID',
    'BolexSize',
    'BolexStartDateTime',
    'BolexCompletionDateTime',
    'BolexInsulinDelivered',
    'BolexIOB',
    'BolexCompletionStatusID',
    'BolexCompletionStatusDesc',
    'ExtendedBolusIsComplete',
    'EventDateTime',
    'RequestDateTime',
    'BolusType',
    'BolusRequestOptions',
    'StandardPercent',
    'Duration',
    'CarbSize',
    'UserOverride',
    'TargetBG',
    'CorrectionFactor',
    'FoodBolusSize',
    'CorrectionBolusSize',
    'ActualTotalBolusRequested',
    'IsQuickBolus',
    'EventHistoryReportEventDesc',
    'EventHistoryReportDetails',
    'NoteID',
    'IndexID',
    'Note',
  ],
};

/** Whether the data rows of each section end with a separator. */
export const TRAILING_SEPARATOR: Record<SectionKind, boolean> = {
  readings: true,
  iob: false,
  bolus: true,
};

/** Preamble labels in the order t:connect writes them. */
export const PREAMBLE_LABELS = [
  'Tandem Diabetes Care Inc.',
  't:connect Therapy Timeline Data Export',
  'Patient Name',
  'Patient DOB',
  'Report Generated On',
] as const;

/** Returns what a row is: a known section header, another header (`unknown`), or null. */
export function sectionOfHeader(fields: readonly string[]): SectionKind | 'unknown' | null {
  // Checked before trimming every cell, because every data row of a file passes through here.
  const first = fields[0]?.trim();
  if (first !== 'Type' && first !== 'DeviceType') {
    return null;
  }
  const names = fields.map((field) => field.trim());
  if (first === 'DeviceType' && names.includes('EventDateTime') && names.some(isReadings)) {
    return 'readings';
  }
  if (names.includes('EventID') && names.includes('IOB')) {
    return 'iob';
  }
  if (names.includes('BolusRequestID') && names.includes('InsulinDelivered')) {
    return 'bolus';
  }
  return names.includes('EventDateTime') ? 'unknown' : null;
}

function isReadings(name: string): boolean {
  return name.startsWith('Readings');
}

/** True for a preamble row: its first cell is one of the preamble labels. */
export function isPreambleRow(fields: readonly string[]): boolean {
  const first = (fields[0] ?? '').trim();
  return (PREAMBLE_LABELS as readonly string[]).includes(first);
}

/**
 * Returns the names of a data row's cells: the header names, and for a bolus row with one
 * value more than those, the unnamed value after IsQuickBolus. A trailing empty cell (the row's
 * final comma) is not counted.
 */
export function rowNames(
  kind: SectionKind,
  header: readonly string[],
  fields: readonly string[],
): readonly string[] {
  const trailing = fields.length > header.length && fields.at(-1) === '' ? 1 : 0;
  if (kind !== 'bolus' || fields.length - trailing !== header.length + 1) {
    return header;
  }
  return withUnnamedBolusColumn(header);
}

/** The names `withUnnamedBolusColumn` gave for each header, so rows of a section share them. */
const WITH_UNNAMED = new WeakMap<readonly string[], readonly string[]>();

/** Returns bolus header names with the unnamed column after IsQuickBolus (or at the end). */
export function withUnnamedBolusColumn(header: readonly string[]): readonly string[] {
  let names = WITH_UNNAMED.get(header);
  if (names === undefined) {
    const after = header.indexOf('IsQuickBolus');
    const at = after === -1 ? header.length : after + 1;
    names = [...header.slice(0, at), UNNAMED_BOLUS_COLUMN, ...header.slice(at)];
    WITH_UNNAMED.set(header, names);
  }
  return names;
}
