import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { isValidTimeZone, type CanonicalRecord } from '@phoenix/domain';
import { readExportFile } from '@phoenix/formats';
import { metricsPerDevice } from './metrics.ts';
import { formatIssue, formatSummary, summarise } from './summary.ts';
import { uploadRecords, type BatchOutcome } from './upload.ts';

const USAGE = `phoenix-bridge: read device exports and upload them to Phoenix Ascend

usage:
  phoenix-bridge inspect FILE [--timezone ZONE] [--json | --metrics]
  phoenix-bridge upload FILE --patient ID --user ID [--api URL] [--timezone ZONE] [--batch-size N]

inspect  prints the detected format, counts per record type, the time range, repeated
         daylight-saving hours and every problem found; --json prints the canonical records
         as NDJSON instead; --metrics prints every CGM metric per device as JSON (statistics,
         consensus targets, GRI, LBGI/HBGI, ADRR, J-index, MAGE, MODD, CONGA, episodes, AGP,
         daily profiles) over the span of that device's readings.
upload   sends the records in batches with an idempotency key and retries, and prints what the
         API accepted and rejected. Running it again stores nothing twice.

options:
  --timezone ZONE   IANA zone of the device clock (default: for upload, the patient's zone;
                    for inspect, this machine's zone, with a warning)
  --patient ID      patient to upload for (a UUID)
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
  if (command !== 'inspect' && command !== 'upload') {
    io.err(`unknown command ${JSON.stringify(command)}; use inspect or upload\n\n${USAGE}`);
    return 2;
  }
  if (file === undefined || extra.length > 0) {
    io.err(`${command} takes exactly one FILE\n\n${USAGE}`);
    return 2;
  }
  try {
    return command === 'inspect'
      ? await inspect(file, parsed.values, io)
      : await upload(file, parsed.values, io);
  } catch (error) {
    io.err(`error: ${(error as Error).message}`);
    return 1;
  }
}

interface Flags {
  timezone?: string;
  json?: boolean;
  metrics?: boolean;
  patient?: string;
  user?: string;
  api?: string;
  'batch-size'?: string;
}

async function inspect(file: string, flags: Flags, io: Io): Promise<number> {
  let timezone = flags.timezone;
  if (timezone === undefined) {
    timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    io.err(`warning: no --timezone given; reading device times as ${timezone}`);
  }
  checkZone(timezone);
  const result = await readExportFile(file, { timezone });
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
  return result.records.length > 0 ? 0 : 1;
}

async function upload(file: string, flags: Flags, io: Io): Promise<number> {
  const patientId = required(flags.patient, '--patient');
  const devUser = required(flags.user ?? process.env.PHOENIX_DEV_USER, '--user');
  const apiUrl = flags.api ?? process.env.PHOENIX_API_URL ?? 'http://127.0.0.1:3000';
  const batchSize = Number(flags['batch-size'] ?? 5000);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new Error(`--batch-size must be a whole number in 1–10000, not ${flags['batch-size']}`);
  }
  const timezone = flags.timezone ?? (await patientTimezone(apiUrl, patientId, devUser));
  checkZone(timezone);

  const result = await readExportFile(file, { timezone });
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
      `${outcome.rejected} rejected, ${outcome.failedBatches} batches failed`,
  );
  return outcome.failedBatches > 0 ? 1 : 0;
}

function describeBatch(batch: BatchOutcome): string {
  if (!batch.receipt) return `batch ${batch.index + 1}: failed: ${batch.error}`;
  const { accepted, duplicates, rejected, replayed, batchId } = batch.receipt;
  const again = replayed ? ' (sent before; stored receipt)' : '';
  return `batch ${batch.index + 1}: ${accepted} accepted, ${duplicates} duplicates, ${rejected} rejected${again} [${batchId}]`;
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
