import { wallTimeCandidates, type LocalTimeCandidates, type TimeResolution } from '@phoenix/domain';
import type { DataDraft } from './row-parser.ts';
import { TransmitterClock } from './transmitter-clock.ts';

/** A draft whose device time is resolved to a UTC instant. */
export interface ResolvedDraft extends DataDraft {
  deviceId: string;
  instantMs: number;
  resolution: TimeResolution;
}

interface PendingDraft {
  draft: DataDraft;
  deviceId: string;
  candidates: LocalTimeCandidates;
}

/**
 * Maximum rows held while a repeated-hour row waits for a later exact row of its transmitter.
 * Past this the row is marked `ambiguous`, so memory stays bounded. One hour of 5-minute
 * readings is 12 rows.
 */
const MAX_PENDING_ROWS = 10_000;

/**
 * Turns device times into UTC instants in file order. Rows in the repeated autumn hour that
 * carry transmitter time are resolved by the transmitter clock. When no earlier exact row of
 * that transmitter exists (the file starts inside the repeated hour, or a new transmitter starts
 * there), such a row waits for a later one. The rows after it wait too, so output keeps file
 * order.
 */
export class TimeResolver {
  private readonly clock = new TransmitterClock();
  private readonly pending: PendingDraft[] = [];

  constructor(private readonly timezone: string) {}

  /** Queues a draft; its clock evidence is learned at once, before earlier rows are released. */
  add(draft: DataDraft, deviceId: string): void {
    const candidates = wallTimeCandidates(draft.wallMs, this.timezone);
    const [onlyInstant] = candidates.candidatesMs;
    if (
      candidates.kind === 'exact' &&
      onlyInstant !== undefined &&
      draft.transmitterId !== null &&
      draft.transmitterTimeSec !== null
    ) {
      this.clock.observe(draft.transmitterId, draft.transmitterTimeSec, onlyInstant);
    }
    this.pending.push({ draft, deviceId, candidates });
  }

  /**
   * Returns the queued drafts that can be resolved now, in file order. With `final`, resolves
   * all, marking rows that never found clock evidence `ambiguous`.
   */
  drain(final: boolean): ResolvedDraft[] {
    const resolved: ResolvedDraft[] = [];
    while (this.pending.length > 0) {
      const front = this.pending[0] as PendingDraft;
      const force = final || this.pending.length > MAX_PENDING_ROWS;
      const result = this.resolve(front, force);
      if (result === null) {
        break;
      }
      this.pending.shift();
      resolved.push(result);
    }
    return resolved;
  }

  /** Resolves one draft, or returns null when it should wait for clock evidence. */
  private resolve(pending: PendingDraft, force: boolean): ResolvedDraft | null {
    const { draft, deviceId, candidates } = pending;
    const base = { ...draft, deviceId };
    if (candidates.kind === 'exact') {
      return { ...base, instantMs: candidates.instantMs, resolution: 'exact' };
    }
    if (candidates.kind === 'nonexistent') {
      return { ...base, instantMs: candidates.instantMs, resolution: 'nonexistent' };
    }

    if (draft.transmitterId !== null && draft.transmitterTimeSec !== null) {
      const choice = this.clock.choose(
        draft.transmitterId,
        draft.transmitterTimeSec,
        candidates.candidatesMs,
      );
      if (choice.kind === 'chosen') {
        return { ...base, instantMs: choice.instantMs, resolution: 'resolved' };
      }
      if (choice.kind === 'noReference' && !force) {
        return null;
      }
    }
    return { ...base, instantMs: candidates.instantMs, resolution: 'ambiguous' };
  }
}
