import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS, seedDemo } from '@phoenix/db';
import { createTestDatabase, type TestDatabase } from '../../../packages/db/test/database.ts';
import { cbgAt } from './test-support.ts';

// Kill the API with SIGKILL at each point between receipt and merge, restart it, let the
// client retry what was not acknowledged (as the bridge does), and check that every record
// is stored exactly once.

const CHILD = join(import.meta.dirname, 'uploads-crash-child.ts');

let db: TestDatabase;
let owner: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.adminUrl, 'UTC');
  owner = new pg.Pool({ connectionString: db.adminUrl, max: 3 });
});

afterAll(async () => {
  await owner.end();
  await db.drop();
});

interface Child {
  process: ChildProcess;
  address: string;
  /** Resolves when the child reports that an upload waits between commit and reply. */
  paused: Promise<void>;
  kill(): Promise<void>;
}

async function startChild(merger: 'on' | 'off'): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: {
      ...process.env,
      PHOENIX_TEST_API_URL: db.apiUrl,
      PHOENIX_TEST_OWNER_URL: db.adminUrl,
      PHOENIX_TEST_MERGER: merger,
    },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const paused = new Promise<void>((resolve) => child.on('message', () => resolve()));
  const lines = createInterface({ input: child.stdout! });
  const address = await new Promise<string>((resolve, reject) => {
    lines.once('line', (line) => resolve((JSON.parse(line) as { address: string }).address));
    child.once('exit', (code) => reject(new Error(`the API child exited with ${code}`)));
  });
  return {
    process: child,
    address,
    paused,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

type Outcome = { status: number; body: { status?: string } } | { error: string };

/** Send one batch; a connection that breaks is an outcome too. */
async function upload(address: string, key: string, records: unknown[]): Promise<Outcome> {
  try {
    const response = await fetch(`${address}/api/v1/patients/${DEMO_IDS.patientId}/uploads`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': key,
        'x-dev-user': DEMO_IDS.patientUserId,
      },
      body: JSON.stringify({ records }),
    });
    return { status: response.status, body: (await response.json()) as { status?: string } };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function acknowledged(outcome: Outcome): boolean {
  return 'status' in outcome && (outcome.status === 200 || outcome.status === 201);
}

async function scalar(sql: string): Promise<number> {
  return Number((await owner.query(sql)).rows[0].n);
}

async function waitFor(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Batches of 50 readings; batch n covers minutes 250 n to 250 n + 245. */
function batch(n: number) {
  return Array.from({ length: 50 }, (_, index) => cbgAt(n * 250 + index * 5, 80 + index));
}

describe('API killed between receipt and merge', () => {
  it('loses no acknowledged record and stores none twice', async () => {
    // 1. Merger off. Batch 0 is acknowledged and waits in staging. Batch 1 is committed but
    //    the child dies before it responds. Batch 2 dies inside its COPY.
    const first = await startChild('off');
    const receipt0 = await upload(first.address, 'staged-then-killed', batch(0));
    expect(receipt0).toMatchObject({ status: 201 });
    const pending1 = upload(first.address, 'pause-before-reply-1', batch(1));
    await first.paused;

    const blocker = await owner.connect();
    await blocker.query('begin');
    await blocker.query('lock table upload_staging in access exclusive mode');
    const pending2 = upload(first.address, 'killed-in-copy', batch(2));
    await waitFor(
      async () =>
        (await scalar(
          `select count(*) as n from pg_stat_activity
           where datname = current_database() and wait_event_type = 'Lock' and query like 'copy%'`,
        )) === 1,
      'the COPY waits',
    );
    await first.kill();
    await blocker.query('rollback');
    blocker.release();
    expect(acknowledged(await pending1)).toBe(false);
    expect(acknowledged(await pending2)).toBe(false);
    expect(await scalar('select count(*) as n from upload_staging')).toBe(100);
    expect(await scalar("select count(*) as n from upload_batches where status = 'staged'")).toBe(
      2,
    );

    // 2. Merger on, killed while its merge waits for a lock in the middle of the transaction.
    const hold = await owner.connect();
    await hold.query('begin');
    await hold.query('lock table glucose_dirty_hours in exclusive mode');
    const second = await startChild('on');
    await waitFor(
      async () =>
        (await scalar(
          `select count(*) as n from pg_stat_activity
           where datname = current_database() and wait_event_type = 'Lock'
             and query like '%merge_staged%'`,
        )) === 1,
      'the merge waits',
    );
    await second.kill();
    await hold.query('rollback');
    hold.release();

    // 3. Restarted, the client retries every batch it has no receipt for, and batch 0 too.
    const third = await startChild('on');
    const retries = await Promise.all([
      upload(third.address, 'staged-then-killed', batch(0)),
      upload(third.address, 'retry-of-paused-batch', batch(1)),
      upload(third.address, 'killed-in-copy', batch(2)),
    ]);
    expect(retries.map(acknowledged)).toEqual([true, true, true]);
    await waitFor(
      async () =>
        (await scalar("select count(*) as n from upload_batches where status <> 'merged'")) === 0,
      'every batch is merged',
    );
    await third.kill();

    expect(await scalar('select count(*) as n from cbg_readings')).toBe(150);
    expect(
      await scalar(
        'select count(*) as n from (select identity_hash from cbg_readings group by 1 having count(*) > 1) d',
      ),
    ).toBe(0);
    expect(await scalar('select count(*) as n from upload_staging')).toBe(0);
    // Batch 1 was staged under its first key and again under the retry's key: the second
    // holds only duplicates. Every batch's counts add up to its records.
    expect(await scalar('select sum(accepted) as n from upload_batches')).toBe(150);
    expect(
      await scalar(
        'select count(*) as n from upload_batches where accepted + duplicates <> record_count',
      ),
    ).toBe(0);
  }, 60_000);
});
