import { join } from 'node:path';
import pg from 'pg';
import { writeSecretJson } from '@phoenix/identity';
import type { LoginDirectory } from './logins.ts';

/** Display name of the admin created when the database has none. */
export const FIRST_ADMIN_DISPLAY_NAME = 'Administrator';

/** Name of the file, in the embedded provider's folder, that keeps the first admin's login. */
export const FIRST_ADMIN_FILE = 'first-admin.json';

/** The admin that `ensureFirstAdmin` created. */
export interface FirstAdmin {
  userId: string;
  /** Username and generated password on the embedded provider; null with an external one. */
  login: { username: string; password: string } | null;
  /** File that keeps the login (mode 0600), or null with an external provider. */
  path: string | null;
}

/**
 * Creates an admin when the database has none, so a platform started without the demo can be
 * managed: the user row, and with the embedded provider (`logins` set) a login named `admin`
 * (or `admin2`, … when taken) with a generated password, kept in `<identityDir>/first-admin.json`
 * with mode 0600 like the demo logins. Returns null when an admin exists already.
 */
export async function ensureFirstAdmin(
  adminUrl: string,
  logins: LoginDirectory | null,
  identityDir: string,
): Promise<FirstAdmin | null> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('begin');
    // Serializes concurrent starts against one database, so they create one admin only.
    await client.query("select pg_advisory_xact_lock(hashtext('phoenix.first_admin'))");
    const existing = await client.query("select 1 from users where role = 'admin' limit 1");
    if (existing.rowCount !== 0) {
      await client.query('rollback');
      return null;
    }
    const inserted = await client.query<{ id: string }>(
      "insert into users (display_name, role) values ($1, 'admin') returning id",
      [FIRST_ADMIN_DISPLAY_NAME],
    );
    const userId = inserted.rows[0]!.id;
    let admin: FirstAdmin = { userId, login: null, path: null };
    if (logins) {
      const username = freeUsername(logins);
      const { password } = await logins.createLogin({
        id: userId,
        username,
        displayName: FIRST_ADMIN_DISPLAY_NAME,
        role: 'admin',
      });
      const path = join(identityDir, FIRST_ADMIN_FILE);
      await writeSecretJson(path, {
        userId,
        username,
        password,
        role: 'admin',
        displayName: FIRST_ADMIN_DISPLAY_NAME,
      });
      admin = { userId, login: { username, password }, path };
    }
    await client.query('commit');
    return admin;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

function freeUsername(logins: LoginDirectory): string {
  for (let suffix = 1; ; suffix += 1) {
    const username = suffix === 1 ? 'admin' : `admin${suffix}`;
    if (!logins.hasUsername(username)) return username;
  }
}
