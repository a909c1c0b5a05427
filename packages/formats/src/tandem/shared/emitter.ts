import type { ReadEvent, ReadIssue } from '../../core/types.ts';
import type { RecordBody, SourceCells, TandemSettings } from './record-body.ts';
import { baseFields, buildRecord, buildSettingsRecord, type RowTime } from './records.ts';

/** The pump a row names, where it names one. */
export interface RowDevice {
  deviceType: string | null;
  serialNumber: string | null;
}

/**
 * Turns the bodies of each row into records and yields them, the row's leftover cells on the
 * first. Before the first record of each pump whose Device Type is known, and before the
 * file's first record, it yields a `pumpSettings` record naming the pump.
 */
export class RecordEmitter {
  /** Data records yielded so far. */
  dataRecords = 0;
  private readonly devicesNamed = new Set<string>();

  /**
   * @param preamble settings to add to the file's first settings record (the t:connect
   *   preamble); null when the format has none.
   */
  constructor(
    private readonly format: string,
    private readonly fileName: string | null,
    private readonly timezone: string,
    private readonly preamble: Partial<TandemSettings> | null,
  ) {}

  *emit(
    bodies: RecordBody[],
    time: RowTime,
    line: number,
    deviceId: string,
    device: RowDevice,
    sourceCells: SourceCells,
  ): Generator<ReadEvent> {
    const place = { format: this.format, fileName: this.fileName, line };
    const base = baseFields(time, place, deviceId, this.timezone);
    for (const [position, body] of bodies.entries()) {
      const record = buildRecord(base, body, position === 0 ? sourceCells : null);
      const settings = this.settingsFor(device);
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
