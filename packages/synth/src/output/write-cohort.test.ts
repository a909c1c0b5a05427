import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getProfile } from '../profiles/index.ts';
import { writeCohortFiles, type WriteCohortResult } from './write-cohort.ts';

const root = mkdtempSync(join(tmpdir(), 'phoenix-synth-cohort-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const PROFILE = getProfile('dclp3-control-iq');
const PATIENTS = 5;

/** Writes the same small cohort into a directory of its own with `workers` threads. */
async function writeWith(workers: number): Promise<{ dir: string; result: WriteCohortResult }> {
  const dir = join(root, `workers-${workers}`);
  const result = await writeCohortFiles({
    profile: PROFILE,
    patients: PATIENTS,
    days: 2,
    seed: 'pool',
    formats: ['records', 'dexcom-clarity'],
    outDir: dir,
    workers,
  });
  return { dir, result };
}

function filesOf(dir: string): Map<string, Buffer> {
  const names = readdirSync(dir).sort();
  return new Map(names.map((name) => [name, readFileSync(join(dir, name))]));
}

describe('writeCohortFiles', () => {
  const runs = Promise.all([writeWith(1), writeWith(2), writeWith(0)]);

  it('writes the same bytes with 1 and 2 workers', async () => {
    const [one, two] = await runs;
    const oneFiles = filesOf(one.dir);
    const twoFiles = filesOf(two.dir);
    // Two files per patient and the manifest.
    expect(oneFiles.size).toBe(2 * PATIENTS + 1);
    expect([...twoFiles.keys()]).toEqual([...oneFiles.keys()]);
    for (const [name, bytes] of oneFiles) {
      expect(twoFiles.get(name)?.equals(bytes), name).toBe(true);
    }
  });

  it('writes the same bytes in the calling thread', async () => {
    const [one, , inThread] = await runs;
    const oneFiles = filesOf(one.dir);
    const inThreadFiles = filesOf(inThread.dir);
    expect([...inThreadFiles.keys()]).toEqual([...oneFiles.keys()]);
    for (const [name, bytes] of oneFiles) {
      expect(inThreadFiles.get(name)?.equals(bytes), name).toBe(true);
    }
  });

  it('lists patients in index order in the manifest', async () => {
    const [, two] = await runs;
    const text = readFileSync(two.result.manifestFile, 'utf8');
    const entries = JSON.parse(text) as { baseName: string; seed: string; files: string[] }[];
    expect(entries.map((entry) => entry.baseName)).toEqual([
      'dclp3-control-iq-0000',
      'dclp3-control-iq-0001',
      'dclp3-control-iq-0002',
      'dclp3-control-iq-0003',
      'dclp3-control-iq-0004',
    ]);
    expect(entries[3]?.seed).toBe('pool/3');
    expect(entries[0]?.files).toEqual([
      'dclp3-control-iq-0000-records.ndjson',
      'dclp3-control-iq-0000-dexcom-clarity.csv',
    ]);
    // The layout of JSON.stringify(entries, null, 2) with a final line break.
    expect(text).toBe(`${JSON.stringify(entries, null, 2)}\n`);
  });

  it('counts the records and readings of the files', async () => {
    const [, two] = await runs;
    let records = 0;
    let readings = 0;
    for (const [name, bytes] of filesOf(two.dir)) {
      if (!name.endsWith('.ndjson')) {
        continue;
      }
      const lines = bytes.toString('utf8').trimEnd().split('\n');
      records += lines.length;
      readings += lines.filter((line) => line.includes('"type":"cbg"')).length;
    }
    // Two days of 5-minute readings is at most 576 per patient, less warm-ups and gaps.
    expect(readings).toBeGreaterThan(PATIENTS * 400);
    expect(readings).toBeLessThanOrEqual(PATIENTS * 576);
    expect(two.result).toMatchObject({
      patients: PATIENTS,
      files: 2 * PATIENTS,
      records,
      readings,
    });
  });

  it('rejects an unknown format before writing', async () => {
    const dir = join(root, 'unknown-format');
    await expect(
      writeCohortFiles({
        profile: PROFILE,
        patients: 1,
        days: 1,
        seed: 1,
        formats: ['no-such-format'],
        outDir: dir,
        workers: 0,
      }),
    ).rejects.toThrow(RangeError);
    expect(() => readdirSync(dir)).toThrow();
  });

  it('rejects invalid counts of patients and workers', async () => {
    const options = {
      profile: PROFILE,
      days: 1,
      seed: 1,
      formats: ['records'],
      outDir: join(root, 'invalid'),
    };
    await expect(writeCohortFiles({ ...options, patients: 0 })).rejects.toThrow(/patients 0/);
    await expect(writeCohortFiles({ ...options, patients: 1, workers: -1 })).rejects.toThrow(
      /workers -1/,
    );
    await expect(writeCohortFiles({ ...options, patients: 1, workers: 1.5 })).rejects.toThrow(
      RangeError,
    );
  });

  it('passes an error in a worker thread on', async () => {
    await expect(
      writeCohortFiles({
        profile: PROFILE,
        patients: 2,
        days: 1,
        seed: 1,
        formats: ['records'],
        outDir: join(root, 'bad-date'),
        startDate: '2024-02-30',
        workers: 2,
      }),
    ).rejects.toThrow(/2024-02-30/);
  });
});
