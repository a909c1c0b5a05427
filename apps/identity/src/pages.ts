import { createHash } from 'node:crypto';

/** The one stylesheet of the provider's pages, inlined and allowed by its hash in the CSP. */
export const PAGE_STYLE = [
  'body{font-family:system-ui,sans-serif;background:#f8fafc;color:#0f172a;margin:0}',
  'main{max-width:26rem;margin:3rem auto;padding:1.5rem;background:#fff;border:1px solid #cbd5e1;border-radius:.5rem}',
  'h1{font-size:1.5rem;margin-top:0}',
  'label{display:block;font-weight:600;margin:1rem 0 .25rem}',
  'input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;border:1px solid #64748b;border-radius:.25rem}',
  'button{margin-top:1.25rem;padding:.5rem 1rem;font-size:1rem;border-radius:.25rem;border:1px solid #1d4ed8;background:#1d4ed8;color:#fff;cursor:pointer}',
  'button.secondary{background:#fff;color:#1d4ed8}',
  'input:focus-visible,button:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}',
  '.error{border:1px solid #b91c1c;background:#fef2f2;color:#7f1d1d;padding:.75rem;border-radius:.25rem}',
  'code{word-break:break-all;background:#f1f5f9;padding:.1rem .25rem}',
].join('');

/** CSP source expression of `PAGE_STYLE`. */
export const PAGE_STYLE_SOURCE = `'sha256-${createHash('sha256').update(PAGE_STYLE).digest('base64')}'`;

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Wraps page content (already escaped HTML) in the document with the shared style. */
export function renderPage(title: string, content: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)} · Phoenix Ascend</title>`,
    `<style>${PAGE_STYLE}</style>`,
    '</head>',
    `<body><main>${content}</main></body>`,
    '</html>',
  ].join('\n');
}

function errorBlock(error: string | undefined): string {
  return error ? `<p class="error" role="alert" id="form-error">${escapeHtml(error)}</p>` : '';
}

function describedBy(error: string | undefined): string {
  return error ? ' aria-describedby="form-error" aria-invalid="true"' : '';
}

/** Renders the username and password form. */
export function loginPage(options: { action: string; username?: string; error?: string }) {
  const { action, username = '', error } = options;
  return renderPage(
    'Sign in',
    [
      '<h1>Sign in to Phoenix Ascend</h1>',
      errorBlock(error),
      `<form method="post" action="${escapeHtml(action)}">`,
      '<label for="username">Username</label>',
      `<input id="username" name="username" autocomplete="username" required autofocus value="${escapeHtml(username)}"${describedBy(error)}>`,
      '<label for="password">Password</label>',
      `<input id="password" name="password" type="password" autocomplete="current-password" required${describedBy(error)}>`,
      '<button type="submit">Sign in</button>',
      '</form>',
    ].join('\n'),
  );
}

const CODE_INPUT =
  '<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required autofocus';

/** Renders the TOTP form for an enrolled user. */
export function codePage(options: { action: string; error?: string }) {
  const { action, error } = options;
  return renderPage(
    'Second factor',
    [
      '<h1>Enter your authentication code</h1>',
      '<p>Your role requires a second factor. Open your authenticator app and enter the six-digit code for Phoenix Ascend.</p>',
      errorBlock(error),
      `<form method="post" action="${escapeHtml(action)}">`,
      '<label for="code">Six-digit code</label>',
      `${CODE_INPUT}${describedBy(error)}>`,
      '<button type="submit">Verify</button>',
      '</form>',
    ].join('\n'),
  );
}

/** Renders the TOTP enrolment form: the secret, its otpauth URI and a field for the first code. */
export function enrolmentPage(options: {
  action: string;
  secret: string;
  uri: string;
  error?: string;
}) {
  const { action, secret, uri, error } = options;
  return renderPage(
    'Set up a second factor',
    [
      '<h1>Set up your authenticator</h1>',
      '<p>Your role requires a second factor. Add this account to an authenticator app (TOTP, six digits, 30 seconds), then enter the code it shows.</p>',
      `<p>Secret key: <code id="totp-secret">${escapeHtml(secret)}</code></p>`,
      `<p>Setup URI: <code id="totp-uri">${escapeHtml(uri)}</code></p>`,
      errorBlock(error),
      `<form method="post" action="${escapeHtml(action)}">`,
      '<label for="code">Six-digit code from the app</label>',
      `${CODE_INPUT}${describedBy(error)}>`,
      '<button type="submit">Verify and continue</button>',
      '</form>',
    ].join('\n'),
  );
}

/** Renders the sign-out confirmation; `form` is the provider's hidden form `op.logoutForm`. */
export function logoutPage(form: string): string {
  return renderPage(
    'Sign out',
    [
      '<h1>Sign out of Phoenix Ascend?</h1>',
      '<p>Signing out ends your session here and in every app that signed in through it.</p>',
      form,
      '<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Sign out</button>',
      '<button type="submit" form="op.logoutForm" class="secondary">Stay signed in</button>',
    ].join('\n'),
  );
}

/** Renders a page with a heading and one paragraph, for outcomes and errors. */
export function messagePage(title: string, message: string): string {
  return renderPage(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`);
}
