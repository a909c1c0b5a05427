import pg from 'pg';
import type { IdentityProvider, Role } from '@phoenix/identity';

/**
 * Logins of the embedded OpenID provider that the admin routes create and keep in step with
 * the database's roles. The API has none when it trusts an external provider (OIDC_ISSUER),
 * because that provider manages its own logins.
 */
export type LoginDirectory = Pick<IdentityProvider, 'createLogin' | 'hasUsername' | 'setRole'>;

/**
 * Sets each login's role to the database's, for roles changed while the platform was stopped
 * or by SQL.
 */
export async function syncLoginRoles(adminUrl: string, logins: LoginDirectory): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  let users;
  try {
    users = (await client.query<{ id: string; role: Role }>('select id, role from users')).rows;
  } finally {
    await client.end();
  }
  for (const user of users) await logins.setRole(user.id, user.role);
}
