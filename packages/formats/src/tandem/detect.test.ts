import { readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DETECTION_HEAD_LENGTH, detectFormat } from '../registry.ts';
import { fixturePath, fixtureText } from '../test-support.ts';
import { tandemSource } from './source/index.ts';
import { tandemTConnect } from './tconnect/index.ts';
import {
  permutedTConnect,
  SOURCE_BG_SAMPLE,
  SOURCE_CGM_MMOL_SAMPLE,
  TCONNECT_EDGE_SAMPLE,
} from './test-samples.ts';

/** Every fixture file, folders included, read as text as the registry reads it. */
function fixtureHeads(): [string, string][] {
  return readdirSync(fixturePath(''), { recursive: true, encoding: 'utf8' })
    .filter((name) => !name.endsWith('README.md') && statSync(fixturePath(name)).isFile())
    .map((name) => [name, readFileSync(fixturePath(name), 'utf8').slice(0, DETECTION_HEAD_LENGTH)]);
}

const LAYOUT = { separator: ',', quoteAll: false, bom: false, lineEnding: '\n' };

describe('Tandem detection', () => {
  it.each([
    ['tandem-tconnect-legacy-multisection.csv', 'tandem-tconnect', 'therapy-timeline'],
    ['tandem-source-cgm-handmade.csv', 'tandem-source', 'cgm'],
    ['tandem-source-bolus-handmade.csv', 'tandem-source', 'bolus'],
    ['tandem-source-basal-handmade.csv', 'tandem-source', 'basal'],
  ])('detects %s', (name, format, variant) => {
    expect(detectFormat(fixtureText(name))).toEqual({ format, variant, layout: LAYOUT });
  });

  it('names the variant of each hand-made sample', () => {
    expect(detectFormat(TCONNECT_EDGE_SAMPLE)?.variant).toBe('therapy-timeline');
    expect(
      detectFormat(permutedTConnect(fixtureText('tandem-tconnect-legacy-multisection.csv')))
        ?.format,
    ).toBe('tandem-tconnect');
    expect(detectFormat(SOURCE_BG_SAMPLE)?.variant).toBe('bg');
    expect(detectFormat(SOURCE_CGM_MMOL_SAMPLE)?.variant).toBe('cgm-mmol');
  });

  it('detects a t:connect file without preamble', () => {
    const text = fixtureText('tandem-tconnect-legacy-multisection.csv')
      .split('\n')
      .slice(6)
      .join('\n');
    expect(tandemTConnect.detect(text)?.variant).toBe('therapy-timeline');
  });

  it.each(fixtureHeads().filter(([name]) => !name.startsWith('tandem-tconnect')))(
    't:connect ignores the fixture %s',
    (_name, head) => {
      expect(tandemTConnect.detect(head)).toBeNull();
    },
  );

  it.each(fixtureHeads().filter(([name]) => !name.startsWith('tandem-source')))(
    'Tandem Source ignores the fixture %s',
    (_name, head) => {
      expect(tandemSource.detect(head)).toBeNull();
    },
  );

  it('ignores the hourly basal file', () => {
    const head =
      'Serial Number,Event Date,12:00 AM,1:00 AM,2:00 AM\n1234567,3/30/25,1.037,0.968,0.57\n';
    expect(tandemSource.detect(head)).toBeNull();
    expect(tandemTConnect.detect(head)).toBeNull();
  });
});
