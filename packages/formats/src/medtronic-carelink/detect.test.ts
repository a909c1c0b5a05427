import { readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DETECTION_HEAD_LENGTH, detectFormat } from '../registry.ts';
import { fixturePath, fixtureText } from '../test-support.ts';
import { medtronicCareLink } from './index.ts';
import { AUTUMN_SAMPLE, GERMAN_MMOL_SAMPLE, PUMP_EVENTS_SAMPLE } from './test-samples.ts';

/** Fixture files of other formats, folders included, read as text as the registry reads them. */
function otherFixtures(): [string, string][] {
  return readdirSync(fixturePath(''), { recursive: true, encoding: 'utf8' })
    .filter((name) => !name.startsWith('carelink') && !name.endsWith('README.md'))
    .filter((name) => statSync(fixturePath(name)).isFile())
    .map((name) => [name, readFileSync(fixturePath(name), 'utf8').slice(0, DETECTION_HEAD_LENGTH)]);
}

describe('CareLink detection', () => {
  it('detects the 780G sample with its layout', () => {
    expect(detectFormat(fixtureText('carelink-780g-eu-semicolon.csv'))).toEqual({
      format: 'medtronic-carelink',
      variant: 'en',
      layout: { separator: ';', quoteAll: false, bom: false, lineEnding: '\n' },
    });
  });

  it('names the variant of each hand-made sample', () => {
    expect(detectFormat(AUTUMN_SAMPLE)?.variant).toBe('en');
    expect(detectFormat(PUMP_EVENTS_SAMPLE)).toMatchObject({
      format: 'medtronic-carelink',
      variant: 'en',
      layout: { separator: ',' },
    });
    expect(detectFormat(GERMAN_MMOL_SAMPLE)?.variant).toBe('de-mmol-dmy2');
  });

  it('detects a file without preamble', () => {
    const text = fixtureText('carelink-780g-eu-semicolon.csv').split('\n').slice(5).join('\n');
    expect(medtronicCareLink.detect(text)?.variant).toBe('en');
  });

  it.each(otherFixtures())('ignores the fixture %s', (_name, head) => {
    expect(medtronicCareLink.detect(head)).toBeNull();
  });

  it('ignores text that is no export', () => {
    expect(medtronicCareLink.detect('')).toBeNull();
    expect(
      medtronicCareLink.detect('Index,Timestamp (YYYY-MM-DDThh:mm:ss),Event Type\n'),
    ).toBeNull();
    expect(medtronicCareLink.detect('{"sgv": 120}')).toBeNull();
  });
});
