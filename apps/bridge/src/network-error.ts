/**
 * Returns the message of an error, naming the API and the network reason when fetch failed.
 * fetch reports a network failure only as "fetch failed" and keeps the reason (a refused
 * connection, an unknown host) in its cause.
 */
export function describeFetchError(error: unknown, apiUrl?: string): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (error instanceof TypeError && error.message === 'fetch failed' && cause instanceof Error) {
    const where = apiUrl === undefined ? 'the API' : `the API at ${apiUrl}`;
    if (cause.message === 'bad port') {
      // The Fetch standard blocks ports of other protocols (9, 25, 6000 and others).
      return `could not reach ${where}: fetch refuses to connect to that port, which belongs to another protocol; run the API on another port`;
    }
    return `could not reach ${where} (${cause.message}); check the address and that the API is running`;
  }
  return error.message;
}
