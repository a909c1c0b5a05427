import { exponential, logNormal } from '../random/distributions.ts';
import type { Random } from '../random/prng.ts';
import { drawSensorError, SensorError } from './cgm-error.ts';
import type { CgmSpec } from './cgm-specs.ts';
import { drawSerial } from './device-ids.ts';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/** A transmitter and its clock: Dexcom transmitters count seconds since activation. */
export interface Transmitter {
  id: string;
  activatedMs: number;
  /** Expiry of a reusable transmitter, epoch ms; Infinity for one that lives with its sensor. */
  expiresMs: number;
  /** Clock rate error, parts per million: the transmitter's second lasts (1 + ppm·1e-6) s. */
  driftPpm: number;
}

/** A period without readings inside a session, epoch ms. */
export interface SignalGap {
  startMs: number;
  endMs: number;
}

/** One sensor from insertion to removal. */
export interface SensorSession {
  index: number;
  insertedMs: number;
  /** First reading no earlier than this. */
  warmupEndMs: number;
  /** Last reading before this (nominal life plus grace, or an early failure). */
  endMs: number;
  endedEarly: boolean;
  transmitter: Transmitter;
  gaps: SignalGap[];
  error: SensorError;
}

/**
 * Rates of signal loss per day by length: short losses of one or a few readings, gaps of
 * half an hour to two hours, and long gaps of hours when the phone was out of reach. NOTE:
 * chosen to match the gap pattern of real Clarity exports (about two single missed readings a
 * day and a gap of an hour or more every few days), not taken from a study.
 */
const GAPS_PER_DAY = { short: 1.6, medium: 0.25, long: 0.06 };

/** Plans a new session inserted at `insertedMs`, reusing `previous` transmitter while valid. */
export function planSession(
  random: Random,
  spec: CgmSpec,
  index: number,
  insertedMs: number,
  previous: Transmitter | null,
): SensorSession {
  const transmitter = chooseTransmitter(random, spec, insertedMs, previous, index === 0);
  const warmupEndMs = insertedMs + spec.warmupMinutes * MS_PER_MINUTE;
  const fullEndMs = insertedMs + (spec.sessionMinutes + spec.graceMinutes) * MS_PER_MINUTE;

  let endMs = fullEndMs;
  let endedEarly = false;
  if (random.chance(spec.earlyEndProbability)) {
    // Failures spread over the session after the first hours of wear.
    endMs = warmupEndMs + random.uniform() * (fullEndMs - warmupEndMs - MS_PER_DAY / 4);
    endedEarly = true;
  }
  // A reusable transmitter that expires mid-session ends the session with it.
  if (transmitter.expiresMs < endMs) {
    endMs = transmitter.expiresMs;
  }

  return {
    index,
    insertedMs,
    warmupEndMs,
    endMs,
    endedEarly,
    transmitter,
    gaps: planGaps(random, warmupEndMs, endMs),
    error: new SensorError(drawSensorError(random, spec.errorScale, spec.noiseScale), random),
  };
}

function chooseTransmitter(
  random: Random,
  spec: CgmSpec,
  insertedMs: number,
  previous: Transmitter | null,
  first: boolean,
): Transmitter {
  const kind = spec.transmitter;
  const sessionMs = spec.sessionMinutes * MS_PER_MINUTE;
  if (kind.kind === 'reusable' && previous !== null) {
    // Users change a transmitter when the app warns that less than half a session is left.
    if (previous.expiresMs - insertedMs > sessionMs / 2) {
      return previous;
    }
  }
  // The first session of a simulation may use a transmitter that has served for a while.
  let activatedMs = insertedMs;
  if (kind.kind === 'reusable' && first) {
    const spareMs = kind.lifetimeDays * MS_PER_DAY - 2 * sessionMs;
    activatedMs -= Math.floor((random.uniform() * Math.max(0, spareMs)) / sessionMs) * sessionMs;
  }
  return {
    id: drawSerial(random, kind.idPattern),
    activatedMs,
    expiresMs: kind.kind === 'reusable' ? activatedMs + kind.lifetimeDays * MS_PER_DAY : Infinity,
    driftPpm: random.between(-20, 20),
  };
}

function planGaps(random: Random, fromMs: number, toMs: number): SignalGap[] {
  const gaps: SignalGap[] = [];
  const add = (perDay: number, medianMinutes: number, cv: number, minMinutes: number): void => {
    let t = fromMs;
    for (;;) {
      t += exponential(random, MS_PER_DAY / perDay);
      if (t >= toMs) {
        return;
      }
      const minutes = Math.max(minMinutes, logNormal(random, medianMinutes, cv));
      gaps.push({ startMs: t, endMs: Math.min(toMs, t + minutes * MS_PER_MINUTE) });
    }
  };
  add(GAPS_PER_DAY.short, 6, 0.6, 3);
  add(GAPS_PER_DAY.medium, 50, 0.5, 25);
  add(GAPS_PER_DAY.long, 200, 0.6, 120);
  gaps.sort((a, b) => a.startMs - b.startMs);
  return gaps;
}

/** Returns true when `timeMs` falls in one of the session's gaps (gaps sorted by start). */
export function inGap(session: SensorSession, timeMs: number): boolean {
  for (const gap of session.gaps) {
    if (gap.startMs > timeMs) {
      return false;
    }
    if (timeMs < gap.endMs) {
      return true;
    }
  }
  return false;
}
