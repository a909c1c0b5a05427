/**
 * The API as a child process for the crash test: the app on a random port with the storage
 * jobs, against the database of PHOENIX_TEST_API_URL (API login) and PHOENIX_TEST_OWNER_URL
 * (schema owner, for the jobs). It prints its address as JSON on one line. With
 * PHOENIX_TEST_MERGER=off no job runs. An upload whose Idempotency-Key starts with
 * `pause-before-reply` is committed but gets no response: the child sends `paused` to its
 * parent over IPC and waits, so that the parent can kill it between commit and receipt.
 */
import { createPool, startJobRunner } from '@phoenix/db';
import { buildApp } from './app.ts';

const apiUrl = process.env.PHOENIX_TEST_API_URL;
const ownerUrl = process.env.PHOENIX_TEST_OWNER_URL;
if (!apiUrl || !ownerUrl) {
  throw new Error('set PHOENIX_TEST_API_URL and PHOENIX_TEST_OWNER_URL');
}

const pool = createPool(apiUrl);
const app = await buildApp({ pool, logLevel: false });
app.addHook('onSend', async (request, reply, payload) => {
  const key = request.headers['idempotency-key'];
  if (typeof key === 'string' && key.startsWith('pause-before-reply') && reply.statusCode < 300) {
    process.send?.('paused');
    await new Promise(() => {});
  }
  return payload;
});
if (process.env.PHOENIX_TEST_MERGER !== 'off') {
  const ownerPool = createPool(ownerUrl, { max: 2 });
  startJobRunner({ pool: ownerPool, intervalsMs: { merge: 50, aggregates: 200 } });
}
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ address })}\n`);
