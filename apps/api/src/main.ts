import { createPool, DEMO_IDS } from '@phoenix/db';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './database.ts';
import { importDemoExport, seedDemoPeople } from './demo.ts';

/**
 * Start the platform: the database (embedded unless DATABASE_URL is set), the API and the
 * dashboard on one address. Ctrl-C or SIGTERM closes the server and stops the embedded
 * PostgreSQL cleanly.
 */
async function start(): Promise<void> {
  const config = loadConfig();
  const startedAt = Date.now();
  const database = await openDatabase(config);
  const pool = createPool(database.apiUrl, {
    onError: (error) => app.log.warn({ err: error }, 'idle database connection failed'),
  });
  const app = await buildApp({ pool, logLevel: config.logLevel, webDist: config.webDist });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    await app.close();
    await pool.end();
    await database.stop();
    app.log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  if (config.demo) await seedDemoPeople(database.adminUrl);
  const address = await app.listen({ host: config.host, port: config.port });
  if (config.demo) await importDemoExport(database.adminUrl, address, app.log);

  app.log.info({ durationMs: Date.now() - startedAt, embedded: database.embedded }, 'started');
  printWelcome(address, config.demo);
}

function printWelcome(address: string, demo: boolean): void {
  const lines = [
    '',
    `Phoenix Ascend is running at ${address}`,
    `OpenAPI document: ${address}/api/openapi.json`,
  ];
  if (demo) {
    lines.push(
      '',
      'Development login (pick a user on the dashboard; API clients send the X-Dev-User header):',
      `  patient    Demo Patient         ${DEMO_IDS.patientUserId}`,
      `  clinician  Dr. Demo Clinician   ${DEMO_IDS.clinicianUserId}`,
      `  engineer   Demo Engineer        ${DEMO_IDS.engineerUserId}`,
      `  admin      Demo Admin           ${DEMO_IDS.adminUserId}`,
      `Demo patient ID: ${DEMO_IDS.patientId}`,
    );
  }
  lines.push('', 'Press Ctrl-C to stop.', '');
  process.stdout.write(lines.join('\n'));
}

start().catch((error: unknown) => {
  process.stderr.write(`phoenix: failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
