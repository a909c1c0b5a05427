import type { CsvRow } from '../core/csv-tokenizer.ts';
import type { ReadEvent, ReadIssue } from '../core/types.ts';
import {
  baseFields,
  buildRecord,
  buildSettingsRecord,
  deviceModel,
  type RowTime,
} from './build-records.ts';
import { parseCareLinkDate } from './dialect.ts';
import { isSectionTitle, parseCareLinkHeader, type CareLinkHeader } from './header.ts';
import { parseSectionTitle, PreambleCollector, type CareLinkSettings } from './preamble.ts';
import { SECTION_CELL, type RecordBody, type SourceCells } from './record-body.ts';
import { parseBodies } from './row-bodies.ts';
import { RowCells } from './row-cells.ts';
import { readRowTime } from './row-time.ts';
import { defaultSection, type SectionKind } from './sections.ts';

const MAX_PREAMBLE_ROWS = 3;
/** Maximum basal interval the reader derives. A longer gap leaves the duration empty. */
const MAX_BASAL_DURATION_MS = 7 * 24 * 3_600_000;

interface SectionState {
  kind: SectionKind;
  device: string | null;
  serialNumber: string | null;
  header: CareLinkHeader | null;
  /** Device ID of the section's rows, set at its first data row. */
  deviceId: string | null;
  /** True once a row without a header in this section has been reported. */
  headerMissingReported: boolean;
}

/** State of one CareLink read: preamble, current section, settings and basal boundaries. */
export class CareLinkReadSession {
  private readonly preamble = new PreambleCollector();
  private section: SectionState = newSection('pump', null, null);
  /** True once a title or header row has been seen. Rows before it are the preamble. */
  private started = false;
  private firstLine: number | null = null;
  private firstHeader: CareLinkHeader | null = null;
  private settingsEmitted = false;
  private dataRecords = 0;
  /** Instant of the newest basal or suspend row seen so far, per device. */
  private readonly basalBoundaries = new Map<string, number>();

  constructor(
    private readonly fileName: string | null,
    private readonly timezone: string,
    private readonly decimalComma: boolean,
  ) {}

  /** Reads one row and returns the events it gives, in file order. */
  *readRow(row: CsvRow): Generator<ReadEvent> {
    if (row.error !== undefined) {
      yield this.issueEvent(row.line, `Malformed row: ${row.error}.`);
      return;
    }
    if (row.fields.every((field) => field.trim() === '')) {
      return;
    }
    this.firstLine ??= row.line;
    if (isSectionTitle(row.fields)) {
      const title = parseSectionTitle(row.fields);
      this.section = newSection(title.kind, title.device, title.serialNumber);
      this.started = true;
      return;
    }
    const header = parseCareLinkHeader(row.fields);
    if (header !== null) {
      this.section.header = header;
      this.firstHeader ??= header;
      this.started = true;
      return;
    }
    if (!this.started && this.preamble.size < MAX_PREAMBLE_ROWS && !looksLikeData(row)) {
      this.preamble.add(row.fields);
      return;
    }
    yield* this.readDataRow(row);
  }

  /** Reports a file without usable rows. */
  *finish(): Generator<ReadEvent> {
    if (this.dataRecords === 0) {
      const message =
        'No usable rows. The file contains no readable glucose, insulin or pump event row.';
      yield { kind: 'issue', issue: fileIssue(this.fileName, null, message) };
    }
  }

  private *readDataRow(row: CsvRow): Generator<ReadEvent> {
    const header = this.section.header;
    if (header === null) {
      if (!this.section.headerMissingReported) {
        this.section.headerMissingReported = true;
        const message =
          'Section has no header row. Its rows are skipped until the next header row.';
        yield this.issueEvent(row.line, message);
      }
      return;
    }
    const issues: ReadIssue[] = [];
    const context = {
      header,
      fileName: this.fileName,
      decimalComma: this.decimalComma,
      timezone: this.timezone,
    };
    const cells = new RowCells(context, row, issues);
    const time = readRowTime(cells);
    const bodies = time === null ? [] : parseBodies(cells, this.section.kind, time.wallMs);
    for (const issue of issues) {
      yield { kind: 'issue', issue };
    }
    if (time !== null && bodies.length > 0) {
      yield* this.emitRecords(bodies, time, row, this.sourceCells(cells, bodies));
    }
  }

