/**
 * The interface between the benchmark runner (`bench/run.ts`) and its suites. A suite is a file
 * in `bench/suites/` whose default export is a `BenchSuite`; see `bench/README.md`.
 */

/** A group of related measurements, such as the throughput of every export reader. */
export interface BenchSuite {
  /** Short kebab-case name, unique among suites: `readers`, `storage`. */
  name: string;
  /** One or two sentences on what the suite measures, shown above its table. */
  description: string;
  /**
   * Builds the inputs (outside any timing) and returns the cases to measure. Throwing fails
   * the suite alone; the runner reports the error and goes on with the next suite.
   */
  setup(context: SuiteContext): Promise<BenchCase[]> | BenchCase[];
  /** Releases what `setup` acquired (servers, temporary files); called after the last case. */
  teardown?(): Promise<void> | void;
}

/** What the runner passes to a suite's `setup`. */
export interface SuiteContext {
  /** Writes a progress line to standard error; never pass health data. */
  log(message: string): void;
}

/** One measurement: a piece of work, timed beside its baseline. */
export interface BenchCase {
  /** Name shown in the table: the format, the query, the table. */
  name: string;
  /** Units of work one run of `run` does, for example the rows it reads. */
  units: number;
  /** Plural name of the unit: `rows`, `records`, `requests`. */
  unit: string;
  /** Size of the input, in words, for the report: `26,041 rows, 1.6 MB (fixture x.csv)`. */
  input: string;
  /** The work to time. Its result is kept out of dead-code elimination. */
  run(): unknown;
  baseline: Baseline;
  /**
   * Numbers of runs in place of the defaults. `warmups` is the untimed runs (1 by default).
   * `minRuns` is the timed runs a case stops after once the time budget is spent (3 by default,
   * fewer for a case whose one run takes minutes). `repeats` is the max number of timed runs,
   * more for a case whose runs vary widely, and `--repeats` overrides it.
   */
  runs?: { warmups?: number; minRuns?: number; repeats?: number };
}

/**
 * What a case is compared with, reported as a ratio of throughputs (case ÷ baseline):
 *
 * - `measured`: a simpler piece of work on the same input, timed in the same run the same way,
 *   so the ratio does not depend on the machine's speed;
 * - `reference`: a fixed throughput from elsewhere, with its source, for work that has no
 *   simple equivalent to run here.
 */
export type Baseline =
  | {
      kind: 'measured';
      name: string;
      run(): unknown;
      /** Units of work one run does; defaults to the case's `units`. */
      units?: number;
    }
  | {
      kind: 'reference';
      name: string;
      unitsPerSecond: number;
      /** Where the figure comes from: document, machine and method. */
      source: string;
    };

/** The measured outcome of one case. */
export interface CaseResult {
  suite: string;
  name: string;
  unit: string;
  input: string;
  /** Median time of one run in milliseconds, and the number of timed runs. */
  medianMs: number;
  runs: number;
  /** Units per second at the median time. */
  unitsPerSecond: number;
  baselineName: string;
  baselineUnitsPerSecond: number;
  /** Median time of one baseline run in milliseconds; null for a reference baseline. */
  baselineMedianMs: number | null;
  /** `unitsPerSecond ÷ baselineUnitsPerSecond`. */
  ratio: number;
}

/** A suite that failed in `setup` or in a case, with the error message. */
export interface SuiteFailure {
  suite: string;
  message: string;
}
