import { readdirSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { identityHash, RECORD_TYPES, type CanonicalRecord } from '@phoenix/domain';
import {
  bridgeSigner,
  generateBridgeKey,
  loadBridgeState,
  saveBridgeState,
  type BridgeState,
} from './bridge-state.ts';
import { drainOutbox, type DrainResult, type RejectedRecord } from './drain.ts';
import { Outbox } from './outbox.ts';
import { readForBridge } from './read-file.ts';
import { stagedCountsNote } from './upload.ts';
import { readRefused, refusedPath, removeRefused } from './refused.ts';
import { formatIssue } from './summary.ts';

/** Output streams, replaceable in tests. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Pair this bridge with a patient through a one-time code; stores the key in `stateDir`. */
export async function pair(
  stateDir: string,
  apiUrl: string,
  code: string,
  name: string | undefined,
  io: Io,
): Promise<number> {
  const { privateKey, publicKeyRaw } = generateBridgeKey();
  const response = await fetch(new URL('/api/v1/bridges/pair', apiUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      code,
      publicKey: publicKeyRaw.toString('base64'),
      name: name ?? `phoenix-bridge on ${hostname()}`,
    }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json().catch(() => ({}))) as {
    bridgeId?: string;
    patientId?: string;
    error?: { message?: string };
  };
  if (!response.ok || !body.bridgeId || !body.patientId) {
    throw new Error(
      `pairing failed (HTTP ${response.status}): ${body.error?.message ?? 'no details'}`,
    );
  }
  const privateKeyPem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  saveBridgeState(stateDir, {
    apiUrl,
    bridgeId: body.bridgeId,
    patientId: body.patientId,
    privateKeyPem,
  });
  io.out(
    `paired: bridge ${body.bridgeId} uploads for patient ${body.patientId}; key kept in ${stateDir}`,
  );
  return 0;
}

/** Load the paired state or raise an error that says how to pair. */
export function requirePaired(stateDir: string): BridgeState {
  const state = loadBridgeState(stateDir);
  if (!state) {
    throw new Error(
      `this bridge is not paired (no ${join(stateDir, 'bridge.json')}); ` +
        'create a pairing code on the dashboard and run phoenix-bridge pair --code CODE',
    );
  }
  return state;
}

/** Put records into the outbox, then send everything the outbox holds. */
export async function enqueueAndDrain(
  stateDir: string,
  state: BridgeState,
  records: readonly CanonicalRecord[],
  io: Io,
  options: {
    batchSize?: number;
    source?: { format?: string; variant?: string; fileName?: string };
    /** Line of standard input of each relayed record, by record ID, to name rejected ones. */
    stdinLines?: ReadonlyMap<string, number>;
  } = {},
): Promise<DrainResult> {
  const outbox = new Outbox(stateDir);
  outbox.append(records);
  io.out(`outbox: ${outbox.depth()} records waiting`);
  const result = await drainOutbox(
    outbox,
    stateDir,
    { apiUrl: state.apiUrl, patientId: state.patientId, signer: bridgeSigner(state) },
    {
      batchSize: options.batchSize,
      source: options.source,
      onRetry: ({ attempt, delayMs, reason }) =>
        io.err(`upload attempt ${attempt} failed (${reason}); retrying in ${delayMs} ms`),
    },
  );
  for (const rejection of result.rejections) {
    io.err(describeRejection(rejection, options.stdinLines));
  }
  const alreadyStored =
    result.alreadyStored > 0 ? `, ${result.alreadyStored} already stored by an earlier upload` : '';
  io.out(
    `sent: ${result.accepted} accepted, ${result.duplicates} duplicates, ${result.rejected} rejected, ` +
      `${result.refused} refused${alreadyStored}; ${result.remaining} records wait in the outbox`,
  );
  const note = stagedCountsNote(result.stagedBatchIds);
  if (note) io.out(note);
  for (const refusal of result.refusals) {
    io.err(
      `refused ${refusal.records} records: ${refusal.error ?? 'no error given'}; ` +
        `moved them to ${refusedPath(stateDir)}. Fix the cause, then run phoenix-bridge resend-refused`,
    );
  }
  if (result.error) io.err(`upload stopped: ${result.error}; the outbox keeps the records`);
  return result;
}

/**
 * Move the records of refused batches back into the outbox and upload them again, for use once
 * the cause of the refusal (a revoked bridge, a batch too large) is fixed. The records are
 * appended to the outbox durably before the refused file is deleted, so a crash in between
 * sends some records twice, which the API stores once, and loses none.
 */
export async function resendRefused(stateDir: string, batchSize: number, io: Io): Promise<number> {
  const state = requirePaired(stateDir);
  const { records, unreadableLines } = readRefused(stateDir);
  if (unreadableLines > 0) {
    io.err(
      `skipped ${unreadableLines} lines of ${refusedPath(stateDir)} that are not a refused record`,
    );
  }
  if (records.length === 0) {
    io.out(`no refused records to resend in ${refusedPath(stateDir)}`);
    return unreadableLines > 0 ? 1 : 0;
  }
  new Outbox(stateDir).append(records);
  removeRefused(stateDir);
  io.out(`moved ${records.length} refused records back into the outbox`);
  const result = await enqueueAndDrain(stateDir, state, [], io, { batchSize });
  const failed = result.error !== null || result.rejected > 0 || result.refused > 0;
  return failed || unreadableLines > 0 ? 1 : 0;
}

/**
 * Returns `rejected PLACE: FIELD VALUE: MESSAGE` for a record the API rejected, as the direct
 * upload prints it. PLACE is the export file's line, else the line of standard input it was
 * relayed from, else the record's ID.
 */
export function describeRejection(
  rejection: RejectedRecord,
  stdinLines?: ReadonlyMap<string, number>,
): string {
  const { record, field, value, message } = rejection;
  const origin = record?.origin;
  const stdinLine = typeof record?.id === 'string' ? stdinLines?.get(record.id) : undefined;
  let place: string;
  if (origin?.line !== undefined) {
    place =
      origin.file === undefined ? `line ${origin.line}` : `${origin.file} line ${origin.line}`;
  } else if (stdinLine !== undefined) {
    place = `stdin line ${stdinLine}`;
  } else {
    place = `record ${JSON.stringify(record?.id ?? null)}`;
  }
  return `rejected ${place}: ${field} ${JSON.stringify(value)}: ${message}`;
}

/**
 * Upload export files dropped into a folder. Each file is read once per size and modification
 * time; `once` scans a single time and returns, for scripts and tests.
 */
export async function watch(
  stateDir: string,
  folder: string,
  timezone: string,
  intervalMs: number,
  once: boolean,
  io: Io,
  signal?: AbortSignal,
): Promise<number> {
  const state = requirePaired(stateDir);
  const seen = new Map<string, string>();
  let failures = 0;
  while (!signal?.aborted) {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      const stat = statSync(path);
      const version = `${stat.size}:${stat.mtimeMs}`;
      if (!stat.isFile() || name.startsWith('.') || seen.get(path) === version) continue;
      seen.set(path, version);
      try {
        const file = await readForBridge(path, timezone);
        for (const issue of file.issues) io.err(formatIssue(issue));
        io.out(`${name}: ${file.records.length} records (${file.format})`);
        const source = { format: file.format, variant: file.variant, fileName: name };
        const result = await enqueueAndDrain(stateDir, state, file.records, io, { source });
        if (result.error) failures += 1;
      } catch (error) {
        failures += 1;
        io.err(`${name}: skipped: ${(error as Error).message}`);
      }
    }
    if (once) break;
    await sleep(intervalMs, undefined, { signal }).catch(() => {});
  }
  return failures > 0 ? 1 : 0;
}

