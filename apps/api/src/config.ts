import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the repository, where `.data/` and the built dashboard live. */
export const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Settings read from the environment at start. */
export interface Config {
  /** PostgreSQL to use; when unset, an embedded server starts on `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  /** Port of the embedded PostgreSQL. */
  embeddedDbPort: number;
  host: string;
  port: number;
  /** Port of the embedded OpenID provider, used when OIDC_ISSUER is unset. */
  identityPort: number;
  logLevel: string;
  webDist: string;
  /** Create the demo people and import the demo export into an empty database. */
  demo: boolean;
  /** Keep the demo clinic alive with synthetic patients uploading through bridges. */
  fleet: boolean;
}

/** Read the configuration; raises an error naming the variable whose value is invalid. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    databaseUrl: env.DATABASE_URL || null,
    dataDir: resolve(env.PHOENIX_DATA_DIR ?? join(REPOSITORY_ROOT, '.data')),
    embeddedDbPort: port(env, 'PHOENIX_DB_PORT', 54329),
    host: env.HOST ?? '127.0.0.1',
    port: port(env, 'PORT', 3000),
    identityPort: port(env, 'PHOENIX_IDENTITY_PORT', 3001),
    logLevel: env.LOG_LEVEL ?? 'info',
    webDist: join(REPOSITORY_ROOT, 'apps', 'web', 'dist'),
    demo: env.PHOENIX_DEMO !== '0',
    fleet: env.PHOENIX_FLEET !== '0',
  };
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(`${name} must be a port number in 0–65535, not ${JSON.stringify(text)}`);
  }
  return value;
}
