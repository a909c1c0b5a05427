import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { isValidTimeZone, type CanonicalRecord } from '@phoenix/domain';
import { loadBridgeState, stateDirectory } from './bridge-state.ts';
import { metricsPerDevice } from './metrics.ts';
import { readForBridge } from './read-file.ts';
import { Outbox } from './outbox.ts';
import {
  pair,
  relay,
  requirePaired,
  enqueueAndDrain,
  resendRefused,
  watch,
} from './relay-commands.ts';
import { readRefused, refusedPath } from './refused.ts';
import { describeFetchError } from './network-error.ts';
import { lockStateDirectory } from './state-lock.ts';
import { formatIssue, formatSummary, summarise } from './summary.ts';
import { stagedCountsNote, uploadRecords, type BatchOutcome } from './upload.ts';

const USAGE = `phoenix-bridge: read device exports and upload them to Phoenix Ascend

usage:
  phoenix-bridge inspect FILE [--timezone ZONE] [--json | --metrics]
  phoenix-bridge pair --code CODE [--api URL] [--name NAME] [--state DIR]
  phoenix-bridge upload FILE --timezone ZONE [--batch-size N] [--state DIR]
  phoenix-bridge upload FILE --patient ID --user ID [--api URL] [--timezone ZONE] [--batch-size N]
  phoenix-bridge watch DIR --timezone ZONE [--interval SECONDS] [--once] [--state DIR]
  phoenix-bridge relay [--flush-every N] [--state DIR]     (canonical records as NDJSON on stdin)
  phoenix-bridge resend-refused [--batch-size N] [--state DIR]
  phoenix-bridge status [--state DIR]

inspect  prints the detected format, counts per record type, the time range, repeated
         daylight-saving hours and every problem found; --json prints the canonical records
         as NDJSON instead; --metrics prints every CGM metric per device as JSON (statistics,
         consensus targets, GRI, LBGI/HBGI, ADRR, J-index, MAGE, MODD, CONGA, episodes, AGP,
         daily profiles) over the span of that device's readings.
pair     registers a new Ed25519 key with the API using a one-time code the patient created on
         the dashboard; the private key stays in the state folder.
upload   sends the records in batches with an idempotency key and retries, and prints what the
         API accepted and rejected. Running it again stores nothing twice. A paired bridge puts
         the records in its durable outbox first and signs each batch; with --user it uploads
         directly with the development login.
watch    uploads each export file dropped into DIR through the outbox.
relay    uploads canonical records read from stdin through the outbox.
resend-refused
         moves the records of batches the API refused as a whole (for example 401 after the
         bridge was revoked, or 413) from outbox.refused.ndjson in the state folder back into
         the outbox and uploads them; run it once the cause is fixed.
status   prints the bridge's ID, patient, outbox depth and refused records.

options:
  --timezone ZONE   IANA zone of the device clock. Required for a paired upload and for watch,
                    because the API does not let a bridge read the patient's profile. Default
                    for upload with --user: the patient's zone; for inspect: this machine's
                    zone, with a warning.
  --patient ID      patient to upload for (a UUID), with --user
  --code CODE       one-time pairing code from the dashboard
  --name NAME       name of this bridge as the patient sees it (default: host name)
  --state DIR       bridge state folder (default: $PHOENIX_BRIDGE_STATE or ~/.phoenix-bridge)
  --interval S      seconds between scans of the watched folder (default 10)
  --once            scan the watched folder once and exit
  --flush-every N   records relayed per upload (default 1000)
  --user ID         user to sign in as with the development login (default: $PHOENIX_DEV_USER)
  --api URL         API address (default: $PHOENIX_API_URL or http://127.0.0.1:3000)
  --batch-size N    records per request, 1–10000 (default 5000)
`;

