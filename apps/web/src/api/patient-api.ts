import { apiPath } from './api-path.ts';
import type { ApiClient } from './client.ts';

/** A device that uploaded a patient's data (`GET …/devices`). Times are ISO instants. */
export interface Device {
  id: string;
  patientId: string;
  /** Model and serial number as the upload named them, for example `dexcom-g6:8AB12C`. */
  deviceKey: string;
  /** First upload from the device. */
  createdAt: string;
  lastUploadAt: string | null;
}

/** A bridge paired with a patient (`GET …/bridges`). Times are ISO instants. */
export interface Bridge {
  id: string;
  name: string;
  createdAt: string;
  lastSeenAt: string | null;
  /** When the patient revoked the bridge; null while it may upload. */
  revokedAt: string | null;
}

/** A one-time code that pairs a bridge with the patient; `expiresAt` is an ISO instant. */
export interface PairingCode {
  code: string;
  expiresAt: string;
}

/** A care team a patient can share with (`GET /api/v1/care-teams`). */
export interface CareTeamListing {
  id: string;
  name: string;
}

/** A care team's access to a patient, current or revoked (`GET …/shares`). */
export interface Share {
  teamId: string;
  teamName: string;
  grantedAt: string;
  revokedAt: string | null;
}

/** Lists the patient's devices, most recently seen first. */
export function listDevices(
  client: ApiClient,
  patientId: string,
  signal?: AbortSignal,
): Promise<Device[]> {
  return client.request<Device[]>('GET', apiPath(['patients', patientId, 'devices']), { signal });
}

/** Lists the bridges paired with the patient, oldest first, revoked ones included. */
export function listBridges(
  client: ApiClient,
  patientId: string,
  signal?: AbortSignal,
): Promise<Bridge[]> {
  return client.request<Bridge[]>('GET', apiPath(['patients', patientId, 'bridges']), { signal });
}

/** Revokes a bridge, so its signed requests are rejected from now on (the patient only). */
export function revokeBridge(client: ApiClient, patientId: string, bridgeId: string) {
  return client.request<void>('DELETE', apiPath(['patients', patientId, 'bridges', bridgeId]));
}

/** Creates a one-time pairing code, valid 15 minutes, for the patient's own record. */
export function createPairingCode(client: ApiClient, patientId: string): Promise<PairingCode> {
  return client.request<PairingCode>('POST', apiPath(['patients', patientId, 'pairing-codes']));
}

/** Lists every care team by name, for the patient choosing whom to share with. */
export function listCareTeams(client: ApiClient, signal?: AbortSignal): Promise<CareTeamListing[]> {
  return client.request<CareTeamListing[]>('GET', apiPath(['care-teams']), { signal });
}

/** Lists the care teams with access to the patient, current and revoked. */
export function listShares(
  client: ApiClient,
  patientId: string,
  signal?: AbortSignal,
): Promise<Share[]> {
  return client.request<Share[]>('GET', apiPath(['patients', patientId, 'shares']), { signal });
}

/**
 * Gives a care team access to the patient's data (`granted` true), or revokes it. Only the
 * patient may; an unknown team is rejected with `NOT_FOUND` (404).
 */
export function setShare(client: ApiClient, patientId: string, teamId: string, granted: boolean) {
  const path = apiPath(['patients', patientId, 'shares', teamId]);
  return client.request<void>(granted ? 'PUT' : 'DELETE', path);
}