  private *emitRecords(
    bodies: RecordBody[],
    time: RowTime,
    row: CsvRow,
    sourceCells: SourceCells,
  ): Generator<ReadEvent> {
    const deviceId = this.deviceId();
    this.setBasalDurations(bodies, deviceId, time.instantMs);
    const rowId = (row.fields[this.section.header?.positions.get('index') ?? 0] ?? '').trim();
    const place = { fileName: this.fileName, line: row.line, rowId };
    const base = baseFields(time, place, deviceId, this.timezone);
    for (const [position, body] of bodies.entries()) {
      const record = buildRecord(base, body, position === 0 ? sourceCells : null);
      if (!this.settingsEmitted) {
        this.settingsEmitted = true;
        const line = this.firstLine ?? row.line;
        const settings = buildSettingsRecord(this.settings(), record, {
          fileName: this.fileName,
          line,
        });
        yield { kind: 'record', record: settings };
      }
      this.dataRecords += 1;
      yield { kind: 'record', record };
    }
  }

  /** Returns the row's leftover cells, with the section when the writer would pick another. */
  private sourceCells(cells: RowCells, bodies: RecordBody[]): SourceCells {
    const leftovers = cells.leftovers();
    const [first] = bodies;
    if (first !== undefined && defaultSection(first) !== this.section.kind) {
      leftovers[SECTION_CELL] = this.section.kind;
    }
    return leftovers;
  }

  /**
   * Sets the duration of scheduled and suspend basal bodies: CareLink lists rows newest first,
   * so the basal or suspend row read just before this one (later in time) ends this one.
   */
  private setBasalDurations(bodies: RecordBody[], deviceId: string, instantMs: number): void {
    if (!bodies.some(isBasalBoundary)) {
      return;
    }
    const end = this.basalBoundaries.get(deviceId);
    const durationMs = end === undefined ? null : end - instantMs;
    const plausible = durationMs !== null && durationMs > 0 && durationMs <= MAX_BASAL_DURATION_MS;
    for (const body of bodies) {
      if (body.type === 'basal' && isBasalBoundary(body)) {
        body.durationMs = plausible ? durationMs : null;
      }
    }
    this.basalBoundaries.set(deviceId, instantMs);
  }

  private settings(): CareLinkSettings {
    const settings = this.preamble.settings();
    settings.device ??= this.section.device;
    settings.serialNumber ??= this.section.serialNumber;
    settings.header = this.firstHeader?.names ?? [];
    return settings;
  }

  /** Returns the device ID of the current section: pump model and serial number. */
  private deviceId(): string {
    if (this.section.deviceId === null) {
      const preamble = this.preamble.settings();
      const model = deviceModel(this.section.device ?? preamble.device);
      const serial = this.section.serialNumber ?? preamble.serialNumber ?? 'unknown';
      this.section.deviceId = `${model}:${serial}`;
    }
    return this.section.deviceId;
  }

  private issueEvent(line: number, message: string): ReadEvent {
    return { kind: 'issue', issue: fileIssue(this.fileName, line, message) };
  }
}

/**
 * True for a body that starts a basal interval: a scheduled or suspend basal, or a suspend or
 * resume event.
 */
function isBasalBoundary(body: RecordBody): boolean {
  if (body.type === 'basal') {
    return body.deliveryType === 'scheduled' || body.deliveryType === 'suspend';
  }
  return body.type === 'deviceEvent' && (body.subType === 'suspend' || body.subType === 'resume');
}

/** True for a row whose second cell is a date: a data row, never a preamble row. */
function looksLikeData(row: CsvRow): boolean {
  return parseCareLinkDate(row.fields[1] ?? '') !== null;
}

function newSection(
  kind: SectionKind,
  device: string | null,
  serialNumber: string | null,
): SectionState {
  return { kind, device, serialNumber, header: null, deviceId: null, headerMissingReported: false };
}

function fileIssue(file: string | null, line: number | null, message: string): ReadIssue {
  return { file, line, column: null, value: null, message, severity: 'error' };
}
