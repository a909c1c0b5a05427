import type { CanonicalRecord } from '@phoenix/domain';
import {
  bytesSource,
  collectRead,
  FORMAT_MODULES,
  getFormatModule,
  readExportStream,
  textChunks,
  type ReadIssue,
  type ReadOptions,
} from '@phoenix/formats';
import { describe, expect, it } from 'vitest';
import { getProfile } from '../profiles/index.ts';
import { collectPatient } from '../test-helpers.ts';
import { writePatientExport } from './export-files.ts';

/** Fields each record type must carry unchanged through a Clarity file. */
const COMPARED_FIELDS: Record<string, readonly string[]> = {
  cbg: ['valueMgDl', 'outOfRange', 'thresholdMgDl', 'transmitterTimeSec', 'transmitterId'],
  smbg: ['subType', 'valueMgDl', 'transmitterId'],
  bolus: ['normalUnits', 'insulinKind'],
  food: ['carbsGrams'],
  deviceEvent: ['subType', 'detail', 'durationMs'],
  cgmSettings: ['settings'],
};
const BASE_FIELDS = ['type', 'time', 'deviceTime', 'timezoneOffset', 'timeResolution', 'deviceId'];

async function readBack(text: string, timezone: string, fileName: string) {
  const stream = await readExportStream(textChunks(text), { timezone, fileName });
  return { format: stream.format, ...(await collectRead(stream.events)) };
}

function pick(record: CanonicalRecord): Record<string, unknown> {
  const fields = [...BASE_FIELDS, ...(COMPARED_FIELDS[record.type] ?? [])];
  const source = record as unknown as Record<string, unknown>;
  return Object.fromEntries(fields.map((field) => [field, source[field]]));
}

