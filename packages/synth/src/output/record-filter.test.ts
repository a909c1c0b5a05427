import { describe, expect, it } from 'vitest';
import { recordFilterForFormats } from './export-files.ts';

const DEVICES = [
  'dexcom-g6:8AB12C',
  'tandem-tslim-x2:12345678',
  'abbott-freestyle-libre-2:MXY1',
  'medtronic-780g:NG1234567H',
  'omnipod-dash:ABC',
];

function kept(formats: string[]): string[] {
  const keep = recordFilterForFormats(formats);
  return DEVICES.filter((deviceId) => keep({ deviceId } as Parameters<typeof keep>[0]));
}

describe('recordFilterForFormats', () => {
  it('keeps the Dexcom records for Clarity', () => {
    expect(kept(['dexcom-clarity'])).toEqual(['dexcom-g6:8AB12C']);
  });

  it('keeps the pump and its sensor for Tandem', () => {
    expect(kept(['tandem-tconnect'])).toEqual(['dexcom-g6:8AB12C', 'tandem-tslim-x2:12345678']);
  });

  it('joins the makers of several formats', () => {
    expect(kept(['medtronic-carelink', 'abbott-libreview'])).toEqual([
      'abbott-freestyle-libre-2:MXY1',
      'medtronic-780g:NG1234567H',
    ]);
  });

  it('keeps every record for an aggregator', () => {
    expect(kept(['dexcom-clarity', 'glooko'])).toEqual(DEVICES);
    expect(kept(['nightscout'])).toEqual(DEVICES);
  });
});
