import {
  CGM_SAMPLE_INTERVAL_MINUTES,
  gmiMmolMolFromMeanMgDl,
  gmiPercentFromMeanMgDl,
  MIN_SUFFICIENT_PERIOD_DAYS,
  MIN_SUFFICIENT_PRESENT_PERCENT,
  smoothAcrossBins,
  timeInRangesFromTotals,
  type AmbulatoryGlucoseProfile,
  type GlucoseStatistics,
} from '@phoenix/domain';
import type { SqlClient } from './storage.ts';

const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;

/** Totals of CGM readings over a period, as the aggregate read functions return them. */
export interface GlucoseTotals {
  readingCount: number;
  /** Mean of the glucose used for averages in mg/dL; null without readings. */
  meanMgDl: number | null;
  /** Sample variance (n − 1) in (mg/dL)²; null for fewer than 2 readings. */
  varianceMgDl: number | null;
  bands: { veryLow: number; low: number; target: number; high: number; veryHigh: number };
  outOfRange: { low: number; high: number };
  /**
   * Distinct days that hold a reading: calendar days in the zone given to `readGlucoseTotals`,
   * UTC days otherwise.
   */
  daysWithData: number;
  /** Distinct UTC hours that hold a reading. */
  hoursWithData: number;
}

/** Options of the one-patient aggregate reads. */
export interface AggregateReadOptions {
  /**
   * IANA zone whose calendar days `daysWithData` counts, as `computeGlucoseStatistics` does
   * with its `timezone` option; UTC days when absent.
   */
  timezone?: string;
}

type TotalsRow = {
  reading_count: string;
  mean_mg_dl: number | null;
  variance_mg_dl: number | null;
  very_low_count: string;
  low_count: string;
  target_count: string;
  high_count: string;
  very_high_count: string;
  out_of_range_low_count: string;
  out_of_range_high_count: string;
  days_with_data: string;
  hours_with_data: string;
};

function totalsFromRow(row: TotalsRow): GlucoseTotals {
  return {
    readingCount: Number(row.reading_count),
    meanMgDl: row.mean_mg_dl,
    varianceMgDl: row.variance_mg_dl,
    bands: {
      veryLow: Number(row.very_low_count),
      low: Number(row.low_count),
      target: Number(row.target_count),
      high: Number(row.high_count),
      veryHigh: Number(row.very_high_count),
    },
    outOfRange: {
      low: Number(row.out_of_range_low_count),
      high: Number(row.out_of_range_high_count),
    },
    daysWithData: Number(row.days_with_data),
    hoursWithData: Number(row.hours_with_data),
  };
}

/**
 * Infer the CGM's reading interval from the readings per hour that contains any: fewer than 6 (a
 * gap of 10 minutes or more) means the 15 minutes of Libre 2 historic data, otherwise the
 * 5 minutes of Dexcom and Libre 3. It is the aggregate counterpart of the domain's
 * `inferSampleIntervalMinutes`, which takes the median gap of raw reading times; the two
 * agree on data sampled at one interval.
 */
export function inferSampleIntervalFromTotals(totals: GlucoseTotals): number {
  if (totals.hoursWithData === 0) return CGM_SAMPLE_INTERVAL_MINUTES.dexcom;
  return totals.readingCount / totals.hoursWithData < 6
    ? CGM_SAMPLE_INTERVAL_MINUTES.libre2Historic
    : CGM_SAMPLE_INTERVAL_MINUTES.dexcom;
}

/**
 * Turn totals over [fromMs, toMs) into the consensus statistics of `computeGlucoseStatistics`
 * (same fields, units and rules, band limits in mg/dL). The sampling interval for
 * sufficiency is inferred with `inferSampleIntervalFromTotals` unless given.
 */
export function statisticsFromTotals(
  totals: GlucoseTotals,
  period: { fromMs: number; toMs: number; sampleIntervalMinutes?: number },
): GlucoseStatistics {
  const sdMgDl = totals.varianceMgDl === null ? null : Math.sqrt(Math.max(0, totals.varianceMgDl));
  const mean = totals.meanMgDl;
  const interval = period.sampleIntervalMinutes ?? inferSampleIntervalFromTotals(totals);
  const periodMs = period.toMs - period.fromMs;
  const periodDays = periodMs / MS_PER_DAY;
  const expectedReadings = periodMs / (interval * MS_PER_MINUTE);
  const presentPercent = Math.min(100, (100 * totals.readingCount) / expectedReadings);
  return {
    readingCount: totals.readingCount,
    outOfRangeCount: totals.outOfRange,
    meanMgDl: mean,
    sdMgDl,
    cvPercent: sdMgDl === null || mean === null || mean === 0 ? null : (100 * sdMgDl) / mean,
    gmiPercent: gmiPercentFromMeanMgDl(mean),
    gmiMmolMol: gmiMmolMolFromMeanMgDl(mean),
    timeInRanges: timeInRangesFromTotals(totals.bands),
    sufficiency: {
      periodDays,
      daysWithData: totals.daysWithData,
      expectedReadings,
      presentPercent,
      sufficient:
        periodDays >= MIN_SUFFICIENT_PERIOD_DAYS &&
        presentPercent >= MIN_SUFFICIENT_PRESENT_PERCENT,
    },
  };
}

