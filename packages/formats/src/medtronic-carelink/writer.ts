import type { CanonicalRecord, SettingsRecord } from '@phoenix/domain';
import { formatCsvRow } from '../core/csv-writer.ts';
import type { CsvLayout, WriteOptions } from '../core/types.ts';
import { englishHeader, type CareLinkColumn } from './columns.ts';
import { formatCareLinkDate, parseVariantName, type CareLinkVariant } from './dialect.ts';
import { CARELINK_FORMAT_ID, parseCareLinkHeader, type CareLinkHeader } from './header.ts';
import type { CareLinkSettings } from './preamble.ts';
import { SECTION_CELL, type CareLinkRecord } from './record-body.ts';
import { markSuspension, recordCells, type CellContext, type DerivedCells } from './row-writer.ts';
import { defaultSection, isSectionKind, SECTION_ORDER, type SectionKind } from './sections.ts';
import { formatIndex, parseDecimal } from './values.ts';
import { preambleLines, sectionTitle, type CareLinkPatient } from './writer-preamble.ts';

/** Writer options of the CareLink module. */
export interface CareLinkWriteOptions extends WriteOptions {
  /** Names and IDs for the preamble. Records never contain them, so they are empty by default. */
  patient?: CareLinkPatient;
  /** Pump, serial number and sensor when no CareLink `pumpSettings` record names them. */
  device?: string;
  serialNumber?: string;
  cgm?: string;
  /**
   * Row order: `given` (the default) keeps the order of `records`, as the reader yields them.
   * `newestFirst` sorts each section by `time`, newest first, as CareLink does. Rows of a
   * repeated autumn hour that the reader marked `ambiguous` share their earlier instant, so
   * sorting keeps such rows in the order given.
   */
  order?: 'given' | 'newestFirst';
}

/** One row to write: the records read from one source row, or one record from elsewhere. */
interface RowGroup {
  records: CareLinkRecord[];
  section: SectionKind;
}

/**
 * Writes records as a CareLink export (variant `en` unless `options.variant` names another).
 *
 * - The first `pumpSettings` record read from a CareLink file gives the preamble, the title
 *   rows and the header row. Without one, the preamble has empty version cells and the header
 *   is the English one of the 780G. A German file is written only with its own header.
 * - Sections are written in CareLink's order (Pump, Aggregated Auto Insulin Data, Sensor), each
 *   only when it has rows. Without any record, the file contains the Pump section's header alone.
 * - Records read from one row are written back as one row (they share file and line), with
 *   their Index (`origin.sourceRowId`) and their `sourceCells`, the cells no canonical field
 *   contains. Other records get an Index one more than the previous row's, starting at 1, and
 *   leave those cells empty (ISIG, Bolus Number, Bolus Source, BWZ Status and the like).
 * - Written: `cbg`, `smbg`, `bolus`, `basal` (automated basal as a daily auto insulin total),
 *   `wizard` and `deviceEvent`. `food` and settings records are skipped, because CareLink has
 *   no row for them, and so are readings without a value (past the sensor's range). Patient
 *   names come from `options.patient`.
 * - A rewind, suspend or resume event without `detail` is written as `Rewind`, `USER_SUSPEND`
 *   or `NORMAL_PUMPING`. A `suspend` basal whose row has no suspend event gets `USER_SUSPEND`
 *   in its Suspend cell, so it reads back as a suspension together with a `suspend` event.
 * - Without a serial number from settings or `options`, the first data record's device ID
 *   gives it.
 *
 * @throws RangeError for an unknown variant, or for `de` without a German header to copy.
 */
export function writeCareLink(
  records: Iterable<CanonicalRecord>,
  options: CareLinkWriteOptions = {},
): string {
  const variant = parseVariantName(options.variant ?? 'en');
  const layout: CsvLayout = {
    separator: ';',
    quoteAll: false,
    bom: false,
    lineEnding: '\n',
    ...options.layout,
  };
  const list = [...records] as CareLinkRecord[];
  const settings = resolveSettings(findSettings(list), options, list);
  const header = resolveHeader(settings, variant);
  const groups = groupRows(list, options.order ?? 'given');

  const parts: string[] = [layout.bom ? '\uFEFF' : ''];
  if (settings.hasPreamble) {
    parts.push(preambleLines(settings, options.patient ?? {}, layout));
  }
  const writer = new RowWriter(header, variant, layout);
  const kinds = SECTION_ORDER.filter((kind) => groups.some((group) => group.section === kind));
  (kinds.length === 0 ? SECTION_ORDER.slice(0, 1) : kinds).forEach((kind, position) => {
    parts.push(position === 0 ? '' : layout.lineEnding, sectionTitle(kind, settings, layout));
    parts.push(formatCsvRow(header.names, layout));
    for (const group of groups.filter((candidate) => candidate.section === kind)) {
      parts.push(...writer.rows(group.records));
    }
  });
  return parts.join('');
}

function findSettings(records: CareLinkRecord[]): CareLinkSettings | null {
  const found = records.find(
    (record): record is SettingsRecord & CareLinkRecord =>
      record.type === 'pumpSettings' &&
      record.origin.format === CARELINK_FORMAT_ID &&
      Array.isArray(record.settings['header']),
  );
  return found === undefined ? null : (found.settings as unknown as CareLinkSettings);
}

