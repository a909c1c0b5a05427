/**
 * Tandem exports for the cases the fixtures lack, written by hand in the layouts Tandem uses.
 * Used by the Tandem modules' tests only.
 */

/** A t:connect preamble with empty patient cells, and the blank line after it. */
export const PREAMBLE = [
  'Tandem Diabetes Care Inc.',
  't:connect Therapy Timeline Data Export',
  'Patient Name, ',
  'Patient DOB, ',
  'Report Generated On, 11/3/2025 8:15:00 AM',
  '',
];

/** Header rows of the t:connect sections, as t:connect writes them. */
export const READINGS_HEADER =
  'DeviceType,SerialNumber,Description,EventDateTime,Readings (CGM / BGM)';
export const IOB_HEADER = 'Type,EventID,EventDateTime,IOB';
export const BOLUS_HEADER =
  'Type,Description,BG,IOB,BolusRequestID,BolusCompletionID,CompletionDateTime,InsulinDelivered,FoodDelivered,CorrectionDelivered,CompletionStatusID,CompletionStatusDesc,BolusIsComplete,BolexCompletionID,BolexSize,BolexStartDateTime,BolexCompletionDateTime,BolexInsulinDelivered,BolexIOB,BolexCompletionStatusID,BolexCompletionStatusDesc,ExtendedBolusIsComplete,EventDateTime,RequestDateTime,BolusType,BolusRequestOptions,StandardPercent,Duration,CarbSize,UserOverride,TargetBG,CorrectionFactor,FoodBolusSize,CorrectionBolusSize,ActualTotalBolusRequested,IsQuickBolus,EventHistoryReportEventDesc,EventHistoryReportDetails,NoteID,IndexID,Note';

function reading(time: string, description: string, value: string): string {
  return `"t:slim X2 Insulin Pump","22222222","${description}","${time}","${value}",`;
}

/**
 * A t:connect export in America/New_York over the autumn change (2025-11-02, 02:00 EDT
 * becomes 01:00 EST). It has out-of-range readings written as `Low`, `High`, 39 and 401, a BG,
 * IOB rows in the repeated hour, and an extended bolus whose calculator input has no carbs.
 */
export const TCONNECT_EDGE_SAMPLE = [
  ...PREAMBLE,
  READINGS_HEADER,
  reading('2025-11-02T00:51:10', 'EGV', '45'),
  reading('2025-11-02T00:56:10', 'EGV', 'Low'),
  reading('2025-11-02T01:01:10', 'EGV', '39'),
  reading('2025-11-02T01:31:12', 'BG', '52'),
  reading('2025-11-02T01:01:11', 'EGV', '58'),
  reading('2025-11-02T18:40:10', 'EGV', '401'),
  reading('2025-11-02T18:45:10', 'EGV', 'High'),
  '',
  IOB_HEADER,
  '"IOB","81","2025-11-02T01:05:00","0.40"',
  '"IOB","81","2025-11-02T01:05:30","0.35"',
  '',
  BOLUS_HEADER,
  '"Bolus","Extended/Correction","188","1.20","9001.000","9001.000","2025-11-02T18:50:02","3.50","3.00","0.50","3","Completed","1","9001.000","1.75","2025-11-02T18:50:02","2025-11-02T20:50:02","1.75","0.00","3","Completed","1","2025-11-02T18:50:00","2025-11-02T18:50:00","Carb","Extended/Correction","50.00","120","0","0","110","30.00","3.00","0.50","3.50","0","0","Correction & Food Bolus","CF 1:30 - Carb Ratio 1:8 - Target BG 110","0","2000001","",',
  '',
].join('\n');

/** The sections of the t:connect fixture in another order, bolus section first. */
export function permutedTConnect(fixture: string): string {
  const blocks = fixture.trimEnd().split('\n\n');
  const [preamble, readings, iob, bolus] = blocks;
  return [preamble, bolus, readings, iob].join('\n\n') + '\n';
}

/**
 * A Tandem Source BG file after the layout of a real export, which ends without a line
 * ending after its last row.
 */
export const SOURCE_BG_SAMPLE = [
  'Device Type,Serial Number,Description,Event Date Time,BG (mg/dL),Note',
  'Tandem Mobi™ System,1234567,BG,2025-10-26T14:51:50,119,',
  'Tandem Mobi™ System,1234567,BG,2025-10-26T15:43:34,136,after run',
  'Tandem Mobi™ System,1234567,BG,2025-10-26T17:08:39,180,',
].join('\n');

/** A Tandem Source CGM file in mmol/L with readings written as `Low` and `High`. */
export const SOURCE_CGM_MMOL_SAMPLE = [
  'Device Type,Serial Number,Description,Event Date Time,Readings (mmol/L)',
  't:slim X2 Insulin Pump,7654321,EGV,2025-06-01T08:00:12,Low',
  't:slim X2 Insulin Pump,7654321,EGV,2025-06-01T08:05:12,2.3',
  't:slim X2 Insulin Pump,7654321,EGV,2025-06-01T08:10:12,5.8',
  't:slim X2 Insulin Pump,7654321,EGV,2025-06-01T08:15:12,High',
  '',
].join('\n');
