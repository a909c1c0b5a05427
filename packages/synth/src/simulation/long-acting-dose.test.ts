import { describe, expect, it } from 'vitest';
import { splitPenDose } from './long-acting-dose.ts';

describe('splitPenDose', () => {
  it('keeps a dose within one injection', () => {
    expect(splitPenDose(24)).toEqual([24]);
    expect(splitPenDose(80)).toEqual([80]);
  });

  it('splits a dose above 80 units in two', () => {
    expect(splitPenDose(108)).toEqual([54, 54]);
    expect(splitPenDose(119)).toEqual([60, 59]);
  });

  it('splits a dose above 160 units in three', () => {
    expect(splitPenDose(161)).toEqual([54, 54, 53]);
  });

  it('gives a fraction of a unit to the last injection', () => {
    expect(splitPenDose(107.5)).toEqual([54, 53.5]);
  });
});
