export {
  API_AUDIENCE,
  DASHBOARD_CLIENT_ID,
  ROLES_CLAIM,
  startIdentityProvider,
  type IdentityProvider,
  type IdentityProviderOptions,
} from './identity-server.ts';
export type { IdentityLogger } from './interactions.ts';
export { CALLBACK_PATH, TOKEN_TTL_SECONDS } from './provider-config.ts';
export { LOCKOUT_DURATION_MS, LOCKOUT_THRESHOLD } from './sign-in-checks.ts';
export {
  DEFAULT_KEY_ROTATION,
  type KeyRotationOptions,
  type PublicSigningJwk,
} from './signing-keys.ts';
export { LoginConflictError } from './login-errors.ts';
export { type DemoLogin, type IdentityUserSeed, type Role } from './user-store.ts';
export { SECRET_FILE_MODE, writeSecretJson } from './secure-file.ts';
