import { createHash, randomBytes } from 'node:crypto';

/** A page the test browser landed on. */
export interface Page {
  url: string;
  status: number;
  html: string;
}

/** End of a redirect chain: a page, or the client's callback with its query. */
export type Landing = { kind: 'page'; page: Page } | { kind: 'callback'; params: URLSearchParams };

/**
 * A minimal browser for tests: `fetch` with a cookie jar and manual redirects, stopping at the
 * client's redirect URI instead of loading it. Cookie paths are ignored; the provider's cookie
 * names differ per purpose, so this does not change which cookie it reads.
 */
export class TestBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly redirectUri: string) {}

  /** Loads `url` with GET and follows redirects. */
  open(url: string): Promise<Landing> {
    return this.follow(url, { method: 'GET' });
  }

  /** Submits the first form of `page` with `fields` and follows redirects. */
  submit(page: Page, fields: Record<string, string>): Promise<Landing> {
    const action = /<form[^>]*action="([^"]+)"/.exec(page.html)?.[1];
    if (!action) throw new Error(`no form on ${page.url}`);
    const url = new URL(action.replace(/&amp;/g, '&'), page.url).href;
    return this.follow(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  private async follow(url: string, init: RequestInit): Promise<Landing> {
    let next = url;
    let request = init;
    for (let hop = 0; hop < 20; hop += 1) {
      if (next.startsWith(this.redirectUri)) {
        return { kind: 'callback', params: new URL(next).searchParams };
      }
      const response = await fetch(next, {
        ...request,
        redirect: 'manual',
        headers: { ...(request.headers as Record<string, string>), cookie: this.cookieHeader() },
      });
      this.store(response);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        next = new URL(location, next).href;
        request = { method: 'GET' };
        continue;
      }
      return {
        kind: 'page',
        page: { url: next, status: response.status, html: await response.text() },
      };
    }
    throw new Error(`too many redirects from ${url}`);
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key = '', setting = ''] = attribute.trim().split('=');
        if (key.toLowerCase() === 'max-age') return Number(setting) <= 0;
        if (key.toLowerCase() === 'expires') return Date.parse(setting) <= Date.now();
        return false;
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** Creates a PKCE verifier and its S256 challenge (RFC 7636). */
export function createPkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

/** Builds the authorization request URL of a code flow with PKCE S256, plus `extra` parameters. */
export function authorizationUrl(
  issuer: string,
  clientId: string,
  redirectUri: string,
  challenge: string,
  state: string,
  extra: Record<string, string> = {},
): string {
  const query = new URLSearchParams({
    ...extra,
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid profile',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  });
  return `${issuer}/auth?${query.toString()}`;
}

/** Posts a form to a token endpoint and returns the status and JSON body. */
export async function postTokenRequest(
  tokenUrl: string,
  fields: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Decodes the header and payload of a JWT without checking its signature. */
export function decodeJwt(token: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
} {
  const [header = '', payload = ''] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >,
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >,
  };
}
