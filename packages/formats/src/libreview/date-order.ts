import type { ReadIssue } from '../core/types.ts';
import { orderEvidence, type DateOrder } from './dates.ts';
import type { LibreViewDraft } from './row-parser.ts';

/** A row read after the header, with the issues it gave, waiting to be released in file order. */
export interface PendingRow {
  draft: LibreViewDraft | null;
  issues: ReadIssue[];
}

/**
 * Rows held at most while the day/month order is undecided, so memory stays bounded. 50,000
 * rows are about 5 weeks of a FreeStyle Libre 3 that writes a reading every 5 minutes and a
 * view every minute. Past this the default order is used.
 */
export const MAX_PENDING_ROWS = 50_000;

/**
 * Holds rows in file order until the file's day/month order is known. The first `NN-NN-YYYY`
 * date with a field above 12 decides it. Rows that do not need the order (`YYYY-MM-DD` dates,
 * rejected rows) wait only behind rows that do.
 */
export class DateOrderBuffer {
  private readonly rows: PendingRow[] = [];
  private twelveHourSeen = false;
  private decidedBy: 'option' | 'data' | 'default' | null;
  order: DateOrder | null;

  constructor(forced: DateOrder | undefined) {
    this.order = forced ?? null;
    this.decidedBy = forced === undefined ? null : 'option';
  }

  /** Queues a row and learns the order from its date if it proves one. */
  add(row: PendingRow): void {
    const timestamp = row.draft?.timestamp;
    if (timestamp !== undefined) {
      this.twelveHourSeen ||= timestamp.twelveHour;
      const evidence = this.order === null ? orderEvidence(timestamp) : null;
      if (evidence !== null) {
        this.order = evidence;
        this.decidedBy = 'data';
      }
    }
    this.rows.push(row);
  }

  /** True when rows wait for an order that the data has not decided and the buffer is full. */
  get full(): boolean {
    return this.order === null && this.rows.length > MAX_PENDING_ROWS;
  }

  /** True when some queued row still needs the order. */
  get undecided(): boolean {
    return this.order === null && this.rows.some(needsOrder);
  }

  /**
   * Chooses the order for a file whose dates never decide it: month-first when the file uses
   * the 12-hour clock, as United States accounts do, otherwise day-first.
   */
  chooseDefault(): DateOrder {
    this.order = this.twelveHourSeen ? 'monthFirst' : 'dayFirst';
    this.decidedBy = 'default';
    return this.order;
  }

  /** Source of the order once decided: the read option, a date of the file, or the default. */
  get decision(): 'option' | 'data' | 'default' | null {
    return this.decidedBy;
  }

  /** Removes and returns the rows at the front that can be resolved now. */
  release(): PendingRow[] {
    let count = 0;
    while (count < this.rows.length) {
      const row = this.rows[count] as PendingRow;
      if (this.order === null && needsOrder(row)) {
        break;
      }
      count += 1;
    }
    return this.rows.splice(0, count);
  }
}

function needsOrder(row: PendingRow): boolean {
  return row.draft?.timestamp.kind === 'dayMonth';
}
