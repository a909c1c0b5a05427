import type { FastifyInstance } from 'fastify';
import { requireCaller, type UserLookup } from './caller.ts';
import { ApiError, errorBodySchema } from './errors.ts';
import type { AuthSettings } from './auth-settings.ts';

/** Scopes the dashboard requests at sign-in. */
export const DASHBOARD_SCOPE = 'openid profile';

const userSchema = {
  type: 'object',
  required: ['id', 'displayName', 'role'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    displayName: { type: 'string' },
    role: { type: 'string', enum: ['patient', 'clinician', 'engineer', 'admin'] },
  },
} as const;

/**
 * `GET /api/v1/auth/config`: how the dashboard signs in. `GET /api/v1/auth/me`: the signed-in
 * user.
 */
export function authRoutes(app: FastifyInstance, settings: AuthSettings, findUser: UserLookup) {
  app.get(
    '/api/v1/auth/config',
    {
      schema: {
        summary: 'How the dashboard signs in',
        description:
          'OpenID Connect settings for the dashboard (authorization code flow with PKCE). ' +
          '`devLogin` is true when the API accepts the X-Dev-User development login: only with ' +
          'PHOENIX_DEV_LOGIN=1, or when no OIDC_ISSUER is configured.',
        tags: ['auth'],
        security: [],
        response: {
          200: {
            type: 'object',
            required: ['issuer', 'clientId', 'audience', 'scope', 'devLogin'],
            properties: {
              issuer: { type: ['string', 'null'] },
              clientId: { type: 'string' },
              audience: { type: 'string' },
              scope: { type: 'string' },
              devLogin: { type: 'boolean' },
            },
          },
        },
      },
    },
    async () => ({
      issuer: settings.issuer,
      clientId: settings.clientId,
      audience: settings.audience,
      scope: DASHBOARD_SCOPE,
      devLogin: settings.devLogin,
    }),
  );

  app.get(
    '/api/v1/auth/me',
    {
      schema: {
        summary: 'The signed-in user',
        tags: ['auth'],
        response: { 200: userSchema, 401: errorBodySchema },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      const user = await findUser(caller.userId);
      if (!user) throw new ApiError('NOT_AUTHENTICATED', 'the signed-in user no longer exists');
      return user;
    },
  );
}