/** Output streams, replaceable in tests. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Run the command line; returns the exit code: 0 success, 1 failure, 2 usage error. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        timezone: { type: 'string' },
        json: { type: 'boolean', default: false },
        metrics: { type: 'boolean', default: false },
        patient: { type: 'string' },
        user: { type: 'string' },
        api: { type: 'string' },
        'batch-size': { type: 'string' },
        code: { type: 'string' },
        name: { type: 'string' },
        state: { type: 'string' },
        interval: { type: 'string' },
        once: { type: 'boolean', default: false },
        'flush-every': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const [command, file, ...extra] = parsed.positionals;
  if (parsed.values.help || command === 'help' || command === undefined) {
    io.out(USAGE);
    return command === undefined && !parsed.values.help ? 2 : 0;
  }
  const takesPath = ['inspect', 'upload', 'watch'];
  if (![...takesPath, 'pair', 'relay', 'resend-refused', 'status'].includes(command)) {
    io.err(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    return 2;
  }
  const expectedPositionals = takesPath.includes(command) ? 1 : 0;
  if ((file === undefined ? 0 : 1 + extra.length) !== expectedPositionals) {
    const what = expectedPositionals === 1 ? 'exactly one FILE or DIR' : 'no FILE';
    io.err(`${command} takes ${what}\n\n${USAGE}`);
    return 2;
  }
  try {
    return await run(command, file ?? '', parsed.values, io);
  } catch (error) {
    io.err(`error: ${describeFetchError(error)}`);
    return 1;
  }
}

async function run(command: string, path: string, flags: Flags, io: Io): Promise<number> {
  const stateDir = stateDirectory(flags.state);
  const usesOutbox =
    command === 'watch' ||
    command === 'relay' ||
    command === 'pair' ||
    command === 'resend-refused' ||
    (command === 'upload' && !uploadsDirectly(flags));
  if (!usesOutbox) return runCommand(command, path, stateDir, flags, io);
  const unlock = lockStateDirectory(stateDir);
  try {
    return await runCommand(command, path, stateDir, flags, io);
  } finally {
    unlock();
  }
}

/** True when `upload` sends as a user through the development login instead of the outbox. */
function uploadsDirectly(flags: Flags): boolean {
  return flags.user !== undefined || flags.patient !== undefined;
}

async function runCommand(
  command: string,
  path: string,
  stateDir: string,
  flags: Flags,
  io: Io,
): Promise<number> {
  switch (command) {
    case 'inspect':
      return inspect(path, flags, io);
    case 'upload':
      return uploadsDirectly(flags)
        ? upload(path, flags, io)
        : uploadThroughOutbox(path, stateDir, flags, io);
    case 'pair': {
      const apiUrl = apiAddress(flags);
      return pair(stateDir, apiUrl, required(flags.code, '--code'), flags.name, io);
    }
    case 'watch': {
      const interval = positiveNumber(flags.interval ?? '10', '--interval');
      const timezone = required(flags.timezone, '--timezone');
      checkZone(timezone);
      return watch(stateDir, path, timezone, interval * 1000, flags.once === true, io);
    }
    case 'relay':
      return relay(
        stateDir,
        process.stdin,
        positiveNumber(flags['flush-every'] ?? '1000', '--flush-every'),
        io,
      );
    case 'resend-refused':
      return resendRefused(stateDir, batchSizeFlag(flags), io);
    default:
      return status(stateDir, io);
  }
}

async function uploadThroughOutbox(file: string, stateDir: string, flags: Flags, io: Io) {
  const state = requirePaired(stateDir);
  const batchSize = batchSizeFlag(flags);
  if (flags.timezone === undefined) {
    throw new Error(
      "--timezone is required for a paired upload, because the API does not let a bridge read the patient's time zone. " +
        'Pass the IANA zone of the device clock, for example --timezone Europe/Helsinki',
    );
  }
  const timezone = flags.timezone;
  checkZone(timezone);
  const result = await readForBridge(file, timezone);
  for (const issue of result.issues) io.err(formatIssue(issue));
  if (result.records.length === 0) throw new Error(`${file} contains no records to upload`);
  const source = { format: result.format, variant: result.variant, fileName: basename(file) };
  const drained = await enqueueAndDrain(stateDir, state, result.records, io, { batchSize, source });
  // Exit 1 when anything in the file was not stored, as the direct upload does.
  const readErrors = result.issues.some((issue) => issue.severity === 'error');
  return drained.error || drained.rejected > 0 || drained.refused > 0 || readErrors ? 1 : 0;
}

