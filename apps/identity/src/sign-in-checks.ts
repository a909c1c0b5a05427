import { verifyDecoyPassword, verifyPassword } from './passwords.ts';
import { verifyTotpCode } from './totp.ts';
import {
  ROLES_REQUIRING_MFA,
  type StoredUser,
  type TotpEnrolment,
  type UserStore,
} from './user-store.ts';

/** Consecutive failed sign-in steps (password or code) that lock an account. */
export const LOCKOUT_THRESHOLD = 5;

/** How long a locked account rejects every sign-in, in milliseconds (15 minutes). */
export const LOCKOUT_DURATION_MS = 15 * 60_000;

/** Most unknown usernames whose failures are tracked in memory; the oldest are dropped. */
const MAX_TRACKED_UNKNOWN = 10_000;

/**
 * Outcome of one sign-in step. A failure for a known account carries its user ID for the log.
 * The page shows the same message either way, so it does not reveal that the account exists.
 */
export type CheckResult =
  | { status: 'ok'; user: StoredUser }
  | { status: 'invalid'; userId?: string }
  | { status: 'locked'; until: Date; userId?: string };

/** Whether the user must pass a TOTP second factor: clinicians, admins and anyone enrolled. */
export function requiresSecondFactor(user: StoredUser): boolean {
  return ROLES_REQUIRING_MFA.has(user.role) || user.totp !== null;
}

/**
 * Password and TOTP checks with lockout: after `LOCKOUT_THRESHOLD` consecutive failures the
 * account rejects every attempt, even a correct one, for `LOCKOUT_DURATION_MS`. Unknown
 * usernames are locked the same way (in memory), so the responses do not reveal whether a
 * username exists.
 */
export class SignInChecks {
  private readonly unknownFailures = new Map<string, { count: number; lockedUntil: number }>();

  constructor(
    private readonly store: UserStore,
    private readonly now: () => number,
  ) {}

  /** Checks a username and password. */
  async checkPassword(username: string, password: string): Promise<CheckResult> {
    const user = this.store.findByUsername(username);
    if (!user) return this.failUnknown(username.trim().toLowerCase(), password);

    const locked = this.lockedUntil(user);
    if (locked) return { status: 'locked', until: locked, userId: user.id };
    if (!(await verifyPassword(password, user.passwordHash))) return this.fail(user);
    return { status: 'ok', user: await this.succeed(user, null) };
  }

  /**
   * Checks a TOTP code of the user. During enrolment `pendingSecret` is the secret shown to the
   * user; it is stored as the user's authenticator when the code matches.
   */
  async checkCode(
    userId: string,
    code: string,
    pendingSecret: string | null,
  ): Promise<CheckResult> {
    const user = this.store.findById(userId);
    if (!user) return { status: 'invalid' };
    const locked = this.lockedUntil(user);
    if (locked) return { status: 'locked', until: locked, userId: user.id };

    const secret = pendingSecret ?? user.totp?.secret;
    if (!secret) return { status: 'invalid' };
    const lastStep = pendingSecret ? null : (user.totp?.lastTimeStep ?? null);
    const step = await verifyTotpCode(secret, code, lastStep, this.now());
    if (step === null) return this.fail(user);

    const enrolment: TotpEnrolment = {
      secret,
      enrolledAt:
        pendingSecret === null && user.totp
          ? user.totp.enrolledAt
          : new Date(this.now()).toISOString(),
      lastTimeStep: step,
    };
    return { status: 'ok', user: await this.succeed(user, enrolment) };
  }

  private lockedUntil(user: StoredUser): Date | null {
    if (user.lockedUntil === null) return null;
    const until = Date.parse(user.lockedUntil);
    return until > this.now() ? new Date(until) : null;
  }

  private async fail(user: StoredUser): Promise<CheckResult> {
    const updated = await this.store.update(user.id, (stored) => {
      stored.failedAttempts += 1;
      if (stored.failedAttempts >= LOCKOUT_THRESHOLD) {
        stored.failedAttempts = 0;
        stored.lockedUntil = new Date(this.now() + LOCKOUT_DURATION_MS).toISOString();
      }
    });
    const locked = this.lockedUntil(updated);
    return locked
      ? { status: 'locked', until: locked, userId: user.id }
      : { status: 'invalid', userId: user.id };
  }

  private succeed(user: StoredUser, totp: TotpEnrolment | null): Promise<StoredUser> {
    return this.store.update(user.id, (stored) => {
      stored.failedAttempts = 0;
      stored.lockedUntil = null;
      if (totp) stored.totp = totp;
    });
  }

  private async failUnknown(key: string, password: string): Promise<CheckResult> {
    const now = this.now();
    const entry = this.unknownFailures.get(key) ?? { count: 0, lockedUntil: 0 };
    if (entry.lockedUntil > now) return { status: 'locked', until: new Date(entry.lockedUntil) };

    await verifyDecoyPassword(password);
    entry.count += 1;
    if (entry.count >= LOCKOUT_THRESHOLD) {
      entry.count = 0;
      entry.lockedUntil = now + LOCKOUT_DURATION_MS;
    }
    this.unknownFailures.delete(key);
    this.unknownFailures.set(key, entry);
    if (this.unknownFailures.size > MAX_TRACKED_UNKNOWN) {
      const oldest = this.unknownFailures.keys().next().value;
      if (oldest !== undefined) this.unknownFailures.delete(oldest);
    }
    return entry.lockedUntil > now
      ? { status: 'locked', until: new Date(entry.lockedUntil) }
      : { status: 'invalid' };
  }
}
