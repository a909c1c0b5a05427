import { join } from 'node:path';
import { createPool, DEMO_IDS, startJobRunner } from '@phoenix/db';
import {
  startIdentityProvider,
  type IdentityProvider,
  type IdentityUserSeed,
} from '@phoenix/identity';
import { buildApp } from './app.ts';
import { loadAuthSettings } from './http/auth-settings.ts';
import { loadConfig } from './config.ts';
import { connectionErrorLogger } from './connection-errors.ts';
import { openDatabase } from './database.ts';
import { runDemoFleet } from './demo-fleet.ts';
import { importDemoExport, seedDemoPeople } from './demo.ts';
import { ensureFirstAdmin } from './first-admin.ts';
import { syncLoginRoles, type LoginDirectory } from './logins.ts';
import { formatWelcome } from './welcome.ts';

/**
 * Start the platform: the database (embedded unless DATABASE_URL is set), the API and the
 * dashboard on one address. Ctrl-C or SIGTERM closes the server and stops the embedded
 * PostgreSQL cleanly.
 */
async function start(): Promise<void> {
  const config = loadConfig();
  const startedAt = Date.now();
  const database = await openDatabase(config);
  let stopping = false;
  const logConnectionError = connectionErrorLogger(
    () => app.log,
    () => stopping,
  );
  const pool = createPool(database.apiUrl, {
    onError: (error) => logConnectionError(error, 'idle database connection failed'),
  });
  // Without OIDC_ISSUER the platform runs its own OpenID provider beside the API.
  const embeddedIdentity = !process.env.OIDC_ISSUER;
  const issuer = embeddedIdentity ? `http://${config.host}:${config.identityPort}` : undefined;
  const auth = loadAuthSettings(issuer ? { ...process.env, OIDC_ISSUER: issuer } : process.env);
  let identity: IdentityProvider | null = null;
  const logins = embeddedIdentity ? embeddedLogins(() => identity) : null;
  const app = await buildApp({
    pool,
    logLevel: config.logLevel,
    webDist: config.webDist,
    auth: { settings: auth },
    ...(logins ? { logins } : {}),
  });
  const identityDir = join(config.dataDir, 'identity');
  if (embeddedIdentity) {
    const dashboardOrigins = [`http://${config.host}:${config.port}`];
    if (config.host === '127.0.0.1') dashboardOrigins.push(`http://localhost:${config.port}`);
    identity = await startIdentityProvider({
      host: config.host,
      port: config.identityPort,
      issuer,
      dashboardOrigins,
      dataDir: identityDir,
      // Without the demo the provider starts with no logins; ensureFirstAdmin adds the first.
      users: config.demo ? DEMO_LOGINS : [],
      logger: app.log.child({ component: 'identity' }),
    });
  }
  // The storage jobs (merger, aggregate refresh, partitions) need the schema owner's rights.
  const jobPool = createPool(database.adminUrl, {
    max: 3,
    onError: (error) => logConnectionError(error, 'idle job connection failed'),
  });
  const jobs = startJobRunner({ pool: jobPool, log: app.log });

  const fleet = new AbortController();
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    fleet.abort();
    await app.close();
    await identity?.stop();
    await jobs.stop();
    await jobPool.end();
    await pool.end();
    await database.stop();
    app.log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  if (config.demo) await seedDemoPeople(database.adminUrl);
  if (logins) await syncLoginRoles(database.adminUrl, logins);
  const firstAdmin = await ensureFirstAdmin(database.adminUrl, logins, identityDir);
  if (firstAdmin) app.log.info({ userId: firstAdmin.userId }, 'first admin created');
  const address = await app.listen({ host: config.host, port: config.port });
  if (config.demo) {
    await importDemoExport(
      database.adminUrl,
      address,
      join(config.dataDir, 'demo-bridge'),
      app.log,
    );
    // The demo export is from 2019, before every weekly partition, so its readings land in the
    // default partition, and health would report degraded until the next partitions run.
    await jobs.runNow('merge');
    await jobs.runNow('partitions');
  }
  if (config.demo && config.fleet) {
    // Runs in the background for as long as the platform does; its failures are logged.
    const fleetDir = join(config.dataDir, 'demo-fleet');
    runDemoFleet(database.adminUrl, address, fleetDir, app.log, fleet.signal).catch((error) =>
      app.log.error({ err: (error as Error).message }, 'demo fleet failed'),
    );
  }

  app.log.info({ durationMs: Date.now() - startedAt, embedded: database.embedded }, 'started');
  const devUsers = config.demo ? DEMO_LOGINS.map(({ role, id }) => ({ role, id })) : [];
  process.stdout.write(
    formatWelcome({
      address,
      identity: identity && {
        issuer: identity.issuer,
        demoLogins: config.demo ? identity.demoLogins : [],
      },
      devLogin: auth.devLogin,
      devUsers,
      patientId: config.demo ? DEMO_IDS.patientId : null,
      firstAdmin,
    }),
  );
}

/**
 * Returns the embedded provider's logins for the admin routes. The provider starts after the
 * API is built, because its logger is the API's, so each call looks it up when it runs.
 */
function embeddedLogins(current: () => IdentityProvider | null): LoginDirectory {
  const provider = () => {
    const identity = current();
    if (!identity) throw new Error('the embedded OpenID provider has not started yet');
    return identity;
  };
  return {
    createLogin: (user) => provider().createLogin(user),
    hasUsername: (username) => provider().hasUsername(username),
    setRole: (userId, role) => provider().setRole(userId, role),
  };
}

/** Sign-in names of the demo users in the embedded OpenID provider. */
const DEMO_LOGINS: IdentityUserSeed[] = [
  { id: DEMO_IDS.patientUserId, username: 'patient', displayName: 'Demo Patient', role: 'patient' },
  {
    id: DEMO_IDS.clinicianUserId,
    username: 'clinician',
    displayName: 'Dr. Demo Clinician',
    role: 'clinician',
  },
  {
    id: DEMO_IDS.engineerUserId,
    username: 'engineer',
    displayName: 'Demo Engineer',
    role: 'engineer',
  },
  { id: DEMO_IDS.adminUserId, username: 'admin', displayName: 'Demo Admin', role: 'admin' },
];

/**
 * Log fields of a lost connection: its SQLSTATE or system code and message only, because the
 * error object contains the client with its connection settings. Ctrl-C reaches PostgreSQL too,
 * so idle connections are cut while the server stops.
 */
start().catch((error: unknown) => {
  const { code, message } = error as NodeJS.ErrnoException;
  const hint =
    code === 'EADDRINUSE'
      ? '; another program uses that port: set PORT (and PHOENIX_DB_PORT) to free ones'
      : '';
  process.stderr.write(`phoenix: failed to start: ${message}${hint}\n`);
  process.exit(1);
});