function status(stateDir: string, io: Io): number {
  const state = loadBridgeState(stateDir);
  const outbox = new Outbox(stateDir);
  io.out(
    state
      ? `bridge ${state.bridgeId} uploads for patient ${state.patientId} to ${state.apiUrl}`
      : `not paired (state folder ${stateDir})`,
  );
  io.out(`outbox: ${outbox.depth()} records waiting`);
  const refused = readRefused(stateDir).records.length;
  io.out(
    refused === 0
      ? 'refused: none'
      : `refused: ${refused} records in ${refusedPath(stateDir)}; ` +
          'run phoenix-bridge resend-refused once the cause is fixed',
  );
  return 0;
}

function positiveNumber(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${flag} must be a positive number, not ${JSON.stringify(text)}`);
  }
  return value;
}

/**
 * Returns --batch-size, 5000 by default. The API takes at most 10,000 records per request and
 * returns 413 above that, so a larger value is rejected before anything is sent.
 */
function batchSizeFlag(flags: Flags): number {
  const batchSize = Number(flags['batch-size'] ?? 5000);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new Error(`--batch-size must be a whole number in 1–10000, not ${flags['batch-size']}`);
  }
  return batchSize;
}

/** The API's address when neither --api nor PHOENIX_API_URL gives one. */
const DEFAULT_API_URL = 'http://127.0.0.1:3000';

interface Flags {
  timezone?: string;
  json?: boolean;
  metrics?: boolean;
  patient?: string;
  user?: string;
  api?: string;
  'batch-size'?: string;
  code?: string;
  name?: string;
  state?: string;
  interval?: string;
  once?: boolean;
  'flush-every'?: string;
}

async function inspect(file: string, flags: Flags, io: Io): Promise<number> {
  let timezone = flags.timezone;
  if (timezone === undefined) {
    timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    io.err(`warning: no --timezone given; reading device times as ${timezone}`);
  }
  checkZone(timezone);
  const result = await readForBridge(file, timezone);
  if (flags.json && flags.metrics) {
    throw new Error('--json and --metrics cannot be combined; pick one');
  }
  if (flags.metrics) {
    const devices = metricsPerDevice(result.records, timezone);
    io.out(JSON.stringify({ file, format: result.format, timezone, devices }, null, 2));
    for (const issue of result.issues) io.err(formatIssue(issue));
  } else if (flags.json) {
    for (const record of result.records) io.out(JSON.stringify(record));
    for (const issue of result.issues) io.err(formatIssue(issue));
  } else {
    io.out(formatSummary(summarise(file, result, timezone, result.records, result.issues)));
  }
  // Exit 1 when something would not be stored, so scripts notice.
  const errors = result.issues.filter((issue) => issue.severity === 'error').length;
  return result.records.length > 0 && errors === 0 ? 0 : 1;
}

/**
 * Returns the API's address from --api, PHOENIX_API_URL or the default, and raises when it is
 * not an http or https URL, so that a typo is named before any request is made.
 */
function apiAddress(flags: Flags): string {
  const fromFlag = typeof flags.api === 'string';
  const value = fromFlag ? String(flags.api) : (process.env.PHOENIX_API_URL ?? DEFAULT_API_URL);
  const source = fromFlag ? '--api' : 'PHOENIX_API_URL';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(
      `${source} must be a URL such as ${DEFAULT_API_URL}, not ${JSON.stringify(value)}`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${source} must be an http or https URL, not ${JSON.stringify(value)}`);
  }
  return value;
}

