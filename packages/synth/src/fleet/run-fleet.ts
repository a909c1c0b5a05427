import { setTimeout as delay } from 'node:timers/promises';
import type { CanonicalRecord } from '@phoenix/domain';
import { generatePatient } from '../generate.ts';
import { getProfile } from '../profiles/index.ts';
import type { ProfileDefinition } from '../profiles/types.ts';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/** One patient of the fleet. */
export interface FleetPatient {
  /** The platform's patient ID the records are uploaded for. */
  patientId: string;
  /** Profile identifier (see `PROFILES`) or definition. */
  profile: string | ProfileDefinition;
  seed: number | string;
}

/** A batch of one patient's records, handed to the upload callback. */
export interface FleetUpload {
  patientId: string;
  records: CanonicalRecord[];
}

/** Options of `runFleet`. */
export interface FleetOptions {
  patients: readonly FleetPatient[];
  /**
   * Sends one batch to the platform, for example through the bridge's `uploadRecords` with the
   * API address and development user of the running platform. A rejected promise counts as a
   * failed upload; the fleet goes on and retries those records with the next batch.
   */
  upload(batch: FleetUpload): Promise<void>;
  /** Simulated minutes per real minute: 1 is real time, 60 an hour a minute (default 1). */
  speed?: number;
  /** Days of history uploaded at start, ending now (default 14). */
  backfillDays?: number;
  /**
   * First simulated local date, `YYYY-MM-DD`; `backfillDays` before now when unset. A fixed
   * date makes a restarted fleet produce the same records again, which uploads then skip.
   */
  startDate?: string;
  /** Simulated minutes between uploads, like a phone app's upload cycle (default 5). */
  uploadIntervalMinutes?: number;
  /** Days of data a patient can produce in all (default 365); the fleet stops after. */
  horizonDays?: number;
  /** Stops the fleet; `runFleet` then resolves with its totals. */
  signal?: AbortSignal;
  /** Clock and wait, replaceable in tests; default `Date.now` and a timer. */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Called after each upload attempt, with counts only (never record contents). */
  onUpload?: (outcome: { patientId: string; records: number; error: Error | null }) => void;
}

/** Totals of a fleet run. */
export interface FleetResult {
  uploads: number;
  records: number;
  failedUploads: number;
}

interface FleetMember {
  patientId: string;
  days: Generator<{ records: CanonicalRecord[] }>;
  /** Generated records not yet uploaded, in time order. */
  pending: CanonicalRecord[];
  exhausted: boolean;
}

/**
 * Feeds a running platform with synthetic patients as their devices would. It uploads the last
 * `backfillDays` of history first, then, every `uploadIntervalMinutes` of simulated time, the
 * records dated since. Simulated time starts now and runs `speed` times faster than real time.
 * Patients are generated lazily one day at a time, so memory stays flat. Resolves when
 * `signal` aborts or every patient reaches its horizon.
 *
 * @throws RangeError for an unknown profile or a speed not above 0.
 */
export async function runFleet(options: FleetOptions): Promise<FleetResult> {
  const speed = options.speed ?? 1;
  if (!(speed > 0)) {
    throw new RangeError(
      `Invalid speed ${speed}: expected simulated minutes per real minute above 0.`,
    );
  }
  const now = options.now ?? Date.now;
  const sleep =
    options.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }));
  const backfillDays = options.backfillDays ?? 14;
  const realStartMs = now();
  const startDate =
    options.startDate ??
    new Date(realStartMs - backfillDays * MS_PER_DAY).toISOString().slice(0, 10);
  const members = options.patients.map((member): FleetMember => {
    const profile =
      typeof member.profile === 'string' ? getProfile(member.profile) : member.profile;
    const generated = generatePatient({
      profile,
      seed: member.seed,
      days: options.horizonDays ?? 365,
      startDate,
    });
    return { patientId: member.patientId, days: generated.days, pending: [], exhausted: false };
  });

  const result: FleetResult = { uploads: 0, records: 0, failedUploads: 0 };
  const intervalMs = (options.uploadIntervalMinutes ?? 5) * MS_PER_MINUTE;
  const signal = options.signal;
  while (
    !isAborted(signal) &&
    members.some((member) => !member.exhausted || member.pending.length > 0)
  ) {
    const simulatedNowMs = realStartMs + (now() - realStartMs) * speed;
    for (const member of members) {
      await uploadDue(member, simulatedNowMs, options, result);
    }
    try {
      await sleep(intervalMs / speed, signal);
    } catch (error) {
      if (isAborted(signal)) {
        break;
      }
      throw error;
    }
  }
  return result;
}

/** Generates a member's days up to `untilMs` and uploads every record at or before it. */
async function uploadDue(
  member: FleetMember,
  untilMs: number,
  options: FleetOptions,
  result: FleetResult,
): Promise<void> {
  while (!member.exhausted && !coversUntil(member.pending, untilMs)) {
    const next = member.days.next();
    if (next.done === true) {
      member.exhausted = true;
      break;
    }
    member.pending.push(...next.value.records);
  }
  let count = 0;
  while (
    count < member.pending.length &&
    Date.parse((member.pending[count] as CanonicalRecord).time) <= untilMs
  ) {
    count += 1;
  }
  if (count === 0) {
    return;
  }
  const records = member.pending.slice(0, count);
  try {
    await options.upload({ patientId: member.patientId, records });
    member.pending = member.pending.slice(count);
    result.uploads += 1;
    result.records += records.length;
    options.onUpload?.({ patientId: member.patientId, records: records.length, error: null });
  } catch (error) {
    result.failedUploads += 1;
    const failure = error instanceof Error ? error : new Error(String(error));
    options.onUpload?.({ patientId: member.patientId, records: records.length, error: failure });
  }
}

/** Returns whether pending records reach past `untilMs`, so no earlier one is still to come. */
function coversUntil(pending: readonly CanonicalRecord[], untilMs: number): boolean {
  const last = pending[pending.length - 1];
  return last !== undefined && Date.parse(last.time) > untilMs;
}

function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}
