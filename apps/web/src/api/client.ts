import {
  ApiError,
  isApiErrorBody,
  NETWORK_ERROR_CODE,
  UNEXPECTED_RESPONSE_CODE,
} from './api-error.ts';
import { fileNameFromContentDisposition } from './content-disposition.ts';
import type {
  AuthConfig,
  DevUser,
  PatientSummary,
  ReadingsResponse,
  StatisticsResponse,
} from './types.ts';

/** Header that carries the signed-in user's ID while the development login is in use. */
export const DEV_USER_HEADER = 'X-Dev-User';

/** A period as two ISO 8601 UTC instants: `from` inclusive, `to` exclusive. */
export interface PeriodQuery {
  from: string;
  to: string;
}

/** Options of `createApiClient`. */
export interface ApiClientOptions {
  /**
   * Returns the OpenID Connect access token to send as `Authorization: Bearer`, or null to
   * send none. Called before every request, so a renewed token is used at once.
   */
  getAccessToken?: () => Promise<string | null>;
}

/** HTTP methods that `ApiClient.request` sends. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Options of `ApiClient.request`. */
export interface RequestOptions {
  /** Body to send as JSON; no body (and no Content-Type) when undefined. */
  body?: unknown;
  signal?: AbortSignal;
}

/** A file the API sent as a download. */
export interface DownloadedFile {
  /** The response body, typed with the response's Content-Type. */
  blob: Blob;
  /** File name from the Content-Disposition header, or null when the header names none. */
  fileName: string | null;
}

/** Typed calls to the Phoenix Ascend API on the page's own origin. */
export interface ApiClient {
  /**
   * Sends a request to an API path (query included) with the signed-in user's credentials and
   * returns the parsed JSON body, or undefined for 204 No Content. The typed calls of the
   * role views (`triage-api.ts`, `report-api.ts` and the like) are built on it.
   */
  request<T>(method: HttpMethod, path: string, options?: RequestOptions): Promise<T>;
  /**
   * Sends a GET request for a file with the same credentials as `request` and returns the body
   * as a Blob. A plain link cannot carry the bearer token, so downloads go through here.
   */
  download(path: string, signal?: AbortSignal): Promise<DownloadedFile>;
  getAuthConfig(signal?: AbortSignal): Promise<AuthConfig>;
  getCurrentUser(signal?: AbortSignal): Promise<DevUser>;
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
 * `devUserId` is null, as on the login screen), and the access token of
 * `options.getAccessToken` when one is given. Every method rejects with an `ApiError` on a
 * non-2xx status, a network failure or (except `download`) a body that is not JSON, and with
 * the signal's `AbortError` when the caller aborts.
 */
export function createApiClient(
  devUserId: string | null,
  options: ApiClientOptions = {},
): ApiClient {
  const credentials = async () => {
    const headers: Record<string, string> = {};
    if (devUserId !== null) {
      headers[DEV_USER_HEADER] = devUserId;
    }
    const accessToken = options.getAccessToken ? await options.getAccessToken() : null;
    if (accessToken !== null) {
      headers.Authorization = `Bearer ${accessToken}`;
    }
    return headers;
  };
  const send = async <T>(method: HttpMethod, path: string, request: RequestOptions = {}) =>
    sendJson<T>(method, path, await credentials(), request);
  const get = <T>(path: string, signal?: AbortSignal) => send<T>('GET', path, { signal });

  return {
    request: send,
    download: async (path, signal) => downloadFile(path, await credentials(), signal),
    getAuthConfig: (signal) => get<AuthConfig>('/api/v1/auth/config', signal),
    getCurrentUser: (signal) => get<DevUser>('/api/v1/auth/me', signal),
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

async function sendJson<T>(
  method: HttpMethod,
  path: string,
  credentials: Record<string, string>,
  { body, signal }: RequestOptions,
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...credentials };
  // The API rejects a JSON Content-Type without a body, so body-less requests send none.
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }

  const payload = body === undefined ? undefined : JSON.stringify(body);
  const response = await fetchApi(path, { method, headers, body: payload, signal });
  if (response.status === 204) {
    return undefined as T;
  }
  const parsed = await readJson(response);
  if (!response.ok) {
    throw toApiError(response, parsed);
  }
  if (parsed === undefined) {
    throw unexpectedResponse(response, 'The API sent a response that is not JSON.');
  }
  return parsed as T;
}

async function downloadFile(
  path: string,
  credentials: Record<string, string>,
  signal: AbortSignal | undefined,
): Promise<DownloadedFile> {
  const response = await fetchApi(path, { method: 'GET', headers: credentials, signal });
  if (!response.ok) {
    // Errors come as the documented JSON body, whatever the type of a successful response.
    throw toApiError(response, await readJson(response));
  }
  let blob: Blob;
  try {
    blob = await response.blob();
  } catch (error) {
    if (signal?.aborted) {
      throw error;
    }
    throw networkError();
  }
  return {
    blob,
    fileName: fileNameFromContentDisposition(response.headers.get('content-disposition')),
  };
}

/**
 * Sends a request to the API's origin. Rejects with a network `ApiError` when no response
 * arrives, and with the signal's `AbortError` when the caller aborts.
 */
async function fetchApi(path: string, init: RequestInit): Promise<Response> {
  // fetch needs an absolute URL outside a browser (tests); in a browser this is the same origin.
  const url = new URL(path, document.baseURI);
  try {
    return await fetch(url, init);
  } catch (error) {
    if (init.signal?.aborted) {
      throw error;
    }
    throw networkError();
  }
}

function networkError(): ApiError {
  return new ApiError(
    0,
    NETWORK_ERROR_CODE,
    'The API could not be reached. Check the connection and try again.',
    null,
  );
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
