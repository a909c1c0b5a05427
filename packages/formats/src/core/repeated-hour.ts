/**
 * Resolves the repeated autumn hour from the order of rows, for exports that carry no clock
 * independent of the device's wall clock but sort each section by time.
 *
 * When clocks go back (Europe/Berlin 2024-10-27 03:00 CEST becomes 02:00 CET), every wall time
 * from 02:00:00 to 02:59:59 occurs twice. A section sorted oldest first lists the first pass,
 * then the wall clock steps back and the second pass follows. A section sorted newest first
 * lists the second pass, then the wall clock steps forward into the first pass. Rows before
 * such a step and rows after it therefore belong to different passes, and each takes its own
 * candidate instant (`resolved`).
 *
 * Where order cannot decide, rows keep the earlier instant and are `ambiguous`. That is the case
 * for a repeated hour without a step (one pass only, or a single row) and for equal wall times
 * on both sides of the change. It is also the case for a run with more than one step, because
 * no sorted section has three passes.
 */
import type { TimeResolution } from '@phoenix/domain';
import type { ZoneClock } from './zone-clock.ts';

/** Order of the rows of a section by time. */
export type RowOrder = 'oldestFirst' | 'newestFirst';

/** An item with the UTC instant its wall-clock time resolved to. */
export interface ResolvedItem<T> {
  item: T;
  instantMs: number;
  resolution: TimeResolution;
}

interface PendingItem<T> {
  item: T;
  wallMs: number;
  earlierMs: number;
  laterMs: number;
  /** True when a step between passes came before this row in the section. */
  afterStep: boolean;
}

/**
 * Maximum rows waiting in one repeated hour before they are released `ambiguous`, so that memory
 * stays bounded. Both passes of an hour of 1-minute readings are 120 rows.
 */
const MAX_PENDING_ROWS = 10_000;

/**
 * Resolves the wall-clock times of one section, in file order. Rows outside a repeated hour
 * are released at once. Rows inside one wait until the section leaves the hour, because a step
 * between passes later in the file decides them. Released items keep file order.
 */
export class RepeatedHourResolver<T> {
  private pending: PendingItem<T>[] = [];
  private steps = 0;

  constructor(
    private readonly order: RowOrder,
    private readonly clock: ZoneClock,
  ) {}

  /**
   * Adds the next row of the section with its wall-clock time (read as if it were UTC) and
   * returns the items that are resolved now, in file order.
   */
  add(wallMs: number, item: T): ResolvedItem<T>[] {
    const candidates = this.clock.candidates(wallMs);
    const [earlierMs, laterMs] = candidates.candidatesMs;
    if (candidates.kind !== 'ambiguous' || earlierMs === undefined || laterMs === undefined) {
      const released = this.pending.length === 0 ? [] : this.flush();
      released.push({ item, instantMs: candidates.instantMs, resolution: candidates.kind });
      return released;
    }

    let released: ResolvedItem<T>[] = [];
    const last = this.pending.at(-1);
    if (last !== undefined && Math.abs(wallMs - last.wallMs) >= laterMs - earlierMs) {
      // The rows waiting so far are from another repeated hour.
      released = this.flush();
    } else if (last !== undefined && this.isStep(last.wallMs, wallMs)) {
      this.steps += 1;
    }
    this.pending.push({ item, wallMs, earlierMs, laterMs, afterStep: this.steps > 0 });
    if (this.pending.length >= MAX_PENDING_ROWS) {
      this.steps = 0;
      released.push(...this.flush());
    }
    return released;
  }

  /** Ends the section and returns every item still waiting, in file order. */
  flush(): ResolvedItem<T>[] {
    const decided = this.steps === 1;
    const released = this.pending.map((row): ResolvedItem<T> => {
      if (!decided) {
        return { item: row.item, instantMs: row.earlierMs, resolution: 'ambiguous' };
      }
      const firstPass = (this.order === 'oldestFirst') !== row.afterStep;
      const instantMs = firstPass ? row.earlierMs : row.laterMs;
      return { item: row.item, instantMs, resolution: 'resolved' };
    });
    this.pending = [];
    this.steps = 0;
    return released;
  }

  /** True when the wall clock moves against the section's order from one row to the next. */
  private isStep(previousWallMs: number, wallMs: number): boolean {
    return this.order === 'oldestFirst' ? wallMs < previousWallMs : wallMs > previousWallMs;
  }
}
