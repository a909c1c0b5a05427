/** A stored artifact of the provider (session, grant, code, refresh token…), as a JSON object. */
export type AdapterPayload = Record<string, unknown> & {
  uid?: string;
  grantId?: string;
  userCode?: string;
  consumed?: number;
};

interface Entry {
  payload: AdapterPayload;
  /** Milliseconds since the Unix epoch, or null for no expiry. */
  expiresAt: number | null;
}

/**
 * In-memory storage shared by every provider instance of one identity server, so sessions,
 * grants and refresh tokens survive the provider rebuild that a key rotation causes. Contents
 * are lost when the process stops: users then sign in again.
 */
export class AdapterStorage {
  readonly entries = new Map<string, Entry>();
  /** Keys of the artifacts issued under each grant, for revocation. */
  readonly grants = new Map<string, Set<string>>();
  /** Session ID of each session `uid`. */
  readonly sessionUids = new Map<string, string>();

  /**
   * Deletes every session, grant, code and token of one account, so its next authorization
   * request goes through the sign-in pages again. Returns how many entries it deleted.
   */
  revokeAccount(accountId: string): number {
    let deleted = 0;
    for (const [key, entry] of this.entries) {
      if (entry.payload.accountId !== accountId) continue;
      this.entries.delete(key);
      deleted += 1;
      if (typeof entry.payload.uid === 'string' && key.startsWith('Session:')) {
        this.sessionUids.delete(entry.payload.uid);
      }
      if (entry.payload.grantId) {
        for (const grantKey of this.grants.get(entry.payload.grantId) ?? []) {
          if (this.entries.delete(grantKey)) deleted += 1;
        }
        this.grants.delete(entry.payload.grantId);
      }
    }
    return deleted;
  }

  /** Removes expired entries and the indexes that point at them. */
  sweep(nowMs: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt !== null && entry.expiresAt <= nowMs) this.entries.delete(key);
    }
    for (const [grantId, keys] of this.grants) {
      for (const key of keys) if (!this.entries.has(key)) keys.delete(key);
      if (keys.size === 0) this.grants.delete(grantId);
    }
    for (const [uid, id] of this.sessionUids) {
      if (!this.entries.has(`Session:${id}`)) this.sessionUids.delete(uid);
    }
  }
}

/**
 * The adapter interface of `oidc-provider` (one instance per model name) over `AdapterStorage`.
 * It implements the calls the enabled features use: find, upsert, consume, destroy, find by
 * session uid and revoke by grant.
 */
export class MemoryAdapter {
  constructor(
    private readonly model: string,
    private readonly storage: AdapterStorage,
  ) {}

  private key(id: string): string {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: AdapterPayload, expiresInSeconds?: number): Promise<void> {
    const key = this.key(id);
    const expiresAt = expiresInSeconds ? Date.now() + expiresInSeconds * 1000 : null;
    this.storage.entries.set(key, { payload, expiresAt });
    if (this.model === 'Session' && payload.uid) this.storage.sessionUids.set(payload.uid, id);
    if (payload.grantId) {
      const keys = this.storage.grants.get(payload.grantId) ?? new Set<string>();
      keys.add(key);
      this.storage.grants.set(payload.grantId, keys);
    }
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const entry = this.storage.entries.get(this.key(id));
    if (!entry) return undefined;
    if (entry.expiresAt !== null && entry.expiresAt <= Date.now()) {
      this.storage.entries.delete(this.key(id));
      return undefined;
    }
    return entry.payload;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const id = this.storage.sessionUids.get(uid);
    return id === undefined ? undefined : this.find(id);
  }

  async findByUserCode(): Promise<undefined> {
    // The device flow is disabled, so no artifact carries a user code.
    return undefined;
  }

  async consume(id: string): Promise<void> {
    const entry = this.storage.entries.get(this.key(id));
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    const key = this.key(id);
    const entry = this.storage.entries.get(key);
    if (this.model === 'Session' && entry?.payload.uid) {
      this.storage.sessionUids.delete(entry.payload.uid);
    }
    this.storage.entries.delete(key);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const key of this.storage.grants.get(grantId) ?? []) this.storage.entries.delete(key);
    this.storage.grants.delete(grantId);
  }
}
