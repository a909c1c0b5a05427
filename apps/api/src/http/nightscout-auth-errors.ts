/**
 * An error of the Nightscout routes, sent in Nightscout's shape
 * `{ status, message, description? }` with `status` as the HTTP status.
 */
export class NightscoutError extends Error {
  override name = 'NightscoutError';

  constructor(
    readonly status: number,
    message: string,
    readonly description?: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** 401 for missing, wrong or revoked credentials, with the reason in `description`. */
export function unauthorized(description: string, headers?: Record<string, string>) {
  return new NightscoutError(401, 'Unauthorized', description, headers);
}
