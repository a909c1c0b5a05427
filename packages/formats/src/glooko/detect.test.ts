import { readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { writeZip } from '../core/zip.ts';
import { DETECTION_HEAD_LENGTH, detectFormat } from '../registry.ts';
import { fixturePath, fixtureText } from '../test-support.ts';
import { glooko } from './index.ts';

/** Every fixture file of the package, relative to the fixtures folder. */
function allFixtures(folder = ''): string[] {
  return readdirSync(fixturePath(folder)).flatMap((name) => {
    const path = folder === '' ? name : `${folder}/${name}`;
    return statSync(fixturePath(path)).isDirectory() ? allFixtures(path) : [path];
  });
}

const TABLES = allFixtures().filter((name) => name.startsWith('glooko-') && name.endsWith('.csv'));
const OTHER_TEXT = allFixtures().filter(
  (name) => !name.startsWith('glooko-') && /\.(csv|json|ndjson|txt)$/.test(name),
);

function head(name: string): Uint8Array {
  return readFileSync(fixturePath(name)).subarray(0, DETECTION_HEAD_LENGTH);
}

describe('Glooko archive detection', () => {
  it('detects the German archive', () => {
    expect(glooko.detectBinary!(head('glooko-de-mgdl.zip'))).toEqual({
      format: 'glooko',
      variant: 'de',
      layout: { separator: ',', quoteAll: false, bom: false, lineEnding: '\n' },
    });
  });

  it('detects the Info-ZIP archive from a streamed first entry', () => {
    expect(glooko.detectBinary!(head('glooko-en-mmol-infozip.zip'))).toMatchObject({
      format: 'glooko',
      variant: 'en-mmol',
      layout: { bom: true },
    });
  });

  it('detects an archive that starts with a folder entry', () => {
    const bytes = writeZip([
      { name: 'Insulin data/', data: Buffer.alloc(0) },
      {
        name: 'Insulin data/bolus_data_1.csv',
        data: readFileSync(fixturePath('glooko-de-mgdl/Insulin data/bolus_data_1.csv')),
      },
    ]);
    expect(glooko.detectBinary!(bytes)?.variant).toBe('de');
  });

  it('does not claim other archives or text', () => {
    expect(glooko.detectBinary!(head('zip-infozip-streamed.zip'))).toBeNull();
    expect(glooko.detectBinary!(head('dexcom-clarity-g7-quoted.csv'))).toBeNull();
    expect(glooko.detectBinary!(new Uint8Array(0))).toBeNull();
  });
});

describe('Glooko table detection', () => {
  it('covers both hand-made exports', () => {
    expect(TABLES).toHaveLength(15);
  });

  it.each(TABLES)('detects %s', (name) => {
    const detection = detectFormat(fixtureText(name).slice(0, DETECTION_HEAD_LENGTH));
    expect(detection?.format).toBe('glooko');
    const language = name.startsWith('glooko-de-') ? 'de' : 'en';
    // Tables without glucose columns cannot tell the unit and report mg/dL.
    const hasGlucose = /(cgm|bg|bolus)_data/.test(name);
    const mmol = name.startsWith('glooko-en-mmol') && hasGlucose;
    expect(detection?.variant).toBe(mmol ? `${language}-mmol` : language);
  });

  it.each(OTHER_TEXT)('does not claim %s', (name) => {
    expect(glooko.detect(fixtureText(name).slice(0, DETECTION_HEAD_LENGTH))).toBeNull();
  });
});