/**
 * Read a patient's CGM totals over [from, to) from the aggregates (`glucose_statistics`, and
 * `glucose_local_days_with_data` when a zone is given). Raises SQLSTATE 42501 when the caller
 * may not read the patient and 22023 for an unknown zone.
 */
export async function readGlucoseTotals(
  client: SqlClient,
  patientId: string,
  from: Date,
  to: Date,
  options: AggregateReadOptions = {},
): Promise<GlucoseTotals> {
  if (options.timezone === undefined) {
    const result = await client.query('select * from glucose_statistics($1, $2, $3)', [
      patientId,
      from,
      to,
    ]);
    return totalsFromRow(result.rows[0] as TotalsRow);
  }
  const result = await client.query(
    `select s.*, glucose_local_days_with_data($1, $2, $3, $4) as local_days_with_data
     from glucose_statistics($1, $2, $3) s`,
    [patientId, from, to, options.timezone],
  );
  const row = result.rows[0] as TotalsRow & { local_days_with_data: string };
  return { ...totalsFromRow(row), daysWithData: Number(row.local_days_with_data) };
}

/**
 * Read a patient's consensus CGM statistics over [from, to) from the aggregates. The result
 * matches `computeGlucoseStatistics` over the same readings with the same `timezone`, with the
 * sampling interval inferred by `inferSampleIntervalFromTotals`. Raises SQLSTATE 42501 when the
 * caller may not read the patient and 22023 for an unknown zone.
 */
export async function readGlucoseStatistics(
  client: SqlClient,
  patientId: string,
  from: Date,
  to: Date,
  options: AggregateReadOptions = {},
): Promise<GlucoseStatistics> {
  const totals = await readGlucoseTotals(client, patientId, from, to, options);
  return statisticsFromTotals(totals, { fromMs: from.getTime(), toMs: to.getTime() });
}

/**
 * Read a patient's AGP over [from, to) with hourly bins of local time in the patient's zone,
 * percentiles from the aggregates (`glucose_agp`) and 1-4-1 smoothing as `computeAgp` does.
 * Raises SQLSTATE 42501 when the caller may not read the patient.
 */
export async function readAgp(
  client: SqlClient,
  patientId: string,
  from: Date,
  to: Date,
): Promise<AmbulatoryGlucoseProfile> {
  const result = await client.query('select * from glucose_agp($1, $2, $3)', [patientId, from, to]);
  const byHour = new Map(
    (
      result.rows as {
        local_hour: number;
        reading_count: string;
        p5: number;
        p25: number;
        p50: number;
        p75: number;
        p95: number;
      }[]
    ).map((row) => [row.local_hour, row]),
  );
  const percentiles = Array.from({ length: 24 }, (_, hour) => {
    const row = byHour.get(hour);
    return row ? { p5: row.p5, p25: row.p25, p50: row.p50, p75: row.p75, p95: row.p95 } : null;
  });
  const smoothed = smoothAcrossBins(percentiles);
  const bins = percentiles.map((binPercentiles, hour) => ({
    startMinute: hour * 60,
    endMinute: (hour + 1) * 60,
    readingCount: Number(byHour.get(hour)?.reading_count ?? 0),
    percentiles: binPercentiles,
    smoothedPercentiles: smoothed[hour] ?? null,
  }));
  const readingCount = bins.reduce((sum, bin) => sum + bin.readingCount, 0);
  return { binMinutes: 60, readingCount, bins };
}

/** One patient of the clinic's triage list. */
export interface TriageRow {
  patientId: string;
  displayName: string;
  timezone: string;
  /** The period: `periodDays` days ending 1 ms after the last reading (now without one). */
  from: Date;
  to: Date;
  lastReadingTime: Date | null;
  /** When the last upload batch for the patient was received. */
  lastUploadTime: Date | null;
  statistics: GlucoseStatistics;
}

/**
 * Read the triage list from the aggregates (`clinic_triage`): every patient the caller may
 * read, by display name. Each row has the consensus statistics (TIR, TBR, GMI, CV,
 * sufficiency) of the `periodDays` days (1–90) up to the patient's last reading, and the time
 * of the last upload.
 */
export async function readClinicTriage(
  client: SqlClient,
  periodDays: number,
): Promise<TriageRow[]> {
  const result = await client.query('select * from clinic_triage($1)', [periodDays]);
  return (
    result.rows as (TotalsRow & {
      patient_id: string;
      display_name: string;
      timezone: string;
      period_from: Date;
      period_to: Date;
      last_reading_time: Date | null;
      last_upload_time: Date | null;
    })[]
  ).map((row) => ({
    patientId: row.patient_id,
    displayName: row.display_name,
    timezone: row.timezone,
    from: row.period_from,
    to: row.period_to,
    lastReadingTime: row.last_reading_time,
    lastUploadTime: row.last_upload_time,
    statistics: statisticsFromTotals(totalsFromRow(row), {
      fromMs: row.period_from.getTime(),
      toMs: row.period_to.getTime(),
    }),
  }));
}
