import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './cli.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'packages', 'formats', 'fixtures');
const TWO_WEEKS = join(FIXTURES, 'dexcom-clarity-g6-2019-two-weeks.csv');

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (text) => out.push(text), err: (text) => err.push(text) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('phoenix-bridge inspect', () => {
  it('summarises the real two-week export', async () => {
    const { code, out } = await run(['inspect', TWO_WEEKS, '--timezone', 'Europe/Helsinki']);
    expect(code).toBe(0);
    expect(out).toContain('format:      dexcom-clarity (variant en)');
    // Counted in the file with awk: 3,913 EGV rows, 2 of them Low and 13 High.
    expect(out).toMatch(/cbg 3913/);
    expect(out).toContain('out of range: Low 2, High 13');
    expect(out).toContain('repeated hour 2019-10-27T03:00–03:59 local, 2 passes:');
    expect(out).toMatch(/pass 1: UTC\+03:00, 12 CGM readings, 2019-10-27T00:02:18\.000Z/);
    expect(out).toMatch(/pass 2: UTC\+02:00, 12 CGM readings, 2019-10-27T01:02:18\.000Z/);
    expect(out).toContain('order by transmitter clock: consistent');
    expect(out).toContain('issues:      none');
  });

  it('prints canonical records as NDJSON', async () => {
    const { code, out } = await run([
      'inspect',
      TWO_WEEKS,
      '--timezone',
      'Europe/Helsinki',
      '--json',
    ]);
    expect(code).toBe(0);
    const records = out.split('\n').map((line) => JSON.parse(line));
    expect(records.filter((record) => record.type === 'cbg')).toHaveLength(3913);
    const low = records.find((record) => record.outOfRange === 'low');
    expect(low).toMatchObject({ valueMgDl: null, thresholdMgDl: 40 });
  });

  it('names the formats tried for an unknown file', async () => {
    const { code, err } = await run(['inspect', join(FIXTURES, 'README.md'), '--timezone', 'UTC']);
    expect(code).toBe(1);
    expect(err).toMatch(/not a recognised device export.*dexcom-clarity/);
  });

  it('rejects an unknown time zone', async () => {
    const { code, err } = await run(['inspect', TWO_WEEKS, '--timezone', 'Mars/Olympus']);
    expect(code).toBe(1);
    expect(err).toContain('unknown time zone "Mars/Olympus"');
  });

  it('reports a missing file', async () => {
    const { code, err } = await run([
      'inspect',
      join(FIXTURES, 'no-such-file.csv'),
      '--timezone',
      'UTC',
    ]);
    expect(code).toBe(1);
    expect(err).toMatch(/ENOENT|no such file/);
  });

  it('rejects bad usage with exit code 2', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['frobnicate', 'x'])).code).toBe(2);
    expect((await run(['inspect'])).code).toBe(2);
    expect((await run(['inspect', 'a', 'b'])).code).toBe(2);
    expect((await run(['inspect', 'a', '--bogus'])).code).toBe(2);
  });

  it('requires a patient and a user to upload', async () => {
    const { code, err } = await run(['upload', TWO_WEEKS, '--timezone', 'UTC']);
    expect(code).toBe(1);
    expect(err).toContain('--patient is required');
  });
});

describe('phoenix-bridge inspect --metrics', () => {
  it('matches an independent computation on the real export', async () => {
    const { code, out } = await run([
      'inspect',
      TWO_WEEKS,
      '--timezone',
      'Europe/Helsinki',
      '--metrics',
    ]);
    expect(code).toBe(0);
    const { devices } = JSON.parse(out);
    expect(devices).toHaveLength(1);
    const { statistics, gri } = devices[0].report;

    // Expected values come from awk over the raw CSV, without the reader or the metric code:
    //   awk -F, '$3=="EGV"{v=$8; if(v=="Low")v=40; else if(v=="High")v=400; n++; s+=v; ss+=v*v;
    //     if($8=="Low"||v<54)vl++; else if(v<70)l++; else if(v<=180)t++; else if(v<=250)h++;
    //     else vh++} END{m=s/n; sd=sqrt((ss-n*m*m)/(n-1)); print n, m, sd, 100*sd/m}'
    // gives n 3913, mean 176.2384359826, SD 73.3093086795, CV 41.5966632198, and band counts
    // very low 13, low 80, target 2192, high 976, very high 652.
    expect(statistics.readingCount).toBe(3913);
    expect(statistics.meanMgDl).toBeCloseTo(176.2384359826, 8);
    expect(statistics.sdMgDl).toBeCloseTo(73.3093086795, 8);
    expect(statistics.cvPercent).toBeCloseTo(41.5966632198, 8);
    expect(statistics.gmiPercent).toBeCloseTo(3.31 + 0.02392 * 176.2384359826, 8);
    expect(statistics.timeInRanges.veryLowPercent).toBeCloseTo((100 * 13) / 3913, 9);
    expect(statistics.timeInRanges.lowPercent).toBeCloseTo((100 * 80) / 3913, 9);
    expect(statistics.timeInRanges.targetPercent).toBeCloseTo((100 * 2192) / 3913, 9);
    expect(statistics.timeInRanges.highPercent).toBeCloseTo((100 * 976) / 3913, 9);
    expect(statistics.timeInRanges.veryHighPercent).toBeCloseTo((100 * 652) / 3913, 9);

    // GRI = 3.0 × (VL + 0.8 × L) + 1.6 × (VH + 0.5 × H), in percent of readings.
    const percent = (count: number) => (100 * count) / 3913;
    const hypo = percent(13) + 0.8 * percent(80);
    const hyper = percent(652) + 0.5 * percent(976);
    expect(gri.gri).toBeCloseTo(Math.min(100, 3 * hypo + 1.6 * hyper), 9);
  });

  it('includes every metric family', async () => {
    const { out } = await run(['inspect', TWO_WEEKS, '--timezone', 'Europe/Helsinki', '--metrics']);
    const report = JSON.parse(out).devices[0].report;
    for (const key of [
      'risk',
      'adrr',
      'jIndex',
      'mageMgDl',
      'moddMgDl',
      'conga1MgDl',
      'episodes',
      'agp',
    ]) {
      expect(report[key], key).not.toBeNull();
    }
    expect(report.agp.bins).toHaveLength(24);
    expect(report.dailyProfiles.length).toBeGreaterThanOrEqual(14);
    expect(report.targets.map((target: { status: string }) => target.status)).toContain('missed');
  });
});
