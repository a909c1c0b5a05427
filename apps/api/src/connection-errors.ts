import type { FastifyBaseLogger } from 'fastify';

/** SQLSTATE of a connection that PostgreSQL ended because it is shutting down. */
const ADMIN_SHUTDOWN = '57P01';

/**
 * Returns the function that logs a failed idle database connection: at debug while the
 * platform stops, when PostgreSQL ending every connection is expected, and as a warning
 * otherwise. Ctrl-C reaches the embedded PostgreSQL too, and it may end the connections before
 * this process handles the same signal, so a connection ended by a shutdown is logged
 * `delayMs` later, once `isStopping` can tell.
 */
export function connectionErrorLogger(
  log: () => FastifyBaseLogger,
  isStopping: () => boolean,
  delayMs = 500,
): (error: Error, message: string) => void {
  return (error, message) => {
    const code = (error as { code?: string }).code;
    const write = () => {
      const fields = { code, message: error.message };
      if (isStopping()) log().debug(fields, message);
      else log().warn(fields, message);
    };
    if (code === ADMIN_SHUTDOWN) setTimeout(write, delayMs).unref();
    else write();
  };
}
