import { readdirSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DETECTION_HEAD_LENGTH, detectFormat } from '../registry.ts';
import { fixturePath, fixtureText } from '../test-support.ts';
import { abbottLibreView } from './index.ts';

const VARIANTS: Record<string, string> = {
  'libreview-librelink-mmol-daymonth-crlf.csv': 'en-mmol',
  'libreview-handmade-en-mgdl-monthday-24h.csv': 'en',
  'libreview-handmade-en-mgdl-monthday-12h.csv': 'en',
  'libreview-handmade-en-mmol-daymonth-12h.csv': 'en-mmol',
  'libreview-handmade-en-mmol-iso-clinic.csv': 'en-mmol-clinic',
  'libreview-handmade-de-mgdl-daymonth.csv': 'de',
  'libreview-handmade-libre3-one-minute-views.csv': 'en',
};

/** Every text fixture of the package that is not a LibreView export, other formats' included. */
function otherTextFixtures(): string[] {
  const names: string[] = [];
  const walk = (folder: string): void => {
    for (const name of readdirSync(fixturePath(folder))) {
      const path = folder === '' ? name : `${folder}/${name}`;
      if (statSync(fixturePath(path)).isDirectory()) {
        walk(path);
      } else if (/\.(csv|json|ndjson|txt)$/.test(name) && !name.startsWith('libreview-')) {
        names.push(path);
      }
    }
  };
  walk('');
  return names;
}

describe('LibreView detection', () => {
  it.each(Object.entries(VARIANTS))('detects %s as %s', (name, variant) => {
    const head = fixtureText(name).slice(0, DETECTION_HEAD_LENGTH);
    expect(detectFormat(head)).toEqual({
      format: 'abbott-libreview',
      variant,
      layout: { separator: ',', quoteAll: false, bom: false, lineEnding: '\r\n' },
    });
  });

  it('covers every LibreView fixture', () => {
    const names = readdirSync(fixturePath('')).filter((name) => name.startsWith('libreview-'));
    expect(names.sort()).toEqual(Object.keys(VARIANTS).sort());
  });

  it.each(otherTextFixtures())('does not claim %s', (name) => {
    expect(abbottLibreView.detect(fixtureText(name).slice(0, DETECTION_HEAD_LENGTH))).toBeNull();
  });

  it('reads a blank line after a personal title as personal', () => {
    const lines = fixtureText('libreview-handmade-de-mgdl-daymonth.csv').split('\r\n');
    const text = [lines[0], '', ...lines.slice(1)].join('\r\n');
    expect(abbottLibreView.detect(text)?.variant).toBe('de');
  });

  it('does not claim a header on line 1 or line 4', () => {
    const lines = fixtureText('libreview-librelink-mmol-daymonth-crlf.csv').split('\r\n');
    expect(abbottLibreView.detect(lines.slice(1).join('\r\n'))).toBeNull();
    expect(abbottLibreView.detect(['a', 'b', ...lines].join('\r\n'))).toBeNull();
  });
});
