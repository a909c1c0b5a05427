/**
 * CareLink exports for the cases the real sample lacks, written by hand in CareLink's layout.
 * Rows are built from a literal copy of the 780G header, so they do not depend on this
 * module's own column list. Used by this module's tests only.
 */

/** The header row of a 780G export, copied from a real file. */
export const HEADER_780G =
  'Index;Date;Time;New Device Time;BG Source;BG Reading (mg/dL);Linked BG Meter ID;Basal Rate (U/h);Temp Basal Amount;Temp Basal Type;Temp Basal Duration (h:mm:ss);Bolus Type;Bolus Volume Selected (U);Bolus Volume Delivered (U);Bolus Duration (h:mm:ss);Prime Type;Prime Volume Delivered (U);Estimated Reservoir Volume after Fill (U);Alert;User Cleared Alerts;Suspend;Rewind;BWZ Estimate (U);BWZ Target High BG (mg/dL);BWZ Target Low BG (mg/dL);BWZ Carb Ratio (g/U);BWZ Insulin Sensitivity (mg/dL/U);BWZ Carb Input (grams);BWZ BG/SG Input (mg/dL);BWZ Correction Estimate (U);BWZ Food Estimate (U);BWZ Active Insulin (U);BWZ Status;Sensor Calibration BG (mg/dL);Sensor Glucose (mg/dL);ISIG Value;Event Marker;Bolus Number;Bolus Cancellation Reason;BWZ Unabsorbed Insulin Total (U);Final Bolus Estimate;Scroll Step Size;Insulin Action Curve Time;Sensor Calibration Rejected Reason;Preset Bolus;Bolus Source;BLE Network Device;Device Update Event;Network Device Associated Reason;Network Device Disassociated Reason;Network Device Disconnected Reason;Sensor Exception;Preset Temp Basal Name;Sensor State'.split(
    ';',
  );

/** Builds one data row: `cells` by header name, every other cell empty. */
export function dataRow(
  separator: ',' | ';',
  cells: Record<string, string>,
  header: readonly string[] = HEADER_780G,
): string {
  return header.map((name) => cells[name] ?? '').join(separator);
}

function titleRow(separator: string, section: 'Pump' | 'Sensor', last: string): string {
  return ['-------', 'MiniMed 780G MMT-1111', section, 'NG1234567H', last].join(separator);
}

/**
 * Joins sections the way CareLink does: each `[kind, rows]` part (`pump`, `auto` or `sensor`)
 * gets its title and header row, with a blank line between sections and LF endings.
 */
export function sections(
  separator: ',' | ';',
  parts: [string, string[]][],
  header = HEADER_780G,
): string {
  const titles: Record<string, string> = {
    pump: titleRow(separator, 'Pump', '------- '),
    auto: titleRow(separator, 'Pump', 'Aggregated Auto Insulin Data '),
    sensor: titleRow(separator, 'Sensor', '------- '),
  };
  const blocks = parts.map(([kind, rows]) =>
    [titles[kind] ?? '', header.join(separator), ...rows].join('\n'),
  );
  return blocks.join('\n\n') + '\n';
}

const PREAMBLE = [
  'Last Name;First Name;Patient ID;System ID;Start Date;End Date;Device;MiniMed 780G MMT-1111;Hardware Version;A2.01;Firmware Version;8.13.2',
  '"";"";"";"";"25.10.2025 00:00:00";"27.10.2025 00:00:00";"Serial Number";NG1234567H;Software Version;',
  'Patient DOB;;;;;;CGM;Guardian™ 4 Sensor',
  '',
  '',
].join('\n');

/**
 * Autumn change in Europe/Berlin (2025-10-26, 03:00 CEST becomes 02:00 CET): sensor rows
 * newest first, both passes through 02:00–02:59, so 02:55 and 02:50 appear twice.
 */
export const AUTUMN_SAMPLE =
  PREAMBLE +
  '\n' +
  sections(';', [
    [
      'pump',
      [
        dataRow(';', {
          Index: '10,00000',
          Date: '2025/10/26',
          Time: '02:40:00',
          'Basal Rate (U/h)': '0,75',
        }),
      ],
    ],
    [
      'auto',
      [
        dataRow(';', {
          Index: '11,00000',
          Date: '2025/10/26',
          Time: '00:00:00',
          'Bolus Type': 'Normal',
          'Bolus Volume Selected (U)': '18,5',
          'Bolus Volume Delivered (U)': '18,5',
          'Bolus Source': 'CLOSED_LOOP_AUTO_INSULIN',
        }),
      ],
    ],
    [
      'sensor',
      [
        dataRow(';', {
          Index: '12,00000',
          Date: '2025/10/26',
          Time: '03:05:00',
          'Sensor Glucose (mg/dL)': '120',
          'ISIG Value': '21,02',
        }),
        dataRow(';', {
          Index: '13,00000',
          Date: '2025/10/26',
          Time: '02:55:00',
          'Sensor Glucose (mg/dL)': '118',
          'ISIG Value': '20,70',
        }),
        dataRow(';', {
          Index: '14,00000',
          Date: '2025/10/26',
          Time: '02:50:00',
          'Sensor Glucose (mg/dL)': '115',
          'ISIG Value': '20,11',
        }),
        dataRow(';', {
          Index: '15,00000',
          Date: '2025/10/26',
          Time: '02:55:00',
          'Sensor Glucose (mg/dL)': '104',
          'ISIG Value': '18,02',
        }),
        dataRow(';', {
          Index: '16,00000',
          Date: '2025/10/26',
          Time: '02:50:00',
          'Sensor Glucose (mg/dL)': '101',
          'ISIG Value': '17,64',
        }),
        dataRow(';', {
          Index: '17,00000',
          Date: '2025/10/26',
          Time: '01:55:00',
          'Sensor Glucose (mg/dL)': '99',
          'ISIG Value': '17,30',
        }),
      ],
    ],
  ]);

