import { describe, expect, it } from 'vitest';
import { writePatientExport } from './output/export-files.ts';
import { getProfile } from './profiles/index.ts';
import { collectPatient } from './test-helpers.ts';

function clarityText(seed: string): { text: string; stream: string } {
  const { records } = collectPatient({ profile: getProfile('dclp3-control-iq'), seed, days: 3 });
  const file = writePatientExport('dexcom-clarity', records, { baseName: 'p' });
  return { text: file!.contents as string, stream: JSON.stringify(records) };
}

describe('determinism', () => {
  it('same seed gives identical bytes', () => {
    const first = clarityText('same');
    const second = clarityText('same');
    expect(second.text).toBe(first.text);
    expect(second.stream).toBe(first.stream);
  });

  it('different seeds give different data', () => {
    const first = clarityText('one');
    const second = clarityText('two');
    expect(second.text).not.toBe(first.text);
    expect(second.stream).not.toBe(first.stream);
  });
});