function resolveSettings(
  found: CareLinkSettings | null,
  options: CareLinkWriteOptions,
  records: readonly CareLinkRecord[],
): CareLinkSettings {
  const settings: CareLinkSettings = found ?? {
    device: null,
    serialNumber: null,
    hardwareVersion: '',
    firmwareVersion: '',
    softwareVersion: '',
    cgm: null,
    startDate: '',
    endDate: '',
    hasPreamble: true,
    header: [],
  };
  return {
    ...settings,
    device: settings.device ?? options.device ?? '',
    serialNumber: settings.serialNumber ?? options.serialNumber ?? serialOfRecords(records),
    cgm: settings.cgm ?? options.cgm ?? '',
  };
}

/**
 * Returns the serial number in the first data record's device ID (`medtronic-630g:NG1234567H`
 * gives `NG1234567H`), or '' when it names none.
 */
function serialOfRecords(records: readonly CareLinkRecord[]): string {
  const first = records.find(
    (record) => record.type !== 'pumpSettings' && record.type !== 'cgmSettings',
  );
  const serial = first?.deviceId.split(':').at(-1) ?? '';
  return first === undefined || serial === first.deviceId || serial === 'unknown' ? '' : serial;
}

function resolveHeader(settings: CareLinkSettings, variant: CareLinkVariant): CareLinkHeader {
  const stored = settings.header.length > 0 ? parseCareLinkHeader(settings.header) : null;
  if (stored !== null) {
    return stored;
  }
  if (variant.language === 'de') {
    throw new RangeError(
      'No German CareLink header is known: write German only with records read from a German file.',
    );
  }
  return parseCareLinkHeader(englishHeader(variant.units)) as CareLinkHeader;
}

/** Groups the records read from one source row. Settings records are left out. */
function groupRows(records: CareLinkRecord[], order: 'given' | 'newestFirst'): RowGroup[] {
  const groups: RowGroup[] = [];
  let previousKey: string | null = null;
  for (const record of records) {
    if (record.type === 'pumpSettings' || record.type === 'cgmSettings') {
      continue;
    }
    const key = rowKey(record);
    const last = groups.at(-1);
    if (last !== undefined && key !== null && key === previousKey) {
      last.records.push(record);
    } else {
      const stored = record.sourceCells?.[SECTION_CELL];
      groups.push({
        records: [record],
        section: isSectionKind(stored) ? stored : defaultSection(record),
      });
    }
    previousKey = key;
  }
  if (order === 'newestFirst') {
    const time = (group: RowGroup): number => Date.parse(group.records[0]?.time ?? '');
    groups.sort((a, b) => time(b) - time(a));
  }
  return groups;
}

function rowKey(record: CareLinkRecord): string | null {
  const { format, file, line } = record.origin;
  return format === CARELINK_FORMAT_ID && line !== undefined ? `${file ?? ''}:${line}` : null;
}

/** Formats rows against one header and numbers rows without an Index of their own. */
class RowWriter {
  private previousIndex = 0;
  private readonly context: CellContext;
  private readonly columns: (CareLinkColumn | undefined)[];

  constructor(
    private readonly header: CareLinkHeader,
    private readonly variant: CareLinkVariant,
    private readonly layout: CsvLayout,
  ) {
    const decimalComma = layout.separator === ';';
    this.context = {
      decimalComma,
      units: (column) => header.units.get(column) ?? variant.units,
    };
    const byPosition = new Map([...header.positions].map(([column, at]) => [at, column]));
    this.columns = header.names.map((_name, position) => byPosition.get(position));
  }

  /** Returns the formatted rows of a group, line endings included. */
  rows(records: CareLinkRecord[]): string[] {
    const cellSets = records.flatMap((record) => recordCells(record, this.context));
    const [first] = records;
    if (first === undefined || cellSets.length === 0) {
      return [];
    }
    const merged = records.length > 1 ? [mergeCells(cellSets)] : cellSets;
    merged.forEach((cells) => markSuspension(records, cells));
    return merged.map((cells: DerivedCells, part) =>
      this.formatRow(first, cells, part === 0 ? first.sourceCells : undefined),
    );
  }

  private formatRow(
    record: CareLinkRecord,
    derived: DerivedCells,
    sourceCells: Record<string, string> | undefined,
  ): string {
    const cells: DerivedCells = {
      ...derived,
      index: this.index(record),
      date: formatCareLinkDate(record.deviceTime, this.variant.dateStyle),
      time: record.deviceTime.slice(11, 19),
    };
    const fields = this.header.names.map((name, position) => {
      const column = this.columns[position];
      const fromSource = sourceCells?.[name];
      return fromSource ?? (column === undefined ? '' : (cells[column] ?? ''));
    });
    return formatCsvRow(fields, this.layout);
  }

  private index(record: CareLinkRecord): string {
    const own = record.origin.format === CARELINK_FORMAT_ID ? record.origin.sourceRowId : undefined;
    const parsed = own === undefined ? Number.NaN : parseDecimal(own, true);
    this.previousIndex = Number.isNaN(parsed) ? this.previousIndex + 1 : Math.trunc(parsed);
    return own ?? formatIndex(this.previousIndex, this.layout.separator === ';');
  }
}

/** Merges the cells of records read from one row. The first non-empty cell wins. */
function mergeCells(cellSets: DerivedCells[]): DerivedCells {
  const merged: DerivedCells = {};
  for (const cells of cellSets) {
    for (const [column, text] of Object.entries(cells) as [CareLinkColumn, string][]) {
      if (text !== '' && (merged[column] ?? '') === '') {
        merged[column] = text;
      }
    }
  }
  return merged;
}
