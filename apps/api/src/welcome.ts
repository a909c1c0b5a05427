import type { DemoLogin } from '@phoenix/identity';
import type { FirstAdmin } from './first-admin.ts';

/** Contents of the start banner. */
export interface WelcomeOptions {
  /** Address the API and the dashboard listen on. */
  address: string;
  /** The embedded OpenID provider's issuer and demo sign-ins, or null with another provider. */
  identity: { issuer: string; demoLogins: readonly DemoLogin[] } | null;
  /** True when the API accepts the X-Dev-User header. */
  devLogin: boolean;
  /** Users that X-Dev-User may name: the demo users, or none when the demo is off. */
  devUsers: readonly { role: string; id: string }[];
  /** ID of the demo patient, or null when the demo is off. */
  patientId: string | null;
  /** The admin created at this start because the database had none, or null. */
  firstAdmin?: FirstAdmin | null;
}

/**
 * Formats the banner printed once the platform has started: its address, the demo sign-ins, the
 * first admin's login when this start created it and, with the development login on, the role
 * and ID of each user that X-Dev-User may name.
 */
export function formatWelcome(options: WelcomeOptions): string {
  const { address, identity, devLogin, devUsers, patientId, firstAdmin } = options;
  const lines = [
    '',
    `Phoenix Ascend is running at ${address}`,
    `OpenAPI document: ${address}/api/openapi.json`,
  ];
  if (identity) {
    const listed = identity.demoLogins.length > 0 || firstAdmin?.login;
    lines.push(
      '',
      `Sign in through the local OpenID provider at ${identity.issuer}${listed ? ':' : '.'}`,
    );
    for (const login of identity.demoLogins) {
      lines.push(
        `  ${login.role.padEnd(10)} ${login.username.padEnd(10)} password ${login.password}`,
      );
    }
    if (firstAdmin?.login) {
      const { username, password } = firstAdmin.login;
      lines.push(
        'The database had no admin, so this start created one (shown once; the login is kept',
        `in ${firstAdmin.path}, mode 0600):`,
        `  ${'admin'.padEnd(10)} ${username.padEnd(10)} password ${password}`,
      );
    }
    lines.push('Clinicians and admins enrol a TOTP authenticator on their first sign-in.');
  }
  if (firstAdmin && !firstAdmin.login) {
    lines.push(
      '',
      `The database had no admin, so this start created admin user ${firstAdmin.userId}.`,
      'Give it a login at your OpenID provider with that ID as its subject and the role admin.',
    );
  }
  if (devLogin && devUsers.length > 0) {
    lines.push('', 'Development login is on: API clients may send X-Dev-User with a user ID:');
    for (const user of devUsers) lines.push(`  ${user.role.padEnd(10)} ${user.id}`);
  } else if (devLogin) {
    lines.push('', 'Development login is on: API clients may send X-Dev-User with a user ID.');
  }
  if (patientId !== null) lines.push(`Demo patient ID: ${patientId}`);
  lines.push('', 'Press Ctrl-C to stop.', '');
  return lines.join('\n');
}
