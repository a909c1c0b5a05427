import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { InteractionDetails } from 'oidc-provider';
import { pathOf, readForm, redirect, send } from './form-responses.ts';
import { codePage, enrolmentPage, loginPage, messagePage } from './pages.ts';
import type { RateLimiter } from './rate-limiter.ts';
import {
  LOCKOUT_THRESHOLD,
  requiresSecondFactor,
  type CheckResult,
  type SignInChecks,
} from './sign-in-checks.ts';
import { createTotpSecret, totpUri } from './totp.ts';
import type { StoredUser } from './user-store.ts';

/** How long a password step waits for its second factor, in milliseconds. */
const SECOND_FACTOR_WINDOW_MS = 10 * 60_000;

const INVALID_PASSWORD = 'The username or password is incorrect.';
const INVALID_CODE =
  'The code is incorrect or was already used. Wait for the next code in your app and try again.';

/** Minimal structured logger; pino and Fastify's logger fit it. */
export interface IdentityLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** A password step that passed and waits for a TOTP code, per interaction `uid`. */
interface PendingSecondFactor {
  accountId: string;
  /** Shown as the account name in authenticator apps. */
  username: string;
  /** Secret shown for enrolment, or null when the user already has an authenticator. */
  enrolmentSecret: string | null;
  expiresAt: number;
}

/** Services of the running identity server that the interaction pages use. */
export interface InteractionContext {
  /** The current provider; it changes when the signing key rotates. */
  provider(): Provider;
  checks: SignInChecks;
  limiter: RateLimiter;
  now(): number;
  log: IdentityLogger;
  pending: Map<string, PendingSecondFactor>;
}

/**
 * Serves the sign-in pages under `/interaction/:uid`: the password form, TOTP enrolment or
 * verification, and the automatic consent of the dashboard (the only, first-party client).
 * Every step first loads the interaction, which also checks the browser's interaction cookie.
 */
export async function handleInteraction(
  req: IncomingMessage,
  res: ServerResponse,
  context: InteractionContext,
): Promise<void> {
  const match = /^\/interaction\/([A-Za-z0-9_-]+)(\/login|\/code)?$/.exec(pathOf(req));
  const uid = match?.[1];
  const step = match?.[2] ?? '';
  if (
    !uid ||
    (req.method === 'GET') !== (step === '') ||
    !['GET', 'POST'].includes(req.method ?? '')
  ) {
    return send(res, 404, messagePage('Not found', 'This page does not exist.'));
  }

  let interaction: InteractionDetails;
  try {
    interaction = await context.provider().interactionDetails(req, res);
  } catch {
    return send(res, 400, messagePage('Sign-in expired', EXPIRED_MESSAGE));
  }
  if (interaction.uid !== uid) return redirect(res, `/interaction/${interaction.uid}`);
  sweepPending(context);

  if (step === '') return showStep(req, res, context, interaction);

  const retryAfter = context.limiter.take(req.socket.remoteAddress ?? 'unknown');
  if (retryAfter > 0) {
    res.setHeader('retry-after', String(retryAfter));
    return send(res, 429, messagePage('Too many attempts', RATE_LIMITED_MESSAGE));
  }
  const form = await readForm(req);
  if (!form)
    return send(res, 415, messagePage('Invalid form', 'Send the form from the sign-in page.'));
  if (step === '/login') return submitPassword(req, res, context, interaction, form);
  return submitCode(req, res, context, interaction, form);
}

const EXPIRED_MESSAGE =
  'This sign-in page has expired or was opened in another browser. Return to the dashboard and sign in again.';
const RATE_LIMITED_MESSAGE =
  'Too many sign-in attempts came from your network address. Wait a minute and try again.';

async function showStep(
  req: IncomingMessage,
  res: ServerResponse,
  context: InteractionContext,
  interaction: InteractionDetails,
) {
  const { uid } = interaction;
  if (interaction.prompt.name === 'consent') return grantConsent(req, res, context, interaction);

  const pending = context.pending.get(uid);
  if (pending?.enrolmentSecret) {
    return send(res, 200, enrolment(uid, pending));
  }
  if (pending) return send(res, 200, codePage({ action: `/interaction/${uid}/code` }));
  return send(res, 200, loginPage({ action: `/interaction/${uid}/login` }));
}

function enrolment(uid: string, pending: PendingSecondFactor, error?: string): string {
  const secret = pending.enrolmentSecret ?? '';
  return enrolmentPage({
    action: `/interaction/${uid}/code`,
    secret,
    uri: totpUri(secret, pending.username),
    ...(error ? { error } : {}),
  });
}

