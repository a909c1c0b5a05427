import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateBridgeKey, saveBridgeState } from './bridge-state.ts';
import { main } from './cli.ts';
import { closedPort } from './test-ports.ts';

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
    expect(err).toMatch(/no-such-file\.csv: file not found/);
  });

  it('names a folder given as a file', async () => {
    const { code, err } = await run(['inspect', FIXTURES, '--timezone', 'UTC']);
    expect(code).toBe(1);
    expect(err).toMatch(/fixtures is not a file/);
  });

  it('explains a UTF-16 file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'phoenix-utf16-'));
    const file = join(dir, 'utf16.csv');
    writeFileSync(
      file,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Index,Timestamp', 'utf16le')]),
    );
    const { code, err } = await run(['inspect', file, '--timezone', 'UTC']);
    expect(code).toBe(1);
    expect(err).toMatch(/UTF-16 text; save it as UTF-8/);
  });

  it('reports what the API would reject, with short values', async () => {
    const lines = readFileSync(TWO_WEEKS, 'utf8').split('\n').slice(0, 13);
    lines[11] = lines[11]!.replace('2019-10-14T16:42:37', '2035-10-14T16:42:37');
    lines[12] = lines[12]!.replace(',55,', `,${'9'.repeat(300)},`);
    const dir = mkdtempSync(join(tmpdir(), 'phoenix-future-'));
    const file = join(dir, 'future.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const { code, out } = await run(['inspect', file, '--timezone', 'Europe/Helsinki']);
    expect(code).toBe(1);
    expect(out).toMatch(/future\.csv:12 column \/time .*more than a day in the future/);
    expect(out).toMatch(/… \(300 characters\)/);
  });

  it('flags a record with a NUL character', async () => {
    const text = [
      'Device Type,Serial Number,Description,Event Date Time,BG (mg/dL),Note',
      'Tandem Mobi™ System,1234567,BG,2025-10-26T14:51:50,119,',
      'Tandem Mobi™ System,1234567,BG,2025-10-26T15:43:34,136,after\0run',
      '',
    ].join('\n');
    const dir = mkdtempSync(join(tmpdir(), 'phoenix-nul-'));
    const file = join(dir, 'nul.csv');
    writeFileSync(file, text);
    const { code, out } = await run(['inspect', file, '--timezone', 'Europe/Berlin']);
    expect(code).toBe(1);
    expect(out).toContain('records:     pumpSettings 1, smbg 2');
    expect(out).toContain('issues:      1');
    expect(out).toContain(
      'error nul.csv:3 column /sourceCells/Note value "after\u2400run": the API will reject ' +
        'this record: contains a NUL character (U+0000), which cannot be stored; remove it',
    );
    expect(out).not.toContain('\0');
  });

  it('rejects bad usage with exit code 2', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['frobnicate', 'x'])).code).toBe(2);
    expect((await run(['inspect'])).code).toBe(2);
    expect((await run(['inspect', 'a', 'b'])).code).toBe(2);
    expect((await run(['inspect', 'a', '--bogus'])).code).toBe(2);
  });

  it('requires a user with --patient', async () => {
    const { code, err } = await run(['upload', TWO_WEEKS, '--patient', 'p', '--timezone', 'UTC']);
    expect(code).toBe(1);
    expect(err).toContain('--user is required');
  });

  it('names an unreachable API', async () => {
    const state = mkdtempSync(join(tmpdir(), 'phoenix-unreachable-'));
    const api = `http://127.0.0.1:${await closedPort()}`;
    const { code, err } = await run([
      'pair',
      '--code',
      'ABCD-2345',
      '--api',
      api,
      '--state',
      state,
    ]);
    expect(code).toBe(1);
    expect(err).toContain('could not reach the API');
    expect(err).toContain('check the address and that the API is running');
    expect(err).toContain('ECONNREFUSED');
  });

  it.each([
    ['not-a-url', /--api must be a URL such as http:\/\/127\.0\.0\.1:3000, not "not-a-url"/],
    ['ftp://127.0.0.1/', /--api must be an http or https URL/],
    ['http://127.0.0.1:9', /fetch refuses to connect to that port/],
  ])('names the problem with --api %s', async (api, message) => {
    const state = mkdtempSync(join(tmpdir(), 'phoenix-bad-api-'));
    const { code, err } = await run([
      'pair',
      '--code',
      'ABCD-2345',
      '--api',
      api,
      '--state',
      state,
    ]);
    expect(code).toBe(1);
    expect(err).toMatch(message);
  });

  it('refuses a state folder another bridge uses', async () => {
    const state = mkdtempSync(join(tmpdir(), 'phoenix-locked-'));
    // The parent of this test process is alive for as long as the test runs.
    writeFileSync(join(state, 'bridge.lock'), `${process.ppid}\n`);
    const { code, err } = await run(['upload', TWO_WEEKS, '--timezone', 'UTC', '--state', state]);
    expect(code).toBe(1);
    expect(err).toContain(`another phoenix-bridge (process ${process.ppid}) is using ${state}`);
  });

  it('asks an unpaired bridge to pair first', async () => {
    const state = mkdtempSync(join(tmpdir(), 'phoenix-unpaired-'));
    const { code, err } = await run(['upload', TWO_WEEKS, '--timezone', 'UTC', '--state', state]);
    expect(code).toBe(1);
    expect(err).toMatch(/not paired.*phoenix-bridge pair --code CODE/);
  });
});