/**
 * Relay canonical records read as NDJSON from `input` (a device simulator or the synthetic
 * fleet): every line goes to the outbox, which drains every `flushEvery` records and at the end.
 * Returns 1 when a line was skipped, the API rejected or refused a record, or it could not be
 * reached.
 */
export async function relay(
  stateDir: string,
  input: NodeJS.ReadableStream,
  flushEvery: number,
  io: Io,
): Promise<number> {
  const state = requirePaired(stateDir);
  let pending: CanonicalRecord[] = [];
  // Records still in the outbox after a flush keep their lines for the next flush.
  const stdinLines = new Map<string, number>();
  let lineNumber = 0;
  let failed = false;
  const flush = async () => {
    const result = await enqueueAndDrain(stateDir, state, pending, io, { stdinLines });
    pending = [];
    if (result.remaining === 0) stdinLines.clear();
    return result.error !== null || result.rejected > 0 || result.refused > 0;
  };
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    const parsed = parseRelayLine(line);
    if (typeof parsed === 'string') {
      io.err(`stdin line ${lineNumber}: ${parsed}; skipped`);
      failed = true;
      continue;
    }
    pending.push(parsed);
    stdinLines.set(parsed.id, lineNumber);
    if (pending.length >= flushEvery) failed = (await flush()) || failed;
  }
  failed = (await flush()) || failed;
  return failed ? 1 : 0;
}

/**
 * Returns the canonical record on one line of `relay` input, or why the line cannot enter the
 * outbox. Only records the outbox can key and send get in: an object of a known type whose
 * `id` is the identity hash of its fields. The API checks every other rule and names the
 * fields that break them in its receipt.
 */
export function parseRelayLine(line: string): CanonicalRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'not a JSON object';
  }
  const record = value as Partial<CanonicalRecord>;
  if (typeof record.type !== 'string' || !RECORD_TYPES.includes(record.type)) {
    return `type ${JSON.stringify(record.type ?? null)} is not one of ${RECORD_TYPES.join(', ')}`;
  }
  if (typeof record.deviceId !== 'string' || typeof record.time !== 'string') {
    return 'a record needs deviceId and time as text';
  }
  let expectedId: string;
  try {
    expectedId = identityHash(record as CanonicalRecord);
  } catch (error) {
    return (error as Error).message;
  }
  if (record.id !== expectedId) {
    return `id ${JSON.stringify(record.id ?? null)} is not the identity hash of the record; recompute it`;
  }
  return record as CanonicalRecord;
}
