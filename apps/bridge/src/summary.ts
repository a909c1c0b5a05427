import type { CanonicalRecord, RecordType } from '@phoenix/domain';
import type { ReadIssue } from '@phoenix/formats';

/** One pass of the wall clock through a repeated autumn hour, seen in the records. */
export interface RepeatedHourPass {
  /** UTC offset of the pass in minutes. */
  timezoneOffset: number;
  cbgCount: number;
  firstTime: string;
  lastTime: string;
}

/** Summary of a file, as `inspect` prints it. */
export interface FileSummary {
  file: string;
  format: string;
  variant: string;
  timezone: string;
  counts: Partial<Record<RecordType, number>>;
  outOfRange: { low: number; high: number };
  firstTime: string | null;
  lastTime: string | null;
  timeResolution: Record<string, number>;
  /** Repeated autumn hours, keyed by the local hour `YYYY-MM-DDTHH`. */
  repeatedHours: Record<string, RepeatedHourPass[]>;
  /** True when, inside each repeated hour, UTC order matches the transmitter clock. */
  transmitterOrderConsistent: boolean;
  issues: ReadIssue[];
}

/** Summarise the records and issues read from one file. */
export function summarise(
  file: string,
  detection: { format: string; variant: string },
  timezone: string,
  records: readonly CanonicalRecord[],
  issues: readonly ReadIssue[],
): FileSummary {
  const counts: Partial<Record<RecordType, number>> = {};
  const timeResolution: Record<string, number> = {};
  const outOfRange = { low: 0, high: 0 };
  let firstTime: string | null = null;
  let lastTime: string | null = null;

  for (const record of records) {
    counts[record.type] = (counts[record.type] ?? 0) + 1;
    timeResolution[record.timeResolution] = (timeResolution[record.timeResolution] ?? 0) + 1;
    if (record.type === 'cbg' && record.outOfRange) outOfRange[record.outOfRange] += 1;
    if (firstTime === null || record.time < firstTime) firstTime = record.time;
    if (lastTime === null || record.time > lastTime) lastTime = record.time;
  }

  const { repeatedHours, consistent } = describeRepeatedHours(records);
  return {
    file,
    format: detection.format,
    variant: detection.variant,
    timezone,
    counts,
    outOfRange,
    firstTime,
    lastTime,
    timeResolution,
    repeatedHours,
    transmitterOrderConsistent: consistent,
    issues: [...issues],
  };
}

function describeRepeatedHours(records: readonly CanonicalRecord[]) {
  const byHour = new Map<string, CanonicalRecord[]>();
  for (const record of records) {
    if (record.type !== 'cbg') continue;
    if (record.timeResolution !== 'resolved' && record.timeResolution !== 'ambiguous') continue;
    const hour = record.deviceTime.slice(0, 13);
    byHour.set(hour, [...(byHour.get(hour) ?? []), record]);
  }

  const repeatedHours: Record<string, RepeatedHourPass[]> = {};
  let consistent = true;
  for (const [hour, inHour] of byHour) {
    const passes = new Map<number, CanonicalRecord[]>();
    for (const record of inHour) {
      passes.set(record.timezoneOffset, [...(passes.get(record.timezoneOffset) ?? []), record]);
    }
    repeatedHours[hour] = [...passes.entries()]
      .map(([timezoneOffset, passRecords]) => {
        const times = passRecords.map((record) => record.time).sort();
        return {
          timezoneOffset,
          cbgCount: passRecords.length,
          firstTime: times[0]!,
          lastTime: times[times.length - 1]!,
        };
      })
      .sort((a, b) => a.firstTime.localeCompare(b.firstTime));
    consistent &&= transmitterOrderMatches(inHour);
  }
  return { repeatedHours, consistent };
}

function transmitterOrderMatches(records: CanonicalRecord[]): boolean {
  const withClock = records
    .filter((record) => record.type === 'cbg' && record.transmitterTimeSec != null)
    .sort((a, b) => a.time.localeCompare(b.time));
  for (let i = 1; i < withClock.length; i++) {
    const previous = withClock[i - 1]!;
    const current = withClock[i]!;
    if (previous.type !== 'cbg' || current.type !== 'cbg') continue;
    if ((current.transmitterTimeSec ?? 0) <= (previous.transmitterTimeSec ?? 0)) return false;
  }
  return true;
}

/** Render a summary as the text `inspect` prints. */
export function formatSummary(summary: FileSummary): string {
  const lines = [
    `file:        ${summary.file}`,
    `format:      ${summary.format} (variant ${summary.variant})`,
    `time zone:   ${summary.timezone}`,
    `records:     ${
      Object.entries(summary.counts)
        .map(([type, count]) => `${type} ${count}`)
        .join(', ') || 'none'
    }`,
    `out of range: Low ${summary.outOfRange.low}, High ${summary.outOfRange.high} (CGM readings)`,
    `time range:  ${summary.firstTime ?? '-'} to ${summary.lastTime ?? '-'} (UTC)`,
    `times:       ${Object.entries(summary.timeResolution)
      .map(([kind, count]) => `${kind} ${count}`)
      .join(', ')}`,
  ];
  for (const [hour, passes] of Object.entries(summary.repeatedHours)) {
    lines.push(`repeated hour ${hour}:00–${hour.slice(11)}:59 local, ${passes.length} passes:`);
    passes.forEach((pass, index) => {
      lines.push(
        `  pass ${index + 1}: UTC${formatOffset(pass.timezoneOffset)}, ${pass.cbgCount} CGM readings, ` +
          `${pass.firstTime} to ${pass.lastTime}`,
      );
    });
    lines.push(
      `  order by transmitter clock: ${summary.transmitterOrderConsistent ? 'consistent' : 'INCONSISTENT'}`,
    );
  }
  lines.push(`issues:      ${summary.issues.length === 0 ? 'none' : summary.issues.length}`);
  for (const issue of summary.issues.slice(0, 50)) lines.push(`  ${formatIssue(issue)}`);
  if (summary.issues.length > 50) lines.push(`  … and ${summary.issues.length - 50} more`);
  return lines.join('\n');
}

/** `file:line: column "value": message`, leaving out what the issue lacks. */
export function formatIssue(issue: ReadIssue): string {
  const place = [issue.file ?? '-', issue.line ?? ''].filter((part) => part !== '').join(':');
  const column = issue.column ? ` column ${issue.column}` : '';
  const value = issue.value !== null ? ` value ${JSON.stringify(shorten(issue.value))}` : '';
  return `${issue.severity} ${place}${column}${value}: ${issue.message}`;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
}

/** Cut a value echoed in a message to 100 characters, so one huge field cannot flood output. */
function shorten(value: string): string {
  return value.length > 100 ? `${value.slice(0, 100)}… (${value.length} characters)` : value;
}
