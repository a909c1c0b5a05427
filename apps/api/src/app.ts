import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import type pg from 'pg';
import { installDevLogin } from './http/caller.ts';
import { installErrorHandlers } from './http/error-handler.ts';
import { LOG_REDACT_PATHS } from './http/logging.ts';
import { adminRoutes } from './routes/admin.ts';
import { credentialRoutes } from './routes/credentials.ts';
import { devRoutes } from './routes/dev.ts';
import { reportRoutes } from './routes/reports.ts';
import { sharingRoutes } from './routes/sharing.ts';
import { userRoutes } from './routes/users.ts';
import { healthRoutes } from './routes/health.ts';
import { patientRoutes } from './routes/patients.ts';
import { uploadRoutes } from './routes/uploads.ts';

export interface AppOptions {
  pool: pg.Pool;
  /** pino log level, or false for no logs. */
  logLevel?: string | false;
  /** Destination of log lines; standard output when unset. */
  logStream?: { write(line: string): void };
  /** Folder of the built dashboard to serve at `/`; skipped when missing. */
  webDist?: string;
}

/**
 * Build the HTTP API: JSON routes under `/api`, the OpenAPI document at `/api/openapi.json`,
 * and the dashboard's static files at `/`.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      options.logLevel === false
        ? false
        : {
            level: options.logLevel ?? 'info',
            redact: LOG_REDACT_PATHS,
            ...(options.logStream ? { stream: options.logStream } : {}),
          },
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { allErrors: false } },
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  installErrorHandlers(app);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Phoenix Ascend API',
        version: '0.1.0',
        description: 'Device data from exports and bridges, and role-scoped reads for dashboards.',
      },
    },
  });
  installDevLogin(app, options.pool);

  healthRoutes(app, options.pool);
  devRoutes(app, options.pool);
  patientRoutes(app, options.pool);
  uploadRoutes(app, options.pool);
  adminRoutes(app, options.pool);
  credentialRoutes(app, options.pool);
  reportRoutes(app, options.pool);
  sharingRoutes(app, options.pool);
  userRoutes(app, options.pool);
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  if (options.webDist && existsSync(options.webDist)) {
    await app.register(fastifyStatic, { root: options.webDist, wildcard: false });
    // The dashboard routes in the browser, so unknown non-API paths get its index page.
    app.get('/*', { schema: { hide: true } }, async (request, reply) => {
      if (request.url.startsWith('/api/')) {
        return reply.callNotFound();
      }
      return reply.sendFile('index.html');
    });
  }
  return app;
}