async function submitPassword(
  req: IncomingMessage,
  res: ServerResponse,
  context: InteractionContext,
  interaction: InteractionDetails,
  form: URLSearchParams,
) {
  const { uid } = interaction;
  const action = `/interaction/${uid}/login`;
  const username = form.get('username') ?? '';
  const result = await context.checks.checkPassword(username, form.get('password') ?? '');
  if (result.status !== 'ok') {
    logFailure(context, result, 'password', result.userId ?? null);
    const error =
      result.status === 'locked' ? lockedMessage(result.until, context.now()) : INVALID_PASSWORD;
    return send(
      res,
      result.status === 'locked' ? 423 : 401,
      loginPage({ action, username, error }),
    );
  }

  const user = result.user;
  if (!requiresSecondFactor(user)) return finishLogin(req, res, context, user, ['pwd']);
  context.pending.set(uid, {
    accountId: user.id,
    username: user.username,
    enrolmentSecret: user.totp ? null : createTotpSecret(),
    expiresAt: context.now() + SECOND_FACTOR_WINDOW_MS,
  });
  return redirect(res, `/interaction/${uid}`);
}

async function submitCode(
  req: IncomingMessage,
  res: ServerResponse,
  context: InteractionContext,
  interaction: InteractionDetails,
  form: URLSearchParams,
) {
  const { uid } = interaction;
  const pending = context.pending.get(uid);
  if (!pending) return redirect(res, `/interaction/${uid}`);

  const code = form.get('code') ?? '';
  const result = await context.checks.checkCode(pending.accountId, code, pending.enrolmentSecret);
  if (result.status === 'ok') {
    context.pending.delete(uid);
    if (pending.enrolmentSecret) {
      context.log.info({ userId: pending.accountId }, 'TOTP authenticator enrolled');
    }
    return finishLogin(req, res, context, result.user, ['pwd', 'otp']);
  }

  logFailure(context, result, 'code', pending.accountId);
  if (result.status === 'locked') {
    context.pending.delete(uid);
    const error = lockedMessage(result.until, context.now());
    return send(res, 423, loginPage({ action: `/interaction/${uid}/login`, error }));
  }
  const page = pending.enrolmentSecret
    ? enrolment(uid, pending, INVALID_CODE)
    : codePage({ action: `/interaction/${uid}/code`, error: INVALID_CODE });
  return send(res, 401, page);
}

async function finishLogin(
  req: IncomingMessage,
  res: ServerResponse,
  context: InteractionContext,
  user: StoredUser,
  amr: string[],
) {
  context.log.info({ userId: user.id, amr }, 'signed in');
  // remember: false keeps the provider session cookie for the browser session only, which
  // suits shared clinic computers.
  await context
    .provider()
    .interactionFinished(
      req,
      res,
      { login: { accountId: user.id, amr, remember: false } },
      { mergeWithLastSubmission: false },
    );
}

/**
 * Grants the scopes and resource scopes the dashboard requested. The dashboard is the
 * provider's only client and part of this platform, so no consent page is shown.
 */
async function grantConsent(
  req: IncomingMessage,
  res: ServerResponse,
  context: InteractionContext,
  interaction: InteractionDetails,
) {
  const provider = context.provider();
  const accountId = interaction.session?.accountId;
  const clientId = interaction.params.client_id;
  if (!accountId || typeof clientId !== 'string') {
    return send(res, 400, messagePage('Sign-in expired', EXPIRED_MESSAGE));
  }
  const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId });
  const details = interaction.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  for (const [resource, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
    grant.addResourceScope(resource, scopes.join(' '));
  }
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { consent: { grantId } },
    { mergeWithLastSubmission: true },
  );
}

function lockedMessage(until: Date, nowMs: number): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - nowMs) / 60_000));
  return (
    `This account is locked after ${LOCKOUT_THRESHOLD} failed sign-in attempts. ` +
    `Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`
  );
}

function logFailure(
  context: InteractionContext,
  result: Exclude<CheckResult, { status: 'ok' }>,
  step: 'password' | 'code',
  userId: string | null,
) {
  const fields = { step, ...(userId ? { userId } : {}) };
  if (result.status === 'locked') {
    context.log.warn(
      { ...fields, lockedUntil: result.until.toISOString() },
      'sign-in rejected: account locked',
    );
  } else {
    context.log.info(fields, 'sign-in failed');
  }
}

function sweepPending(context: InteractionContext) {
  const now = context.now();
  for (const [uid, entry] of context.pending) {
    if (entry.expiresAt <= now) context.pending.delete(uid);
  }
}
