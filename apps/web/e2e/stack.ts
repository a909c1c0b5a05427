import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Role of a demo user. */
export type DemoRole = 'patient' | 'clinician' | 'engineer' | 'admin';

/** A demo sign-in of the local OpenID provider, as `npm start` prints it. */
export interface DemoLogin {
  role: DemoRole;
  username: string;
  password: string;
}

/** Where the started platform listens and how to sign in to it. */
export interface StackInfo {
  /** Address of the dashboard and the API, for example `http://127.0.0.1:41234`. */
  baseUrl: string;
  /** Issuer of the local OpenID provider, or null when the platform offers only the development login. */
  issuer: string | null;
  logins: DemoLogin[];
}

/** A running platform and the function that stops it and deletes its data. */
export interface RunningStack {
  info: StackInfo;
  stop(): Promise<void>;
}

const REPOSITORY_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const START_TIMEOUT_MS = 150_000;
const STOP_TIMEOUT_MS = 30_000;
/** Last line of the welcome text, printed once the demo export is imported. */
const READY_LINE = 'Press Ctrl-C to stop.';

/** Returns a TCP port that is free on 127.0.0.1 now. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Reads the sign-in details from the welcome text of `npm start`: the OpenID provider's
 * address and one "role username password …" line per demo user.
 */
export function parseWelcome(output: string): Pick<StackInfo, 'issuer' | 'logins'> {
  const issuer = /local OpenID provider at (\S+?):?\s*$/m.exec(output)?.[1] ?? null;
  const logins: DemoLogin[] = [];
  for (const match of output.matchAll(
    /^\s+(patient|clinician|engineer|admin)\s+(\S+)\s+password (\S+)\s*$/gm,
  )) {
    logins.push({ role: match[1] as DemoRole, username: match[2] ?? '', password: match[3] ?? '' });
  }
  return { issuer, logins };
}

function waitForReady(child: ChildProcess, output: { text: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new Error(
          `the platform did not start within ${START_TIMEOUT_MS} ms:\n${output.text.slice(-3000)}`,
        ),
      );
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output.text += chunk.toString();
      if (output.text.includes(READY_LINE)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(
          `the platform exited with code ${code} while starting:\n${output.text.slice(-3000)}`,
        ),
      );
    });
  });
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Starts the platform the way `npm start` does (`node scripts/start.mjs`, which builds the
 * dashboard when its sources changed) on free ports, with an embedded PostgreSQL, the local
 * OpenID provider and the demo data in a new temporary folder. Resolves once the demo export
 * is imported. `stop` sends SIGTERM, which stops the API and PostgreSQL, then deletes the folder.
 */
export async function startStack(): Promise<RunningStack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'phoenix-e2e-'));
  // Run as root, the embedded PostgreSQL runs as a system user of its own, which must be able
  // to enter the data folder.
  await chmod(dataDir, 0o755);
  const [port, dbPort, identityPort] = [await freePort(), await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    PHOENIX_DB_PORT: String(dbPort),
    PHOENIX_IDENTITY_PORT: String(identityPort),
    PHOENIX_DATA_DIR: dataDir,
    // The browser tests check the demo patient's views; the synthetic fleet would add load.
    PHOENIX_FLEET: '0',
    LOG_LEVEL: 'warn',
  };
  // Settings of the developer's shell must not move the stack off its defaults.
  for (const name of [
    'DATABASE_URL',
    'OIDC_ISSUER',
    'OIDC_JWKS_URI',
    'PHOENIX_DEV_LOGIN',
    'PHOENIX_DEMO',
  ]) {
    delete env[name];
  }

  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: REPOSITORY_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { text: '' };
  const stop = async () => {
    child.kill('SIGTERM');
    if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForReady(child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { info: { baseUrl: `http://127.0.0.1:${port}`, ...parseWelcome(output.text) }, stop };
}
