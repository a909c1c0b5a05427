/**
 * The CGM readings of the last two weeks as the patient's devices show them, for settings
 * reviews and basal titration. Fixed-size ring buffers keep memory flat over any length.
 */
export class ReadingHistory {
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  private readonly localMinutes: Int16Array;
  private next = 0;
  private size = 0;

  constructor(capacity = 14 * 288) {
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
    this.localMinutes = new Int16Array(capacity);
  }

  /** Adds a reading: epoch ms, mg/dL as shown, and local minute of the day (0..1439). */
  push(timeMs: number, valueMgDl: number, localMinute: number): void {
    this.times[this.next] = timeMs;
    this.values[this.next] = valueMgDl;
    this.localMinutes[this.next] = localMinute;
    this.next = (this.next + 1) % this.times.length;
    this.size = Math.min(this.size + 1, this.times.length);
  }

  /** Summarizes the readings since `sinceMs`, optionally only those in a local-minute window. */
  summarize(sinceMs: number, fromMinute = 0, toMinute = 1440): HistorySummary {
    let count = 0;
    let sum = 0;
    let below70 = 0;
    for (let i = 0; i < this.size; i += 1) {
      const minute = this.localMinutes[i] as number;
      if ((this.times[i] as number) < sinceMs || minute < fromMinute || minute >= toMinute) {
        continue;
      }
      const value = this.values[i] as number;
      count += 1;
      sum += value;
      if (value < 70) {
        below70 += 1;
      }
    }
    return {
      count,
      meanMgDl: count === 0 ? null : sum / count,
      below70Percent: count === 0 ? 0 : (100 * below70) / count,
    };
  }
}

/** Mean and time below 70 mg/dL of a set of readings. */
export interface HistorySummary {
  count: number;
  meanMgDl: number | null;
  below70Percent: number;
}
