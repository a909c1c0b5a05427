import {
  ApiError,
  isApiErrorBody,
  NETWORK_ERROR_CODE,
  UNEXPECTED_RESPONSE_CODE,
} from './api-error.ts';
import type { DevUser, PatientSummary, ReadingsResponse, StatisticsResponse } from './types.ts';

/** Header that carries the signed-in user's ID while the development login is in use. */
export const DEV_USER_HEADER = 'X-Dev-User';

/** A period as two ISO 8601 UTC instants: `from` inclusive, `to` exclusive. */
export interface PeriodQuery {
  from: string;
  to: string;
}

/** Typed calls to the Phoenix Ascend API on the page's own origin. */
export interface ApiClient {
  listDevUsers(signal?: AbortSignal): Promise<DevUser[]>;
  listPatients(signal?: AbortSignal): Promise<PatientSummary[]>;
  getReadings(
    patientId: string,
    period: PeriodQuery,
    signal?: AbortSignal,
  ): Promise<ReadingsResponse>;
  getStatistics(
    patientId: string,
    period: PeriodQuery,
    signal?: AbortSignal,
  ): Promise<StatisticsResponse>;
}

/**
 * Creates an API client that sends `X-Dev-User: <devUserId>` on every request (none when
 * `devUserId` is null, as on the login screen). Every method rejects with an `ApiError` on a
 * non-2xx status, a network failure or a body that is not JSON, and with the signal's
 * `AbortError` when the caller aborts.
 */
export function createApiClient(devUserId: string | null): ApiClient {
  const get = <T>(path: string, signal?: AbortSignal) => getJson<T>(path, devUserId, signal);

  return {
    listDevUsers: (signal) => get<DevUser[]>('/api/v1/dev/users', signal),
    listPatients: (signal) => get<PatientSummary[]>('/api/v1/patients', signal),
    getReadings: (patientId, period, signal) =>
      get<ReadingsResponse>(patientPath(patientId, 'readings', period), signal),
    getStatistics: (patientId, period, signal) =>
      get<StatisticsResponse>(patientPath(patientId, 'statistics', period), signal),
  };
}

function patientPath(patientId: string, resource: string, period: PeriodQuery): string {
  const query = new URLSearchParams({ from: period.from, to: period.to });
  return `/api/v1/patients/${encodeURIComponent(patientId)}/${resource}?${query.toString()}`;
}

async function getJson<T>(
  path: string,
  devUserId: string | null,
  signal: AbortSignal | undefined,
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (devUserId !== null) {
    headers[DEV_USER_HEADER] = devUserId;
  }

  // fetch needs an absolute URL outside a browser (tests); in a browser this is the same origin.
  const url = new URL(path, document.baseURI);
  let response: Response;
  try {
    response = await fetch(url, { headers, signal });
  } catch (error) {
    if (signal?.aborted) {
      throw error;
    }
    throw new ApiError(
      0,
      NETWORK_ERROR_CODE,
      'The API could not be reached. Check the connection and try again.',
      null,
    );
  }

  const body = await readJson(response);
  if (!response.ok) {
    throw toApiError(response, body);
  }
  if (body === undefined) {
    throw unexpectedResponse(response, 'The API sent a response that is not JSON.');
  }
  return body as T;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function toApiError(response: Response, body: unknown): ApiError {
  if (isApiErrorBody(body)) {
    const { code, message, requestId, details } = body.error;
    return new ApiError(response.status, code, message, requestId, details ?? []);
  }
  return unexpectedResponse(
    response,
    `The API request failed with HTTP status ${response.status} and no error details.`,
  );
}

function unexpectedResponse(response: Response, message: string): ApiError {
  const requestId = response.headers.get('x-request-id');
  return new ApiError(response.status, UNEXPECTED_RESPONSE_CODE, message, requestId);
}
