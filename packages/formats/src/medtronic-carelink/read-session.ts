import { CUT_OFF_ROW_MESSAGE, type CsvRow } from '../core/csv-tokenizer.ts';
import { RepeatedHourResolver, type ResolvedItem } from '../core/repeated-hour.ts';
import type { ReadEvent, ReadIssue } from '../core/types.ts';
import { ZoneClock } from '../core/zone-clock.ts';
import {
  baseFields,
  buildRecord,
  buildSettingsRecord,
  deviceModel,
  type WallTime,
} from './build-records.ts';
import { parseCareLinkDate } from './dialect.ts';
import { isSectionTitle, parseCareLinkHeader, type CareLinkHeader } from './header.ts';
import { parseSectionTitle, PreambleCollector, type CareLinkSettings } from './preamble.ts';
import { SECTION_CELL, type RecordBody, type SourceCells } from './record-body.ts';
import { parseBodies } from './row-bodies.ts';
import { RowCells } from './row-cells.ts';
import { readWallTime } from './row-time.ts';
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
  /** Rows whose time awaits the rest of a repeated autumn hour. */
  times: RepeatedHourResolver<PendingRow>;
}

/** A data row read up to its time, which the section's resolver resolves. */
interface PendingRow {
  bodies: RecordBody[];
  time: WallTime;
  line: number;
  /** The Index cell as written (`69,00000`). */
  rowId: string;
  deviceId: string;
  sourceCells: SourceCells;
}

/**
 * State of one CareLink read: preamble, current section, settings and basal boundaries.
 *
 * CareLink lists each section newest first, so a time in the repeated autumn hour is resolved
 * from the order of the section's rows (see `RepeatedHourResolver`). Rows before the wall clock
 * steps forward are the second pass and take the later instant. Such rows wait until the
 * section leaves the hour, and records keep file order.
 */
export class CareLinkReadSession {
  private readonly preamble = new PreambleCollector();
  private readonly clock: ZoneClock;
  private section: SectionState;
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
  ) {
    this.clock = new ZoneClock(timezone);
    this.section = newSection('pump', null, null, this.clock);
  }

  /** Reads one row and returns the events it gives, in file order. */
  *readRow(row: CsvRow): Generator<ReadEvent> {
    if (row.error !== undefined) {
      yield this.issueEvent(row.line, `Malformed row: ${row.error}.`);
      return;
    }
    if (row.fields.every((field) => field.trim() === '')) {
      return;
    }
    if (row.unterminated) {
      yield this.issueEvent(row.line, CUT_OFF_ROW_MESSAGE);
      return;
    }
    this.firstLine ??= row.line;
    if (isSectionTitle(row.fields)) {
      yield* this.endSection();
      const title = parseSectionTitle(row.fields);
      this.section = newSection(title.kind, title.device, title.serialNumber, this.clock);
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

  /** Yields the records of rows still waiting, then reports a file without usable rows. */
  *finish(): Generator<ReadEvent> {
    yield* this.endSection();
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
    const time = readWallTime(cells);
    const bodies = time === null ? [] : parseBodies(cells, this.section.kind, time.wallMs);
    for (const issue of issues) {
      yield { kind: 'issue', issue };
    }
    if (time === null || bodies.length === 0) {
      return;
    }
    const pending: PendingRow = {
      bodies,
      time,
      line: row.line,
      rowId: (row.fields[header.positions.get('index') ?? 0] ?? '').trim(),
      deviceId: this.deviceId(),
      sourceCells: this.sourceCells(cells, bodies),
    };
    for (const resolved of this.section.times.add(time.wallMs, pending)) {
      yield* this.emitRecords(resolved);
    }
  }

  /** Yields the records of the current section's rows still waiting. */
  private *endSection(): Generator<ReadEvent> {
    for (const resolved of this.section.times.flush()) {
      yield* this.emitRecords(resolved);
    }
  }

  private *emitRecords(resolved: ResolvedItem<PendingRow>): Generator<ReadEvent> {
    const { bodies, deviceId, line, sourceCells } = resolved.item;
    const time = {
      deviceTime: resolved.item.time.deviceTime,
      wallMs: resolved.item.time.wallMs,
      instantMs: resolved.instantMs,
      resolution: resolved.resolution,
    };
    this.setBasalDurations(bodies, deviceId, time.instantMs);
    const place = { fileName: this.fileName, line, rowId: resolved.item.rowId };
    const base = baseFields(time, place, deviceId, this.timezone);
    for (let position = 0; position < bodies.length; position += 1) {
      const body = bodies[position] as RecordBody;
      const record = buildRecord(base, body, position === 0 ? sourceCells : null);
      if (!this.settingsEmitted) {
        this.settingsEmitted = true;
        const settings = buildSettingsRecord(this.settings(), record, {
          fileName: this.fileName,
          line: this.firstLine ?? line,
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
      const serial = this.section.serialNumber || preamble.serialNumber || 'unknown';
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
  clock: ZoneClock,
): SectionState {
  return {
    kind,
    device,
    serialNumber,
    header: null,
    deviceId: null,
    headerMissingReported: false,
    times: new RepeatedHourResolver('newestFirst', clock),
  };
}

function fileIssue(file: string | null, line: number | null, message: string): ReadIssue {
  return { file, line, column: null, value: null, message, severity: 'error' };
}