async function upload(file: string, flags: Flags, io: Io): Promise<number> {
  const patientId = required(flags.patient, '--patient');
  const devUser = required(flags.user ?? process.env.PHOENIX_DEV_USER, '--user');
  const apiUrl = apiAddress(flags);
  const batchSize = batchSizeFlag(flags);
  const timezone = flags.timezone ?? (await patientTimezone(apiUrl, patientId, devUser));
  checkZone(timezone);

  const result = await readForBridge(file, timezone);
  for (const issue of result.issues) io.err(formatIssue(issue));
  if (result.records.length === 0) {
    throw new Error(`${file} contains no records to upload`);
  }
  io.out(`uploading ${result.records.length} records from ${file} (${result.format}, ${timezone})`);

  const outcome = await uploadRecords({ apiUrl, patientId, devUser }, result.records, {
    batchSize,
    source: { format: result.format, variant: result.variant, fileName: basename(file) },
    onBatch: (batch) => io.out(describeBatch(batch)),
    onRetry: ({ batch, attempt, delayMs, reason }) =>
      io.err(
        `batch ${batch + 1}: attempt ${attempt} failed (${reason}); retrying in ${delayMs} ms`,
      ),
  });
  for (const batch of outcome.batches) printRejections(batch, io);
  io.out(
    `done: ${outcome.accepted} accepted, ${outcome.duplicates} duplicates, ` +
      `${outcome.rejected} rejected, ${outcome.failedBatches} batches failed` +
      (outcome.replayedRecords > 0
        ? `, ${outcome.replayedRecords} records already stored by an earlier upload`
        : '') +
      (outcome.unsentRecords > 0 ? `, ${outcome.unsentRecords} not sent; run upload again` : ''),
  );
  const note = stagedCountsNote(outcome.stagedBatchIds);
  if (note) io.out(note);
  // Exit 1 when anything in the file was not stored, so scripts notice.
  const readErrors = result.issues.some((issue) => issue.severity === 'error');
  return outcome.failedBatches > 0 || outcome.rejected > 0 || readErrors ? 1 : 0;
}

function describeBatch(batch: BatchOutcome): string {
  if (!batch.receipt) return `batch ${batch.index + 1}: failed: ${batch.error}`;
  const { accepted, duplicates, rejected, replayed, batchId } = batch.receipt;
  const counts = `${accepted} accepted, ${duplicates} duplicates, ${rejected} rejected`;
  if (replayed) {
    // The API returned the receipt of this batch's earlier upload, so nothing new was stored.
    return `batch ${batch.index + 1}: already stored by an earlier upload, nothing stored again (earlier receipt: ${counts}) [${batchId}]`;
  }
  return `batch ${batch.index + 1}: ${counts} [${batchId}]`;
}

function printRejections(batch: BatchOutcome, io: Io): void {
  for (const rejection of batch.receipt?.rejections ?? []) {
    const record: CanonicalRecord | undefined = batch.records[rejection.index];
    const line =
      record?.origin.line !== undefined
        ? `line ${record.origin.line}`
        : `record ${rejection.index}`;
    io.err(
      `rejected ${line}: ${rejection.field} ${JSON.stringify(rejection.value)}: ${rejection.message}`,
    );
  }
}

async function patientTimezone(
  apiUrl: string,
  patientId: string,
  devUser: string,
): Promise<string> {
  const response = await fetch(new URL('/api/v1/patients', apiUrl), {
    headers: { 'x-dev-user': devUser },
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) {
    throw new Error(
      `could not read the patient's time zone (HTTP ${response.status}); pass --timezone`,
    );
  }
  const patients = (await response.json()) as { id: string; timezone: string }[];
  const patient = patients.find((candidate) => candidate.id === patientId);
  if (!patient) throw new Error(`patient ${patientId} not found for this user`);
  return patient.timezone;
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new Error(`${flag} is required`);
  return value;
}

function checkZone(zone: string): void {
  if (!isValidTimeZone(zone)) {
    throw new Error(
      `unknown time zone ${JSON.stringify(zone)}; use an IANA name such as Europe/Helsinki`,
    );
  }
}
