import pg from 'pg';

/** Application roles a request can act as; each maps to a database role `phoenix_<role>`. */
export type AppRole = 'patient' | 'clinician' | 'engineer' | 'admin' | 'bridge';

const APP_ROLES: ReadonlySet<string> = new Set([
  'patient',
  'clinician',
  'engineer',
  'admin',
  'bridge',
]);

/** The user and application role a database request runs for. */
export interface Caller {
  role: AppRole;
  userId: string;
}

/**
 * Run `work` in one transaction as the caller: `SET LOCAL ROLE` to the caller's database role
 * and `app.user_id` set with `set_config(…, true)`. Both end with the transaction, so nothing
 * leaks to the next user of a pooled connection. Commits when `work` resolves and rolls back
 * when it throws.
 */
export async function withCaller<T>(
  pool: pg.Pool,
  caller: Caller,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  if (!APP_ROLES.has(caller.role)) {
    throw new Error(`unknown application role ${JSON.stringify(caller.role)}`);
  }
  const client = await pool.connect();
  // The pool listens for errors of idle clients only. A connection that dies during the
  // request (a server restart) would otherwise raise an unhandled 'error' event and end the
  // process; the query in flight fails anyway, and the dead client is discarded on release.
  let lost: Error | undefined;
  const onError = (error: Error) => {
    lost = error;
  };
  client.on('error', onError);
  try {
    await client.query('begin');
    // set_config('role', …, true) is SET LOCAL ROLE, with the same membership check, and lets
    // one round trip set both. The role name comes from the fixed list above.
    await client.query("select set_config('role', $1, true), set_config('app.user_id', $2, true)", [
      `phoenix_${caller.role}`,
      caller.userId,
    ]);
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.off('error', onError);
    client.release(lost);
  }
}

/**
 * Create a connection pool of at most `max` connections. An idle client that loses its server
 * emits an error, which would end the process without a listener, so it goes to `onError`.
 */
export function createPool(
  connectionString: string,
  options: { max?: number; onError?: (error: Error) => void } = {},
): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
  pool.on('error', (error) => options.onError?.(error));
  return pool;
}
