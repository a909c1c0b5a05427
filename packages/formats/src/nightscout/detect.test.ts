import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, DETECTION_HEAD_LENGTH, FORMAT_MODULES } from '../registry.ts';
import { fixturePath, fixtureText } from '../test-support.ts';
import { detectNightscout } from './detect.ts';

const FIXTURES = readdirSync(dirname(fixturePath('README.md')));
const NIGHTSCOUT_FIXTURES = FIXTURES.filter((name) => name.startsWith('nightscout-'));
/** Every other fixture that is text: CSV exports of the other formats. */
const CSV_FIXTURES = FIXTURES.filter((name) => name.endsWith('.csv'));

function head(name: string): string {
  return fixtureText(name).slice(0, DETECTION_HEAD_LENGTH);
}

describe('detectNightscout', () => {
  it('finds the layout of each fixture', () => {
    expect(NIGHTSCOUT_FIXTURES).toHaveLength(4);
    const variants = Object.fromEntries(
      NIGHTSCOUT_FIXTURES.map((name) => [name, detectNightscout(head(name))?.variant]),
    );
    expect(variants).toEqual({
      'nightscout-androidaps-handmade.ndjson': 'ndjson',
      'nightscout-loop-entries-treatments.json': 'collections',
      'nightscout-trio-collections-handmade.json': 'collections',
      'nightscout-xdrip-plus-array-handmade.json': 'array',
    });
  });

  it('finds a single document', () => {
    const document = { eventType: 'Note', notes: 'x', created_at: '2024-03-10T10:00:00Z' };
    expect(detectNightscout(JSON.stringify(document, null, 2))?.variant).toBe('document');
    expect(detectNightscout(JSON.stringify(document))?.variant).toBe('document');
    expect(detectNightscout(`\uFEFF${JSON.stringify([document])}`)?.variant).toBe('array');
  });

  it('never takes a CSV export for Nightscout', () => {
    expect(CSV_FIXTURES.length).toBeGreaterThan(0);
    for (const name of CSV_FIXTURES) {
      expect(detectNightscout(head(name)), name).toBeNull();
    }
  });

  it('rejects JSON that is not Nightscout', () => {
    expect(detectNightscout('{"sgv": 120}')).toBeNull();
    expect(detectNightscout('{"name": "phoenix", "version": "1.0.0"}')).toBeNull();
    expect(detectNightscout('[1, 2, 3]')).toBeNull();
    expect(detectNightscout('')).toBeNull();
  });
});

describe('detection across modules', () => {
  it('gives Nightscout fixtures to Nightscout alone', () => {
    const others = FORMAT_MODULES.filter((module) => module.id !== 'nightscout');
    for (const name of NIGHTSCOUT_FIXTURES) {
      expect(detectFormat(head(name))?.format, name).toBe('nightscout');
      for (const module of others) {
        expect(module.detect(head(name)), `${module.id} on ${name}`).toBeNull();
      }
    }
  });
});
