import { describe, expect, it } from 'vitest';

import { convertFromMgDl, formatGlucose, formatGlucoseNumber } from './glucose-units.ts';

describe('glucose units', () => {
  it('converts mg/dL to mmol/L', () => {
    // 180 / 18.01559 = 9.991346...
    expect(convertFromMgDl(180, 'mmol/L')).toBeCloseTo(9.991346, 5);
    expect(convertFromMgDl(180, 'mg/dL')).toBe(180);
  });

  it('formats consensus cut-offs in mmol/L', () => {
    // 54, 70, 180 and 250 mg/dL are stated as 3.0, 3.9, 10.0 and 13.9 mmol/L.
    expect(formatGlucoseNumber(54, 'mmol/L')).toBe('3.0');
    expect(formatGlucoseNumber(70, 'mmol/L')).toBe('3.9');
    expect(formatGlucoseNumber(180, 'mmol/L')).toBe('10.0');
    expect(formatGlucoseNumber(250, 'mmol/L')).toBe('13.9');
  });

  it('rounds mg/dL to whole numbers', () => {
    expect(formatGlucose(154.6, 'mg/dL')).toBe('155 mg/dL');
    expect(formatGlucose(40, 'mmol/L')).toBe('2.2 mmol/L');
  });
});
