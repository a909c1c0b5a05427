import { describe, expect, it } from 'vitest';

import {
  estimatedA1cPercentFromMeanMgDl,
  gmiMmolMolFromMeanMgDl,
  gmiPercentFromMeanMgDl,
} from './glucose-indicators.ts';

describe('glucose indicators', () => {
  it('computes GMI from the mean', () => {
    // 3.31 + 0.02392 × 154 = 6.99368; 12.71 + 4.70587 × (154 / 18.01559) = 52.936492.
    expect(gmiPercentFromMeanMgDl(154)).toBeCloseTo(6.99368, 10);
    expect(gmiMmolMolFromMeanMgDl(154)).toBeCloseTo(52.936492, 5);
  });

  it('computes eA1c by the ADAG formula', () => {
    // (46.7 + 154) / 28.7 = 200.7 / 28.7 = 6.993031, close to but not the GMI.
    expect(estimatedA1cPercentFromMeanMgDl(154)).toBeCloseTo(6.993031, 6);
  });

  it('returns null without a mean', () => {
    expect(gmiPercentFromMeanMgDl(null)).toBeNull();
    expect(gmiMmolMolFromMeanMgDl(null)).toBeNull();
    expect(estimatedA1cPercentFromMeanMgDl(null)).toBeNull();
  });
});
