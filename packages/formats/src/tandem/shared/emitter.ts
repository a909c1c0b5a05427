import { RepeatedHourResolver, type ResolvedItem } from '../../core/repeated-hour.ts';
import type { ReadEvent, ReadIssue } from '../../core/types.ts';
import { ZoneClock } from '../../core/zone-clock.ts';
import type { RecordBody, SourceCells, TandemSettings } from './record-body.ts';
import { baseFields, buildRecord, buildSettingsRecord, type WallTime } from './records.ts';

/** The pump a row names, where it names one. */
export interface RowDevice {
  deviceType: string | null;
  serialNumber: string | null;
}

/** A data row read up to its time, which the emitter resolves. */
export interface PendingRow {
  bodies: RecordBody[];
  time: WallTime;
  line: number;
  deviceId: string;
  device: RowDevice;
  /** Cells of the row that no record field contains, which go on the row's first record. */
  sourceCells: SourceCells;
}

/**
 * Turns the bodies of each row into records and yields them, the row's leftover cells on the
 * first. Before the first record of each pump whose Device Type is known, and before the
 * file's first record, it yields a `pumpSettings` record naming the pump.
 *
 * Tandem files list each section oldest first, so a time in the repeated autumn hour is
 * resolved from the order of the section's rows (see `RepeatedHourResolver`). Rows after the
 * wall clock steps back take the later instant. Such rows wait until the section leaves the
 * hour, and records keep file order.
 */
export class RecordEmitter {
  /** Data records yielded so far. */
  dataRecords = 0;
  private readonly devicesNamed = new Set<string>();
  private readonly times: RepeatedHourResolver<PendingRow>;

  /**
   * @param preamble settings to add to the file's first settings record (the t:connect
   *   preamble); null when the format has none.
   */
  constructor(
    private readonly format: string,
    private readonly fileName: string | null,
    private readonly timezone: string,
    private readonly preamble: Partial<TandemSettings> | null,
  ) {
    this.times = new RepeatedHourResolver('oldestFirst', new ZoneClock(timezone));
  }

  /** Adds the next row of the current section and yields the records that are resolved now. */
  *add(row: PendingRow): Generator<ReadEvent> {
    for (const resolved of this.times.add(row.time.wallMs, row)) {
      yield* this.emit(resolved);
    }
  }

  /** Ends the current section and yields the records of the rows still waiting. */
  *endSection(): Generator<ReadEvent> {
    for (const resolved of this.times.flush()) {
      yield* this.emit(resolved);
    }
  }

  private *emit(resolved: ResolvedItem<PendingRow>): Generator<ReadEvent> {
    const row = resolved.item;
    const time = {
      deviceTime: row.time.deviceTime,
      wallMs: row.time.wallMs,
      instantMs: resolved.instantMs,
      resolution: resolved.resolution,
    };
    const place = { format: this.format, fileName: this.fileName, line: row.line };
    const base = baseFields(time, place, row.deviceId, this.timezone);
    for (let position = 0; position < row.bodies.length; position += 1) {
      const body = row.bodies[position] as RecordBody;
      const record = buildRecord(base, body, position === 0 ? row.sourceCells : null);
      const settings = this.settingsFor(row.device);
      if (settings !== null) {
        yield { kind: 'record', record: buildSettingsRecord(settings, record) };
      }
      this.dataRecords += 1;
      yield { kind: 'record', record };
    }
  }

  private settingsFor(device: RowDevice): TandemSettings | null {
    const key = `${device.serialNumber ?? ''}\u0000${device.deviceType ?? ''}`;
    const first = this.dataRecords === 0 && this.preamble !== null;
    const named = device.deviceType !== null && !this.devicesNamed.has(key);
    if (!first && !named) {
      return null;
    }
    if (device.deviceType !== null) {
      this.devicesNamed.add(key);
    }
    return { ...device, ...(first ? this.preamble : {}) };
  }
}

/** Yields issues as read events. */
export function* issueEvents(issues: readonly ReadIssue[]): Generator<ReadEvent> {
  for (const issue of issues) {
    yield { kind: 'issue', issue };
  }
}

/** Builds an error about the whole file (line null) or one row. */
export function fileIssue(file: string | null, line: number | null, message: string): ReadIssue {
  return { file, line, column: null, value: null, message, severity: 'error' };
}
