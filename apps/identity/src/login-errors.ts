/**
 * Errors of the login store that the API recognises. They live in a module of their own,
 * exported as `@phoenix/identity/login-errors`, so that the API's routes can import them
 * without loading the OpenID provider and its dependencies, tens of megabytes per process.
 */

/** A login that cannot be added because its user ID or username is taken. */
export class LoginConflictError extends Error {
  override name = 'LoginConflictError';
}