describe('phoenix-bridge upload', () => {
  let api: Server | undefined;

  afterEach(async () => {
    const running = api;
    api = undefined;
    if (!running) return;
    running.closeAllConnections();
    await new Promise((resolve) => running.close(resolve));
  });

  /**
   * Starts an API stand-in that returns a receipt with `replayed` and `status` set for every
   * batch, or 401 for a revoked bridge while `revoked()` returns true.
   */
  async function receiptApi(
    replayed: boolean,
    revoked = () => false,
    status: 'staged' | 'merged' = 'staged',
  ): Promise<string> {
    api = createServer(async (request, response) => {
      let body = '';
      for await (const chunk of request) body += chunk;
      if (revoked()) {
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            error: {
              code: 'NOT_AUTHENTICATED',
              message: 'unknown or revoked bridge; pair it again',
              requestId: 'req-1',
            },
          }),
        );
        return;
      }
      const records = (JSON.parse(body) as { records: unknown[] }).records;
      response.writeHead(replayed ? 200 : 201, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          batchId: 'batch-1',
          idempotencyKey: request.headers['idempotency-key'],
          replayed,
          status,
          received: records.length,
          accepted: records.length,
          duplicates: 0,
          rejected: 0,
          rejections: [],
        }),
      );
    });
    await new Promise<void>((resolve) => api!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  }

  /** Returns a new state folder paired with `url` under a made-up bridge ID and patient. */
  function pairedState(url: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'phoenix-paired-'));
    const { privateKey } = generateBridgeKey();
    saveBridgeState(dir, {
      apiUrl: url,
      bridgeId: '00000000-0000-4000-8000-000000000001',
      patientId: '00000000-0000-4000-8000-000000000002',
      privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    });
    return dir;
  }

  function uploadTo(url: string) {
    return run([
      'upload',
      TWO_WEEKS,
      '--patient',
      'p',
      '--user',
      'u',
      '--timezone',
      'Europe/Helsinki',
      '--api',
      url,
    ]);
  }

  it('counts a new batch as stored', async () => {
    const { code, out } = await uploadTo(await receiptApi(false));
    expect(code).toBe(0);
    expect(out).toContain('batch 1: 4003 accepted, 0 duplicates, 0 rejected [batch-1]');
    expect(out).toContain('done: 4003 accepted, 0 duplicates, 0 rejected, 0 batches failed');
    expect(out).not.toContain('already stored');
    expect(out).toContain(
      'note: accepted and duplicate counts are as of receipt. 1 batch was not merged yet',
    );
    expect(out).toContain(
      'Final counts: GET /api/v1/uploads/{batchId} for each batch ID in batch-1',
    );
  });

  it('omits the note for merged batches', async () => {
    const { code, out } = await uploadTo(await receiptApi(false, () => false, 'merged'));
    expect(code).toBe(0);
    expect(out).toContain('done: 4003 accepted, 0 duplicates, 0 rejected, 0 batches failed');
    expect(out).not.toContain('as of receipt');
  });

  it.each(['10001', '1.5', '0'])('rejects paired --batch-size %s', async (size) => {
    let requests = 0;
    api = createServer((_request, response) => {
      requests += 1;
      response.writeHead(500).end();
    });
    await new Promise<void>((resolve) => api!.listen(0, '127.0.0.1', resolve));
    const state = pairedState(`http://127.0.0.1:${(api.address() as AddressInfo).port}`);
    const { code, err } = await run([
      'upload',
      TWO_WEEKS,
      '--timezone',
      'Europe/Helsinki',
      '--batch-size',
      size,
      '--state',
      state,
    ]);
    expect(code).toBe(1);
    expect(err).toContain(`--batch-size must be a whole number in 1–10000, not ${size}`);
    expect(requests).toBe(0);
    expect(existsSync(join(state, 'outbox.ndjson'))).toBe(false);
  });

  it('explains paired upload without --timezone', async () => {
    const state = pairedState(`http://127.0.0.1:${await closedPort()}`);
    const { code, err } = await run(['upload', TWO_WEEKS, '--state', state]);
    expect(code).toBe(1);
    expect(err).toContain(
      "--timezone is required for a paired upload, because the API does not let a bridge read the patient's time zone",
    );
    expect(err).toContain('--timezone Europe/Helsinki');
  });

  it('help names when --timezone is required', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('phoenix-bridge upload FILE --timezone ZONE [--batch-size N]');
    expect(out).toContain('Required for a paired upload and for watch');
    expect(out).not.toContain("for upload, the patient's zone");
  });

  it('reports and resends refused batches', async () => {
    let revoked = true;
    const state = pairedState(await receiptApi(false, () => revoked));
    const refusedFile = join(state, 'outbox.refused.ndjson');

    const upload = await run([
      'upload',
      TWO_WEEKS,
      '--timezone',
      'Europe/Helsinki',
      '--state',
      state,
    ]);
    expect(upload.code).toBe(1);
    expect(upload.out).toContain('4003 refused; 0 records wait in the outbox');
    expect(upload.err).toContain(
      'refused 4003 records: HTTP 401 NOT_AUTHENTICATED: unknown or revoked bridge; pair it again',
    );
    expect(upload.err).toContain(`moved them to ${refusedFile}`);
    expect(upload.err).toContain('then run phoenix-bridge resend-refused');

    const before = await run(['status', '--state', state]);
    expect(before.out).toContain('outbox: 0 records waiting');
    expect(before.out).toContain(`refused: 4003 records in ${refusedFile}`);

    revoked = false;
    const resend = await run(['resend-refused', '--state', state]);
    expect(resend.code).toBe(0);
    expect(resend.out).toContain('moved 4003 refused records back into the outbox');
    expect(resend.out).toContain('sent: 4003 accepted, 0 duplicates, 0 rejected, 0 refused');
    expect(resend.out).toContain('accepted and duplicate counts are as of receipt');
    expect(resend.out).toContain('for each batch ID in batch-1');
    expect(existsSync(refusedFile)).toBe(false);

    const after = await run(['status', '--state', state]);
    expect(after.out).toContain('outbox: 0 records waiting');
    expect(after.out).toContain('refused: none');
  });

  it('says a replayed batch was already stored', async () => {
    const { code, out } = await uploadTo(await receiptApi(true));
    expect(code).toBe(0);
    expect(out).toContain(
      'batch 1: already stored by an earlier upload, nothing stored again ' +
        '(earlier receipt: 4003 accepted, 0 duplicates, 0 rejected) [batch-1]',
    );
    expect(out).toContain(
      'done: 0 accepted, 0 duplicates, 0 rejected, 0 batches failed, ' +
        '4003 records already stored by an earlier upload',
    );
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
