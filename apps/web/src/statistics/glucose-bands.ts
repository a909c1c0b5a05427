import type { TimeInRangesPercent } from '../api/types.ts';
import type { GlucoseUnit } from '../units/glucose-units.ts';

/** One consensus glucose band as shown in the time-in-ranges bar. */
export interface GlucoseBandDisplay {
  key: 'veryHigh' | 'high' | 'target' | 'low' | 'veryLow';
  name: string;
  /** Field of `TimeInRangesPercent` that contains the band's share. */
  field: keyof TimeInRangesPercent;
  /** Colour in common use on AGP reports. */
  color: string;
  /** Limits as the consensus states them, in each unit. */
  limits: Record<GlucoseUnit, string>;
}

/**
 * The five bands of Battelino et al. (Diabetes Care 2019), very high first, as the AGP report
 * stacks them (very high at the top).
 */
export const GLUCOSE_BANDS: readonly GlucoseBandDisplay[] = [
  {
    key: 'veryHigh',
    name: 'Very high',
    field: 'veryHighPercent',
    color: '#FF6900',
    limits: { 'mg/dL': 'above 250 mg/dL', 'mmol/L': 'above 13.9 mmol/L' },
  },
  {
    key: 'high',
    name: 'High',
    field: 'highPercent',
    color: '#FFBF00',
    limits: { 'mg/dL': '181–250 mg/dL', 'mmol/L': '10.1–13.9 mmol/L' },
  },
  {
    key: 'target',
    name: 'Target',
    field: 'targetPercent',
    color: '#0BAD5A',
    limits: { 'mg/dL': '70–180 mg/dL', 'mmol/L': '3.9–10.0 mmol/L' },
  },
  {
    key: 'low',
    name: 'Low',
    field: 'lowPercent',
    color: '#FF0000',
    limits: { 'mg/dL': '54–69 mg/dL', 'mmol/L': '3.0–3.8 mmol/L' },
  },
  {
    key: 'veryLow',
    name: 'Very low',
    field: 'veryLowPercent',
    color: '#CC0019',
    limits: { 'mg/dL': 'below 54 mg/dL', 'mmol/L': 'below 3.0 mmol/L' },
  },
];
