/**
 * Security schemes of the OpenAPI document: bearer access tokens always, and the development
 * login with the rule that turns it on.
 */
export const OPENAPI_SECURITY = {
  components: {
    securitySchemes: {
      bearerAuth: {
        type: 'http' as const,
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'RS256 access token from the configured OpenID Connect issuer (OIDC_ISSUER) with the ' +
          'audience OIDC_AUDIENCE and a life of at most 15 minutes.',
      },
      devUser: {
        type: 'apiKey' as const,
        in: 'header',
        name: 'X-Dev-User',
        description:
          'Development login: the ID of a user, without a password. Accepted only when ' +
          'PHOENIX_DEV_LOGIN=1, or when no OIDC_ISSUER is configured; off by default as soon as ' +
          'an issuer is set. Never turn it on where real health data is stored.',
      },
    },
  },
  security: [{ bearerAuth: [] }, { devUser: [] }] as Record<string, string[]>[],
};
