/** sessionStorage key of the development login's user ID. */
export const DEV_USER_STORAGE_KEY = 'phoenix-ascend.dev-user-id';

/**
 * Returns the user ID chosen in the development login, or null when there is none or storage
 * is blocked. The ID is kept in sessionStorage, so it ends with the browser tab and other tabs
 * do not see it.
 */
export function readDevUserId(): string | null {
  try {
    return sessionStorage.getItem(DEV_USER_STORAGE_KEY);
  } catch {
    return null;
  }
}

/**
 * Stores the development login's user ID for this tab. Where storage is blocked it stores
 * nothing, and the sign-in lasts until the page reloads.
 */
export function storeDevUserId(userId: string): void {
  try {
    sessionStorage.setItem(DEV_USER_STORAGE_KEY, userId);
  } catch {
    // Blocked storage: the caller still keeps the ID in memory.
  }
}

/** Forgets the development login's user ID (sign-out). */
export function clearDevUserId(): void {
  try {
    sessionStorage.removeItem(DEV_USER_STORAGE_KEY);
  } catch {
    // Storage is blocked, so nothing was stored.
  }
}
