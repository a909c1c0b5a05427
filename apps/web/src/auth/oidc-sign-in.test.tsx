import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { App } from '../app.tsx';
import type { AuthConfig } from '../api/types.ts';
import { mockDashboardApi } from '../test/dashboard-api.ts';
import { clinicianUser } from '../test/fixtures.ts';
import { server } from '../test/msw-server.ts';

const ISSUER = 'http://identity.test';
const oidcConfig: AuthConfig = {
  issuer: ISSUER,
  clientId: 'phoenix-dashboard',
  audience: 'urn:phoenix-ascend:api',
  scope: 'openid profile',
  devLogin: false,
};

/** Builds an unsigned JWT. The dashboard reads ID token claims and leaves signatures to the API. */
function fakeJwt(claims: Record<string, unknown>): string {
  const part = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '');
  return `${part({ alg: 'RS256', kid: 'test' })}.${part(claims)}.c2lnbmF0dXJl`;
}

async function s256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return btoa(String.fromCharCode(...new Uint8Array(digest)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** Mocks the provider's discovery and token endpoints; returns the token requests received. */
function mockProvider(authorizeUrl: () => URL) {
  const tokenRequests: URLSearchParams[] = [];
  server.use(
    http.get(`${ISSUER}/.well-known/openid-configuration`, () =>
      HttpResponse.json({
        issuer: ISSUER,
        authorization_endpoint: `${ISSUER}/auth`,
        token_endpoint: `${ISSUER}/token`,
        end_session_endpoint: `${ISSUER}/session/end`,
        jwks_uri: `${ISSUER}/jwks`,
      }),
    ),
    http.post(`${ISSUER}/token`, async ({ request }) => {
      const body = new URLSearchParams(await request.text());
      tokenRequests.push(body);
      const authorize = authorizeUrl().searchParams;
      const verifier = body.get('code_verifier') ?? '';
      if (
        body.get('code') !== 'code-1' ||
        (await s256(verifier)) !== authorize.get('code_challenge')
      ) {
        return HttpResponse.json({ error: 'invalid_grant' }, { status: 400 });
      }
      const now = Math.floor(Date.now() / 1000);
      return HttpResponse.json({
        access_token: 'access-token-1',
        refresh_token: 'refresh-token-1',
        token_type: 'Bearer',
        expires_in: 900,
        scope: 'openid profile',
        id_token: fakeJwt({
          iss: ISSUER,
          aud: 'phoenix-dashboard',
          sub: clinicianUser.id,
          iat: now,
          exp: now + 900,
          nonce: authorize.get('nonce'),
        }),
      });
    }),
  );
  return tokenRequests;
}

afterEach(() => {
  window.history.replaceState(null, '', '/');
});

describe('OpenID Connect sign-in', () => {
  it('signs in with code flow and PKCE', async () => {
    const received = mockDashboardApi({ authConfig: oidcConfig, currentUser: clinicianUser });
    const navigate = vi.fn<(url: string) => void>();
    const authorizeUrl = () => new URL(String(navigate.mock.calls[0]?.[0]));
    const tokenRequests = mockProvider(authorizeUrl);
    const user = userEvent.setup();
    const first = render(<App navigate={navigate} />);

    expect(screen.queryByRole('region', { name: 'Development login' })).toBeNull();
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));

    const authorize = authorizeUrl();
    expect(authorize.origin + authorize.pathname).toBe(`${ISSUER}/auth`);
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('client_id')).toBe('phoenix-dashboard');
    expect(authorize.searchParams.get('redirect_uri')).toBe(
      `${window.location.origin}/auth/callback`,
    );
    expect(authorize.searchParams.get('scope')).toBe('openid profile');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('audience')).toBe('urn:phoenix-ascend:api');
    expect(localStorage.length).toBe(0);

    // The provider redirects back to the callback with the code and state.
    first.unmount();
    const state = authorize.searchParams.get('state') ?? '';
    window.history.replaceState(null, '', `/auth/callback?code=code-1&state=${state}`);
    render(<App navigate={navigate} />);

    await screen.findByRole('heading', { level: 1, name: 'Patients' });
    const banner = screen.getByRole('banner');
    expect(within(banner).getByText('Signed in as Demo Clinician (clinician)')).toBeTruthy();
    expect(tokenRequests).toHaveLength(1);
    expect(window.location.pathname).toBe('/');
    expect(window.location.search).toBe('');
    const patients = received.find((request) => request.path === '/api/v1/me');
    expect(patients?.authorization).toBe('Bearer access-token-1');
    expect(patients?.devUser).toBeNull();
    const stored = [...Object.values(localStorage), ...Object.values(sessionStorage)].join(' ');
    expect(stored).not.toContain('access-token-1');
    expect(stored).not.toContain('refresh-token-1');
  });

  it('signs out at the provider', async () => {
    mockDashboardApi({ authConfig: oidcConfig, currentUser: clinicianUser });
    const navigate = vi.fn<(url: string) => void>();
    const authorizeUrl = () => new URL(String(navigate.mock.calls[0]?.[0]));
    mockProvider(authorizeUrl);
    const user = userEvent.setup();
    const first = render(<App navigate={navigate} />);
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    first.unmount();
    window.history.replaceState(
      null,
      '',
      `/auth/callback?code=code-1&state=${authorizeUrl().searchParams.get('state')}`,
    );
    render(<App navigate={navigate} />);
    await screen.findByRole('heading', { level: 1, name: 'Patients' });

    await user.click(screen.getByRole('button', { name: 'Sign out' }));

    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(2));
    const endSession = new URL(String(navigate.mock.calls[1]?.[0]));
    expect(endSession.origin + endSession.pathname).toBe(`${ISSUER}/session/end`);
    expect(endSession.searchParams.get('id_token_hint')).toContain('.');
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(
      `${window.location.origin}/`,
    );
  });

  it('shows the callback error', async () => {
    mockDashboardApi({ authConfig: oidcConfig });
    mockProvider(() => new URL(`${ISSUER}/auth`));
    window.history.replaceState(
      null,
      '',
      '/auth/callback?error=access_denied&error_description=sign-in+cancelled&state=unknown',
    );

    render(<App navigate={vi.fn()} />);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Sign-in failed');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(window.location.search).toBe('');
  });

  it('offers both sign-ins when allowed', async () => {
    mockDashboardApi({ authConfig: { ...oidcConfig, devLogin: true } });
    mockProvider(() => new URL(`${ISSUER}/auth`));

    render(<App navigate={vi.fn()} />);

    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(await screen.findByRole('region', { name: 'Development login' })).toBeTruthy();
  });

  it('reports unloadable sign-in settings', async () => {
    server.use(
      http.get('/api/v1/auth/config', () =>
        HttpResponse.json(
          { error: { code: 'INTERNAL_ERROR', message: 'internal error', requestId: 'req-9' } },
          { status: 500 },
        ),
      ),
    );

    render(<App />);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The sign-in settings could not be loaded.');
    expect(alert.textContent).toContain('req-9');
  });
});