/**
 * Pump rows of every kind the real sample lacks, `,`-separated with decimal points and no
 * preamble: dual wave and square boluses, temporary basals by rate and by percent, a
 * suspension and its resume, a rewind, a linked BG and a calibration, newest first.
 */
export const PUMP_EVENTS_SAMPLE = sections(',', [
  [
    'pump',
    [
      dataRow(',', {
        Index: '1.00000',
        Date: '2025/03/30',
        Time: '02:30:00',
        'Sensor Calibration BG (mg/dL)': '112',
      }),
      dataRow(',', {
        Index: '2.00000',
        Date: '2025/03/29',
        Time: '21:10:00',
        'BG Source': 'BG_READING_RECEIVED',
        'BG Reading (mg/dL)': '142',
        'Linked BG Meter ID': 'BG1234567',
      }),
      dataRow(',', {
        Index: '3.00000',
        Date: '2025/03/29',
        Time: '20:31:00',
        'Bolus Type': 'Dual (square part)',
        'Bolus Volume Selected (U)': '1.5',
        'Bolus Volume Delivered (U)': '1.5',
        'Bolus Duration (h:mm:ss)': '1:30:00',
        'Bolus Number': '31',
      }),
      dataRow(',', {
        Index: '4.00000',
        Date: '2025/03/29',
        Time: '19:01:00',
        'Bolus Type': 'Dual (normal part)',
        'Bolus Volume Selected (U)': '2.5',
        'Bolus Volume Delivered (U)': '2.5',
        'Bolus Number': '31',
      }),
      dataRow(',', {
        Index: '5.00000',
        Date: '2025/03/29',
        Time: '18:30:00',
        'Bolus Type': 'Square',
        'Bolus Volume Selected (U)': '3',
        'Bolus Volume Delivered (U)': '2.2',
        'Bolus Duration (h:mm:ss)': '2:00:00',
        'Bolus Number': '30',
      }),
      dataRow(',', {
        Index: '6.00000',
        Date: '2025/03/29',
        Time: '16:00:00',
        'Temp Basal Amount': '80',
        'Temp Basal Type': 'Percent',
        'Temp Basal Duration (h:mm:ss)': '2:00:00',
      }),
      dataRow(',', {
        Index: '7.00000',
        Date: '2025/03/29',
        Time: '14:00:00',
        'Temp Basal Amount': '0.4',
        'Temp Basal Type': 'Insulin Rate',
        'Temp Basal Duration (h:mm:ss)': '0:30:00',
      }),
      dataRow(',', {
        Index: '8.00000',
        Date: '2025/03/29',
        Time: '12:30:00',
        'Basal Rate (U/h)': '0.8',
        Suspend: 'NORMAL_PUMPING',
      }),
      dataRow(',', { Index: '9.00000', Date: '2025/03/29', Time: '12:05:00', Rewind: 'Rewind' }),
      dataRow(',', {
        Index: '10.00000',
        Date: '2025/03/29',
        Time: '12:00:00',
        'Basal Rate (U/h)': '0',
        Suspend: 'USER_SUSPEND',
      }),
    ],
  ],
]);

/**
 * German export in mmol/L after the names German CareLink exports of 2016 wrote (Datum, Zeit,
 * Sensorglukose …), with dates as DD.MM.YY.
 */
export const GERMAN_MMOL_HEADER = [
  'Index',
  'Datum',
  'Zeit',
  'Neue Gerätezeit',
  'BZ-Messwert (mmol/L)',
  'Abgegebene Bolusmenge (IE)',
  'Gewähltes Bolusvolumen (IE)',
  'BolusExpert: KH-Eingabe (Gramm)',
  'BolusExpert: BZ-Eingabe (mmol/L)',
  'Sensorglukose (mmol/L)',
];

export const GERMAN_MMOL_SAMPLE = sections(
  ';',
  [
    [
      'pump',
      [
        dataRow(
          ';',
          {
            Index: '1,00000',
            Datum: '05.07.26',
            Zeit: '12:00:00',
            'Abgegebene Bolusmenge (IE)': '3,5',
            'Gewähltes Bolusvolumen (IE)': '3,5',
          },
          GERMAN_MMOL_HEADER,
        ),
        dataRow(
          ';',
          {
            Index: '2,00000',
            Datum: '05.07.26',
            Zeit: '11:59:00',
            'BolusExpert: KH-Eingabe (Gramm)': '45,00',
            'BolusExpert: BZ-Eingabe (mmol/L)': '7,2',
          },
          GERMAN_MMOL_HEADER,
        ),
        dataRow(
          ';',
          { Index: '3,00000', Datum: '05.07.26', Zeit: '11:58:00', 'BZ-Messwert (mmol/L)': '7,2' },
          GERMAN_MMOL_HEADER,
        ),
      ],
    ],
    [
      'sensor',
      [
        dataRow(
          ';',
          {
            Index: '4,00000',
            Datum: '05.07.26',
            Zeit: '12:05:00',
            'Sensorglukose (mmol/L)': '6,8',
          },
          GERMAN_MMOL_HEADER,
        ),
      ],
    ],
  ],
  GERMAN_MMOL_HEADER,
);
