/** Returns a rejection reason as an Error, wrapping anything else in one. */
export function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