describe('Dexcom Clarity export', () => {
  // Starts a week before the US autumn change (2024-11-03), so the repeated hour is included.
  const { records, generated } = collectPatient({
    profile: getProfile('t1dexi-mdi'),
    seed: 'roundtrip',
    days: 14,
    startDate: '2024-10-27',
  });
  const file = writePatientExport('dexcom-clarity', records, { baseName: 'p' });

  it('is written for a Dexcom patient', () => {
    expect(file).not.toBeNull();
    expect(file?.fileName).toBe('p-dexcom-clarity.csv');
  });

  it('reads back without error issues', async () => {
    const read = await readBack(file!.contents as string, generated.patient.timezone, 'p.csv');
    expect(read.format).toBe('dexcom-clarity');
    expect(read.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
  });

  it('reads back the same identities and values', async () => {
    const read = await readBack(file!.contents as string, generated.patient.timezone, 'p.csv');
    const byId = new Map(read.records.map((record) => [record.id, record]));
    expect(read.records.length).toBe(file!.records.length);
    for (const record of file!.records) {
      const back = byId.get(record.id);
      expect(back, `record ${record.type} at ${record.time}`).toBeDefined();
      expect(pick(back!)).toEqual(pick(record));
    }
  });

  it('covers the repeated autumn hour through transmitter time', () => {
    const resolved = file!.records.filter((record) => record.timeResolution === 'resolved');
    expect(resolved.length).toBeGreaterThanOrEqual(20);
    expect(resolved.every((record) => record.type === 'cbg')).toBe(true);
  });

  it('holds logged insulin and no pump records', () => {
    const kinds = new Set(
      file!.records.map((record) => (record.type === 'bolus' ? record.insulinKind : record.type)),
    );
    expect(kinds.has('Fast-Acting')).toBe(true);
    expect(kinds.has('Long-Acting')).toBe(true);
    expect(kinds.has('basal')).toBe(false);
  });
});

/**
 * The part of the canonical records that one export format contains, for comparing a file read
 * back with the records written. Each entry states the writer's limits: records the file has
 * no row for, fields it has no column for, and what the reader gives in place of what was
 * written.
 */
interface FormatCase {
  format: string;
  /** True for a canonical record the file contains. */
  contains: (record: CanonicalRecord) => boolean;
  /** True for a read-back record that stands for no canonical record of its own. */
  addedOnRead?: (record: CanonicalRecord) => boolean;
  /** Compared fields of a record, applied to the written and the read-back records alike. */
  view: (record: CanonicalRecord) => Record<string, unknown>;
  /** Options the file itself cannot give the reader. */
  readOptions?: Partial<ReadOptions>;
}

/** Fields of each record type that a format can contain, before each case's exclusions. */
const TYPE_FIELDS: Record<string, readonly string[]> = {
  cbg: ['valueMgDl', 'outOfRange', 'thresholdMgDl'],
  smbg: ['subType', 'valueMgDl', 'outOfRange', 'thresholdMgDl'],
  bolus: ['subType', 'normalUnits', 'extendedUnits', 'durationMs'],
  wizard: [
    'carbsGrams',
    'recommendedUnits',
    'bgInputMgDl',
    'insulinOnBoardUnits',
    'insulinCarbRatio',
  ],
  basal: ['deliveryType', 'rateUnitsPerHour', 'durationMs'],
  food: ['carbsGrams'],
  deviceEvent: ['subType', 'detail'],
};

const DATA_TYPES = new Set(Object.keys(TYPE_FIELDS));

/** The value LibreView writes for a reading below the Libre sensor's range, in mg/dL. */
const LIBRE_FLOOR_MG_DL = 40;

/**
 * Returns the fields of `record` named in TYPE_FIELDS and the base fields, without the names in
 * `without`. `minutes` cuts times to the minute, for formats that write no seconds.
 */
function fieldsOf(
  record: CanonicalRecord,
  options: { without?: readonly string[]; minutes?: boolean; deviceId?: boolean } = {},
): Record<string, unknown> {
  const source = record as unknown as Record<string, unknown>;
  const names = ['type', 'time', 'deviceTime', 'timezoneOffset', 'timeResolution'];
  if (options.deviceId !== false) {
    names.push('deviceId');
  }
  names.push(...(TYPE_FIELDS[record.type] ?? []));
  const view: Record<string, unknown> = {};
  for (const name of names) {
    if (!(options.without ?? []).includes(name)) {
      view[name] = source[name] ?? null;
    }
  }
  if (options.minutes === true) {
    view['time'] = record.time.slice(0, 16);
    view['deviceTime'] = record.deviceTime.slice(0, 16);
  }
  return view;
}

function isData(record: CanonicalRecord): boolean {
  return DATA_TYPES.has(record.type);
}

function hasValue(record: CanonicalRecord): boolean {
  return (record.type !== 'cbg' && record.type !== 'smbg') || record.valueMgDl !== null;
}

/** Sorts views by their JSON text, so that both sides compare as multisets. */
function sortedViews(records: readonly CanonicalRecord[], format: FormatCase): unknown[] {
  return records
    .map((record) => format.view(record))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

const FORMAT_CASES: FormatCase[] = [
  {
    // A t:connect file contains readings and bolus rows only: no basal, site changes or therapy
    // settings. Reading rows name the pump, not the CGM, and bolus rows name no device, so the
    // reader gives `tandem:SERIAL` (here `tandem:unknown`) and device IDs are not compared.
    // CGM trend and transmitter fields have no column.
    format: 'tandem-tconnect',
    contains: (record) =>
      record.type === 'cbg' ||
      record.type === 'smbg' ||
      record.type === 'bolus' ||
      record.type === 'wizard',
    view: (record) => fieldsOf(record, { deviceId: false }),
  },
  {
    // The synth writes the CGM file of a Tandem Source export, which names the pump, not the
    // CGM.
    format: 'tandem-source',
    contains: (record) => record.type === 'cbg',
    view: (record) => fieldsOf(record, { deviceId: false }),
  },
  {
    // CareLink has no row for food or therapy settings, and none for a reading past the
    // sensor's range. Device IDs become `medtronic:SERIAL`. Scheduled and suspend basal rows
    // carry no duration. The reader ends each at the next basal row and leaves the last one
    // open, so those durations are not compared. A rewind without detail is written as
    // `Rewind`, and a suspend basal gets a Suspend cell, which reads back as a `suspend` event
    // as well.
    format: 'medtronic-carelink',
    contains: (record) => isData(record) && record.type !== 'food' && hasValue(record),
    addedOnRead: (record) => record.type === 'deviceEvent' && record.subType === 'suspend',
    view: (record) => {
      const view = fieldsOf(record, { deviceId: false });
      if (record.type === 'basal' && record.deliveryType !== 'temp') {
        delete view['durationMs'];
      }
      if (record.type === 'deviceEvent' && record.subType === 'reservoirChange') {
        view['detail'] = record.detail ?? 'Rewind';
      }
      return view;
    },
  },
  {
    // LibreView contains glucose, insulin, food, ketone and note rows, to the minute. It writes
    // a reading below the sensor's range as the floor, 40 mg/dL, so a reading of exactly 40
    // reads back as below range. A bolus goes to the long-acting column when its insulin is
    // long-acting, else to the rapid-acting one, which the reader calls `Rapid-Acting`. The
    // day-first dates of the writer's default format cannot be distinguished from month-first
    // ones in these four early-September days, so the reader is given the order.
    format: 'abbott-libreview',
    contains: (record) =>
      ['cbg', 'smbg', 'bolus', 'food'].includes(record.type) ||
      (record.type === 'deviceEvent' && ['ketone', 'note'].includes(record.subType)),
    view: (record) => {
      const view = fieldsOf(record, { minutes: true });
      if (record.type === 'cbg' && record.valueMgDl === LIBRE_FLOOR_MG_DL) {
        Object.assign(view, {
          valueMgDl: null,
          outOfRange: 'low',
          thresholdMgDl: LIBRE_FLOOR_MG_DL,
        });
      }
      if (record.type === 'bolus') {
        view['insulinKind'] = record.insulinKind === 'Long-Acting' ? 'Long-Acting' : 'Rapid-Acting';
      }
      return view;
    },
    readOptions: { dateOrder: 'dayFirst' },
  },
  {
    // Nightscout has no document for calculator input, scheduled basal or a prime, and keeps
    // instants in UTC (`timeResolution` is `utc`). It writes a suspension as a Temp Basal of
    // 0 U/h, which reads back as `temp`, and a calibration as an `mbg` entry, which reads back
    // as a `manual` fingerstick. An Exercise treatment has no member for the intensity that
    // the synth keeps in `detail`.
    format: 'nightscout',
    contains: (record) =>
      isData(record) &&
      record.type !== 'wizard' &&
      !(record.type === 'basal' && record.deliveryType === 'scheduled') &&
      !(record.type === 'deviceEvent' && record.subType === 'prime'),
    view: (record) => {
      const view = fieldsOf(record, { without: ['timeResolution'] });
      if (record.type === 'basal' && record.deliveryType === 'suspend') {
        view['deliveryType'] = 'temp';
      }
      if (record.type === 'smbg' && record.subType === 'calibration') {
        view['subType'] = 'manual';
      }
      if (record.type === 'deviceEvent' && record.subType === 'exercise') {
        view['detail'] = null;
      }
      return view;
    },
  },
  {
    // Glooko tables contain glucose, carbs, insulin and alarms, to the minute, and no reading
    // past the sensor's range. Device IDs become `glooko:SERIAL`, and the carbs table names no
    // device at all. The bolus table has no column for the recommendation or the insulin on
    // board. The BG table marks only manual readings (`M`), and all others read back as
    // `linked`, a calibration included.
    format: 'glooko',
    contains: (record) =>
      isData(record) &&
      hasValue(record) &&
      (record.type !== 'deviceEvent' || record.subType === 'alarm'),
    view: (record) => {
      const view = fieldsOf(record, { minutes: true, deviceId: false });
      if (record.type === 'wizard') {
        Object.assign(view, { recommendedUnits: null, insulinOnBoardUnits: null });
      }
      if (record.type === 'smbg' && record.subType === 'calibration') {
        view['subType'] = 'linked';
      }
      return view;
    },
  },
];

describe('exports read back as the canonical records', () => {
  // Patients with devices of every maker: Tandem and Dexcom, Medtronic, Abbott. The default
  // start (September) keeps clock changes out, because the synth stamps pump records in the
  // repeated autumn hour as a reader without order evidence would, and the CareLink and
  // Tandem readers now resolve that hour from file order.
  const patients = [
    collectPatient({ profile: getProfile('dclp3-control-iq'), seed: 'formats', days: 4 }),
    collectPatient({ profile: getProfile('ohiot1dm'), seed: 'formats', days: 4 }),
    collectPatient({
      profile: getProfile('t1dexi-mdi'),
      seed: 'formats',
      days: 4,
      cgmModel: 'libre-3',
    }),
  ];

  it('covers every format the synth writes', () => {
    const covered = new Set(['dexcom-clarity', ...FORMAT_CASES.map((entry) => entry.format)]);
    expect(FORMAT_MODULES.map((module) => module.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  // A patient without a device of the format's maker gets no file (no CareLink export of a
  // Tandem user), so each format runs for the patients it has a file for.
  const PATIENT_NAMES = ['dclp3-control-iq', 'ohiot1dm', 't1dexi-mdi with Libre 3'];
  const runs = FORMAT_CASES.flatMap((format) =>
    patients.flatMap(({ records, generated }, position) => {
      const file = writePatientExport(format.format, records, { baseName: 'p' });
      const name = PATIENT_NAMES[position];
      return file === null ? [] : [{ format, file, timezone: generated.patient.timezone, name }];
    }),
  );

  it('has a file of every format', () => {
    const formats = new Set(runs.map((run) => run.format.format));
    expect([...formats]).toEqual(FORMAT_CASES.map((format) => format.format));
  });

  describe.each(runs)('$format.format for $name', ({ format, file, timezone }) => {
    const options: ReadOptions = { timezone, fileName: file.fileName, ...format.readOptions };

    async function readFile(): Promise<{ records: CanonicalRecord[]; issues: ReadIssue[] }> {
      const contents = file.contents;
      if (typeof contents === 'string') {
        const stream = await readExportStream(textChunks(contents), options);
        expect(stream.format).toBe(format.format);
        return collectRead(stream.events);
      }
      const module = getFormatModule(format.format);
      return collectRead(module.readBinary!(bytesSource(contents), options));
    }

    it('reads back without issues', async () => {
      expect((await readFile()).issues).toEqual([]);
    });

    it('reads back the records it contains', async () => {
      const read = (await readFile()).records.filter(
        (record) => isData(record) && format.addedOnRead?.(record) !== true,
      );
      const written = file.records.filter(format.contains);
      expect(written.length).toBeGreaterThan(0);
      expect(sortedViews(read, format)).toEqual(sortedViews(written, format));
    });
  });
});
