import { describe, expect, it } from 'vitest';
import { loadAuthSettings } from './auth-settings.ts';

describe('loadAuthSettings', () => {
  it('turns the development login on without an issuer', () => {
    const settings = loadAuthSettings({});

    expect(settings.issuer).toBeNull();
    expect(settings.devLogin).toBe(true);
    expect(settings.audience).toBe('urn:phoenix-ascend:api');
    expect(settings.rolesClaim).toBe('https://phoenix-ascend.org/roles');
    expect(settings.userIdClaim).toBe('sub');
    expect(settings.corsOrigins).toEqual([]);
  });

  it('turns the development login off with an issuer', () => {
    const settings = loadAuthSettings({ OIDC_ISSUER: 'https://tenant.example.org/' });

    expect(settings.issuer).toBe('https://tenant.example.org/');
    expect(settings.devLogin).toBe(false);
  });

  it('keeps the development login on when asked', () => {
    const env = { OIDC_ISSUER: 'http://127.0.0.1:3001', PHOENIX_DEV_LOGIN: '1' };
    expect(loadAuthSettings(env).devLogin).toBe(true);
  });

  it('turns the development login off when asked', () => {
    expect(loadAuthSettings({ PHOENIX_DEV_LOGIN: '0' }).devLogin).toBe(false);
  });

  it('rejects an unknown switch value', () => {
    expect(() => loadAuthSettings({ PHOENIX_DEV_LOGIN: 'yes' })).toThrow(
      'PHOENIX_DEV_LOGIN must be 0 or 1, not "yes"',
    );
  });

  it('rejects a plain-HTTP issuer off the loopback host', () => {
    expect(() => loadAuthSettings({ OIDC_ISSUER: 'http://id.example.org' })).toThrow(
      'OIDC_ISSUER must use https',
    );
  });

  it('rejects an issuer that is not a URL', () => {
    expect(() => loadAuthSettings({ OIDC_ISSUER: 'tenant' })).toThrow(
      'OIDC_ISSUER must be an absolute URL',
    );
  });

  it('reads the claim and audience overrides', () => {
    const settings = loadAuthSettings({
      OIDC_ISSUER: 'https://tenant.example.org/',
      OIDC_AUDIENCE: 'https://api.example.org',
      OIDC_ROLES_CLAIM: 'https://example.org/roles',
      OIDC_USER_ID_CLAIM: 'https://example.org/user_id',
      OIDC_CLIENT_ID: 'dashboard-client',
    });

    expect(settings.audience).toBe('https://api.example.org');
    expect(settings.rolesClaim).toBe('https://example.org/roles');
    expect(settings.userIdClaim).toBe('https://example.org/user_id');
    expect(settings.clientId).toBe('dashboard-client');
  });

  it('reads a list of CORS origins', () => {
    const env = { CORS_ORIGINS: 'https://a.example.org, http://127.0.0.1:5173' };
    expect(loadAuthSettings(env).corsOrigins).toEqual([
      'https://a.example.org',
      'http://127.0.0.1:5173',
    ]);
  });

  it('rejects a CORS entry that is not an origin', () => {
    for (const entry of ['*', 'https://a.example.org/path', 'a.example.org']) {
      expect(() => loadAuthSettings({ CORS_ORIGINS: entry })).toThrow(
        'CORS_ORIGINS must list origins',
      );
    }
  });
});
