/**
 * The API alone, as a child process of the ingest suite, so that the suite can read its peak
 * memory. The suite bundles it as `npm start` bundles the API and runs the bundle with
 * PHOENIX_BENCH_API_URL set to the database address of the API's login role. It runs no
 * storage job, so uploads stay staged, and prints its address as JSON on one line.
 */
import { createPool } from '@phoenix/db';
import { buildApp } from '../../apps/api/src/app.ts';

const apiUrl = process.env.PHOENIX_BENCH_API_URL;
if (!apiUrl) throw new Error('set PHOENIX_BENCH_API_URL to the database address of phoenix_api');

const pool = createPool(apiUrl, { max: 8 });
const app = await buildApp({
  pool,
  logLevel: false,
  uploads: { maxBacklogRecords: 100_000_000 },
});
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ address })}\n`);
