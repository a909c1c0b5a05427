import { describe, expect, it } from 'vitest';
import { MG_DL_PER_MMOL_L, mgDlToMmolL, mmolLToMgDl } from './units.ts';

describe('glucose units', () => {
  it('uses the factor 18.01559', () => {
    expect(MG_DL_PER_MMOL_L).toBe(18.01559);
  });

  it('converts known values', () => {
    // 5.5 × 18.01559 = 99.085745; 180 / 18.01559 = 9.99 + 0.0242559 / 18.01559 = 9.9913464
    expect(mmolLToMgDl(5.5)).toBeCloseTo(99.085745, 9);
    expect(mgDlToMmolL(180)).toBeCloseTo(9.9913464, 6);
    expect(mmolLToMgDl(0)).toBe(0);
  });

  it('round-trips one-decimal mmol/L from 1.1 to 33.3', () => {
    for (let tenths = 11; tenths <= 333; tenths++) {
      const mmolL = tenths / 10;
      const back = Math.round(mgDlToMmolL(mmolLToMgDl(mmolL)) * 10) / 10;
      expect(back).toBe(mmolL);
    }
  });

  it('round-trips integer mg/dL from 20 to 600', () => {
    for (let mgDl = 20; mgDl <= 600; mgDl++) {
      const back = Math.round(mmolLToMgDl(mgDlToMmolL(mgDl)));
      expect(back).toBe(mgDl);
    }
  });
});
