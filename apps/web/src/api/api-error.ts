import type { ApiErrorBody } from './types.ts';

/** Code of an `ApiError` raised when the request never reached the API. */
export const NETWORK_ERROR_CODE = 'NETWORK_ERROR';

/** Code of an `ApiError` raised when the API sent a body that is not the documented shape. */
export const UNEXPECTED_RESPONSE_CODE = 'UNEXPECTED_RESPONSE';

/**
 * A failed API call. `status` is the HTTP status, or 0 when the request failed before a
 * response arrived. `requestId` is null when the response carried none.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null,
    readonly details: unknown[] = [],
  ) {
    super(message);
  }
}

/** Checks that a parsed JSON body has the documented error shape. */
export function isApiErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) {
    return false;
  }
  const error = (body as { error: unknown }).error;
  if (typeof error !== 'object' || error === null) {
    return false;
  }
  const fields = error as Record<string, unknown>;
  return (
    typeof fields.code === 'string' &&
    typeof fields.message === 'string' &&
    typeof fields.requestId === 'string'
  );
}
