import { describe, expect, it } from 'vitest';
import {
  allowsWrites,
  isValidPermission,
  permissionLetters,
  permits,
  READ_PERMISSIONS,
  WRITE_PERMISSIONS,
} from './nightscout-auth-permissions.ts';

describe('permits', () => {
  it('matches wildcards, lists and implied parts', () => {
    expect(permits(['api:*:read'], 'api:entries:read')).toBe(true);
    expect(permits(['api:*:read'], 'api:entries:create')).toBe(false);
    expect(permits(['api:entries,treatments:create'], 'api:treatments:create')).toBe(true);
    expect(permits(['api'], 'api:treatments:delete')).toBe(true);
    expect(permits(['*'], 'api:profile:update')).toBe(true);
    expect(permits(['api:entries:read:x'], 'api:entries:read')).toBe(false);
  });
});

describe('permissionLetters', () => {
  it('reports crud per collection', () => {
    expect(permissionLetters(WRITE_PERMISSIONS)['treatments']).toBe('crud');
    expect(permissionLetters(READ_PERMISSIONS)['entries']).toBe('r');
    expect(permissionLetters(['api:entries:create'])['treatments']).toBe('');
  });
});

describe('allowsWrites', () => {
  it('tells read-only lists from write ones', () => {
    expect(allowsWrites(READ_PERMISSIONS)).toBe(false);
    expect(allowsWrites(['api:devicestatus:create'])).toBe(true);
  });
});

describe('isValidPermission', () => {
  it('accepts Nightscout forms only', () => {
    expect(isValidPermission('api:entries:read')).toBe(true);
    expect(isValidPermission('api:*:create,update')).toBe(true);
    expect(isValidPermission('*')).toBe(true);
    expect(isValidPermission('admin:*')).toBe(false);
    expect(isValidPermission('api:entries:drop')).toBe(false);
  });
});
