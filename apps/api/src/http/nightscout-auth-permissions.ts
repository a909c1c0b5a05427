/**
 * Nightscout permissions are colon-separated strings in the style of Apache Shiro, such as
 * `api:entries:read`, `api:*:create` or `*`. A part may list alternatives with commas, `*`
 * matches anything, and a granted permission with fewer parts than the wanted one implies `*`
 * for the rest (`api` grants `api:treatments:delete`).
 */

/** Collections whose permissions Nightscout names, in the order API v3 status lists them. */
export const NIGHTSCOUT_PERMISSION_COLLECTIONS = [
  'devicestatus',
  'entries',
  'food',
  'profile',
  'settings',
  'treatments',
] as const;

/** Actions of API permissions. */
export type NightscoutAction = 'read' | 'create' | 'update' | 'delete';

/** Permissions of a read-only access token. */
export const READ_PERMISSIONS: readonly string[] = ['api:*:read'];

/** Permissions of an access token that reads and writes every collection. */
export const WRITE_PERMISSIONS: readonly string[] = [
  'api:*:read',
  'api:*:create',
  'api:*:update',
  'api:*:delete',
];

const PERMISSION_PATTERN =
  /^(\*|api(:(\*|[a-z]+(,[a-z]+)*)(:(\*|(read|create|update|delete)(,(read|create|update|delete))*))?)?)$/;

/** Return true for a permission this server accepts for a token (`*`, `api`, `api:x`, `api:x:y`). */
export function isValidPermission(permission: string): boolean {
  return PERMISSION_PATTERN.test(permission);
}

/** Return true when any of `granted` implies `wanted`. */
export function permits(granted: readonly string[], wanted: string): boolean {
  const wantedParts = wanted.split(':');
  return granted.some((permission) => implies(permission.split(':'), wantedParts));
}

function implies(grantedParts: string[], wantedParts: string[]): boolean {
  for (const [index, wantedPart] of wantedParts.entries()) {
    const grantedPart = grantedParts[index];
    if (grantedPart === undefined) return true;
    if (grantedPart !== '*' && !grantedPart.split(',').includes(wantedPart)) return false;
  }
  return grantedParts.slice(wantedParts.length).every((part) => part === '*');
}

/** Return the permission an API request needs: `api:{collection}:{action}`. */
export function apiPermission(collection: string, action: NightscoutAction): string {
  return `api:${collection}:${action}`;
}

/**
 * List the granted actions per collection as Nightscout API v3 status reports them: the
 * letters c, r, u and d in that order, for example `crud` or `r`.
 */
export function permissionLetters(granted: readonly string[]): Record<string, string> {
  const letters: Record<string, string> = {};
  for (const collection of NIGHTSCOUT_PERMISSION_COLLECTIONS) {
    letters[collection] = (['create', 'read', 'update', 'delete'] as const)
      .filter((action) => permits(granted, apiPermission(collection, action)))
      .map((action) => action[0])
      .join('');
  }
  return letters;
}

/** Return true when the permissions allow any write (create, update or delete). */
export function allowsWrites(granted: readonly string[]): boolean {
  return Object.values(permissionLetters(granted)).some((letters) => /[cud]/.test(letters));
}
