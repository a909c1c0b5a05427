/**
 * Clarity exports for the variants without a real sample, written by hand in the layout Clarity
 * uses for them. Used by this module's tests only.
 */

/** German export as Clarity's German interface writes it: `;`, every field quoted. */
export const GERMAN_SAMPLE = [
  '"Index";"Zeitstempel (JJJJ-MM-TTThh:mm:ss)";"Ereignistyp";"Ereignisuntertyp";"Patienteninfo";"Geräteinfo";"Quellgeräte-ID";"Glukosewert (mg/dL)";"Insulinwert (IE)";"Kohlenhydratwert (Gramm)";"Dauer (hh:mm:ss)";"Glukose-Änderungsrate (mg/dL/min)";"Transmitterzeit (Long Integer)";"Transmitter-ID"',
  '"1";"";"Vorname";"";"";"";"";"";"";"";"";"";""',
  '"2";"";"Gerät";"";"";"Dexcom G6 Mobile App";"Android G6";"";"";"";"";"";""',
  '"3";"";"Warnung";"Hoch";"";"";"Android G6";"250";"";"";"";"";""',
  '"4";"2019-10-27T02:57:18";"EGV";"";"";"";"Android G6";"120";"";"";"";"-1,5";"1081273";"8AB12C"',
  '"5";"2019-10-27T03:02:18";"EGV";"";"";"";"Android G6";"118";"";"";"";"";"1081573";"8AB12C"',
  '"6";"2019-10-27T03:02:19";"EGV";"";"";"";"Android G6";"90";"";"";"";"";"1085174";"8AB12C"',
  '"7";"2019-10-27T03:05:00";"Insulin";"Schnell wirkend";"";"";"Android G6";"";"2,50";"";"";"";""',
  '"8";"2019-10-27T03:10:00";"Warnung";"Dringend niedrig";"";"";"Android G6";"54";"";"";"";"";""',
  '"9";"2019-10-27T04:07:19";"EGV";"Niedrig";"";"";"Android G6";"Niedrig";"";"";"";"";"1088774";"8AB12C"',
  '',
].join('\n');

/** English mmol/L export: the two glucose columns are in mmol/L. */
export const MMOL_SAMPLE = [
  '\uFEFFIndex,Timestamp (YYYY-MM-DDThh:mm:ss),Event Type,Event Subtype,Patient Info,Device Info,Source Device ID,Glucose Value (mmol/L),Insulin Value (u),Carb Value (grams),Duration (hh:mm:ss),Glucose Rate of Change (mmol/L/min),Transmitter Time (Long Integer),Transmitter ID',
  '1,,Device,,,Dexcom G6 Mobile App,Android G6,,,,,,',
  '2,,Alert,Low,,,Android G6,3.9,,,,,',
  '3,,Alert,Fall,,,Android G6,,,,,0.2,',
  '4,2019-10-20T12:00:00,EGV,,,,Android G6,5.8,,,,,7573,8AB12C',
  '5,2019-10-20T12:05:00,EGV,High,,,Android G6,High,,,,,7873,8AB12C',
  '6,2019-10-20T12:10:00,Calibration,,,,Android G6,6.1,,,,,,8AB12C',
  '',
].join('\n');

/** Older export without the two transmitter columns. */
export const TWELVE_COLUMN_SAMPLE = [
  '\uFEFFIndex,Timestamp (YYYY-MM-DDThh:mm:ss),Event Type,Event Subtype,Patient Info,Device Info,Source Device ID,Glucose Value (mg/dL),Insulin Value (u),Carb Value (grams),Duration (hh:mm:ss),Glucose Rate of Change (mg/dL/min)',
  '1,,Device,,,Dexcom G5 Mobile App,iOS G5,,,,,',
  '2,2018-10-28T03:30:00,EGV,,,,iOS G5,140,,,,',
  '3,2018-10-28T03:35:00,EGV,,,,iOS G5,150,,,,-1.5',
  '4,2018-10-28T04:05:00,Carbs,,,,iOS G5,,,30,,',
  '',
].join('\n');
