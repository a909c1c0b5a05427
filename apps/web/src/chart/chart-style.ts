/** Series ID of the glucose line in the chart option. */
export const GLUCOSE_SERIES_ID = 'glucose';

/** Colours and marker shapes shared by the ECharts trace and its HTML legend. */
export const CHART_STYLE = {
  traceColor: '#1e293b',
  /** Consensus target green (#0BAD5A) at low opacity, for the 70–180 mg/dL band. */
  targetBandColor: 'rgba(11, 173, 90, 0.15)',
  referenceLineColor: '#64748b',
  lowMarkerColor: '#CC0019',
  highMarkerColor: '#FF6900',
} as const;

/** Target band limits and reference lines, in mg/dL (Battelino et al., Diabetes Care 2019). */
export const CHART_LIMITS_MG_DL = {
  targetLow: 70,
  targetHigh: 180,
  referenceLines: [54, 250],
  /** The y axis reaches at least this value, as on the AGP report. */
  minAxisMax: 350,
} as const;
