import { randomBytes } from 'node:crypto';
import { LoginConflictError } from './login-errors.ts';
import { hashPassword } from './passwords.ts';
import { readSecretJson, writeSecretJson } from './secure-file.ts';

/** Role of a user; the same four roles as the database's users table. */
export type Role = 'patient' | 'clinician' | 'engineer' | 'admin';

/** Roles that must pass a second factor (TOTP) before the provider issues any token. */
export const ROLES_REQUIRING_MFA: ReadonlySet<Role> = new Set(['clinician', 'admin']);

/** A user to create when the user store does not exist yet. */
export interface IdentityUserSeed {
  /** Subject (`sub`) of the user's tokens: the user's ID in the database. */
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** Initial password; a random one is generated (and returned as a demo login) when unset. */
  password?: string;
}

/** An enrolled TOTP authenticator. */
export interface TotpEnrolment {
  /** Base32 shared secret (RFC 6238). */
  secret: string;
  enrolledAt: string;
  /** Time step of the last accepted code; codes of this step or earlier are rejected (replay). */
  lastTimeStep: number;
}

/** A user as stored in `users.json`. */
export interface StoredUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** scrypt hash from `hashPassword`. */
  passwordHash: string;
  totp: TotpEnrolment | null;
  /** Consecutive failed sign-in steps (password or code) since the last success or lockout. */
  failedAttempts: number;
  /** ISO 8601 UTC instant until which sign-in is rejected, or null. */
  lockedUntil: string | null;
}

/** A generated password of a seeded user, for printing at start. */
export interface DemoLogin {
  username: string;
  password: string;
  role: Role;
  displayName: string;
}

interface UserFile {
  version: 1;
  users: StoredUser[];
}

/**
 * Users of the identity provider, kept in one JSON file (mode 0600). Every change is written
 * before the returned promise resolves; writes are serialized, so concurrent updates never
 * overwrite each other.
 */
export class UserStore {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private readonly users: StoredUser[],
  ) {}

  /**
   * Opens the store at `path`, creating it from `seed` when the file is missing. Returns the
   * generated passwords of seeded users, which are also kept in `demoLoginsPath` (mode 0600)
   * so later starts can print them again.
   */
  static async open(
    path: string,
    demoLoginsPath: string,
    seed: readonly IdentityUserSeed[],
  ): Promise<{ store: UserStore; demoLogins: DemoLogin[] }> {
    const existing = await readSecretJson<UserFile>(path);
    if (existing) {
      if (existing.version !== 1 || !Array.isArray(existing.users)) {
        throw new Error(`${path} has an unknown format; delete it to seed the users again`);
      }
      const demoLogins = (await readSecretJson<DemoLogin[]>(demoLoginsPath)) ?? [];
      return { store: new UserStore(path, existing.users), demoLogins };
    }

    const users: StoredUser[] = [];
    const demoLogins: DemoLogin[] = [];
    for (const entry of seed) {
      const password = entry.password ?? randomBytes(12).toString('base64url');
      if (entry.password === undefined) {
        demoLogins.push({ ...pick(entry), password });
      }
      users.push(await newUser(entry, password));
    }
    const store = new UserStore(path, users);
    await store.persist();
    if (demoLogins.length > 0) await writeSecretJson(demoLoginsPath, demoLogins);
    return { store, demoLogins };
  }

  /** Returns the user with this subject ID, or null. */
  findById(id: string): StoredUser | null {
    return this.users.find((user) => user.id === id.toLowerCase()) ?? null;
  }

  /** Returns the user with this username (case-insensitive), or null. */
  findByUsername(username: string): StoredUser | null {
    const wanted = username.trim().toLowerCase();
    return this.users.find((user) => user.username.toLowerCase() === wanted) ?? null;
  }

  /**
   * Adds a user with this password (hashed with `hashPassword`) and writes the file. Raises
   * LoginConflictError when the ID or the username (case-insensitive) is taken.
   */
  async add(entry: Omit<IdentityUserSeed, 'password'>, password: string): Promise<StoredUser> {
    if (this.findById(entry.id)) {
      throw new LoginConflictError(`a login for user ${entry.id} exists already`);
    }
    if (this.findByUsername(entry.username)) {
      throw new LoginConflictError(`the username ${JSON.stringify(entry.username)} is taken`);
    }
    const user = await newUser({ ...entry, username: entry.username.trim() }, password);
    // Checked again because hashing yields to other requests that may add the same user.
    if (this.findById(user.id) || this.findByUsername(user.username)) {
      throw new LoginConflictError(`the username ${JSON.stringify(user.username)} is taken`);
    }
    this.users.push(user);
    await this.persist();
    return user;
  }

  /** Applies `change` to the user with this ID and writes the file. Raises for an unknown ID. */
  async update(id: string, change: (user: StoredUser) => void): Promise<StoredUser> {
    const user = this.findById(id);
    if (!user) throw new Error(`no identity user with ID ${id}`);
    change(user);
    await this.persist();
    return user;
  }

  private persist(): Promise<void> {
    const snapshot: UserFile = { version: 1, users: this.users };
    const write = this.writing.then(() => writeSecretJson(this.path, snapshot));
    // A failed write must not block later ones; the caller of this write still receives the error.
    this.writing = write.catch(() => {});
    return write;
  }
}

/** Builds a stored user without TOTP or failed attempts, with the password's scrypt hash. */
async function newUser(
  entry: Omit<IdentityUserSeed, 'password'>,
  password: string,
): Promise<StoredUser> {
  return {
    id: entry.id.toLowerCase(),
    username: entry.username,
    displayName: entry.displayName,
    role: entry.role,
    passwordHash: await hashPassword(password),
    totp: null,
    failedAttempts: 0,
    lockedUntil: null,
  };
}

function pick(seed: IdentityUserSeed) {
  return { username: seed.username, role: seed.role, displayName: seed.displayName };
}
