import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { maxHeaderSize } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import type pg from 'pg';
import { installAuth, type AuthOptions } from './http/auth.ts';
import { installBridgeAuth } from './http/bridge-auth.ts';
import { OPENAPI_SECURITY } from './http/auth-openapi.ts';
import { installErrorHandlers } from './http/error-handler.ts';
import { LOG_REDACT_PATHS } from './http/logging.ts';
import { adminRoutes } from './routes/admin.ts';
import { credentialRoutes } from './routes/credentials.ts';
import { bridgeRoutes } from './routes/bridges.ts';
import { devRoutes } from './routes/dev.ts';
import { exportRoutes } from './routes/exports.ts';
import { reportRoutes } from './routes/reports.ts';
import { sharingRoutes } from './routes/sharing.ts';
import type { LoginDirectory } from './logins.ts';
import { userRoutes } from './routes/users.ts';
import { healthRoutes } from './routes/health.ts';
import { patientRoutes } from './routes/patients.ts';
import { uploadRoutes, type UploadOptions } from './routes/uploads.ts';
import { installNightscout } from './routes/nightscout/index.ts';

export interface AppOptions {
  pool: pg.Pool;
  /** pino log level, or false for no logs. */
  logLevel?: string | false;
  /** Destination of log lines; standard output when unset. */
  logStream?: { write(line: string): void };
  /** Folder of the built dashboard to serve at `/`; skipped when missing. */
  webDist?: string;
  /** Bound of the staging backlog and the Retry-After of uploads beyond it. */
  uploads?: UploadOptions;
  /** Authentication settings; read from the environment (OIDC_*, PHOENIX_DEV_LOGIN) when unset. */
  auth?: Omit<AuthOptions, 'pool'>;
  /** Logins of the embedded OpenID provider; unset with an external provider. */
  logins?: LoginDirectory;
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
    // Fastify's defaults would turn a scalar into a one-element array and drop unknown keys
    // silently; a request that breaks its schema is rejected instead.
    ajv: { customOptions: { allErrors: false, coerceTypes: true, removeAdditional: false } },
    frameworkErrors: (error, request, reply) => {
      void (reply as FastifyReply).status(400).send({
        error: { code: 'VALIDATION_FAILED', message: error.message, requestId: request.id },
      });
    },
    // Requests that Node's HTTP parser rejects never reach a route; they get the same shape.
    clientErrorHandler: (error: NodeJS.ErrnoException, socket) => {
      if (!socket.writable) return;
      const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
      const status = tooLarge ? 431 : 400;
      const body = JSON.stringify({
        error: tooLarge
          ? {
              code: 'HEADERS_TOO_LARGE',
              message: `the request headers exceed ${maxHeaderSize} bytes; send shorter headers`,
              requestId: randomUUID(),
            }
          : {
              code: 'VALIDATION_FAILED',
              message: 'malformed HTTP request',
              requestId: randomUUID(),
            },
      });
      socket.end(
        `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
          `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
          `connection: close\r\n\r\n${body}`,
      );
    },
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
      ...OPENAPI_SECURITY,
    },
  });
  // Before installAuth: takes Nightscout credentials off /ns/ requests ahead of the sign-in.
  installNightscout(app, options.pool, { uploads: options.uploads });
  await installAuth(app, { ...options.auth, pool: options.pool });
  installBridgeAuth(app, options.pool);

  healthRoutes(app, options.pool, options.uploads);
  devRoutes(app, options.pool);
  patientRoutes(app, options.pool);
  uploadRoutes(app, options.pool, options.uploads);
  adminRoutes(app, options.pool);
  credentialRoutes(app, options.pool);
  reportRoutes(app, options.pool);
  exportRoutes(app, options.pool);
  sharingRoutes(app, options.pool);
  userRoutes(app, options.pool, options.logins ?? null);
  bridgeRoutes(app, options.pool);
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  if (options.webDist && existsSync(options.webDist)) {
    await app.register(fastifyStatic, { root: options.webDist, wildcard: false });
    // The dashboard routes in the browser, so unknown non-API paths get its index page.
    app.get('/*', { schema: { hide: true } }, async (request, reply) => {
      // API paths and missing files (anything with an extension) are not dashboard routes.
      const path = request.url.split('?')[0] ?? '';
      if (path.startsWith('/api/') || /\.[A-Za-z0-9]+$/.test(path)) {
        return reply.callNotFound();
      }
      return reply.sendFile('index.html');
    });
  }
  return app;
}
