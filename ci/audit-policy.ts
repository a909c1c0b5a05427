// Decisions of the npm audit gate, kept apart from running npm so tests can feed it reports.

/** One reviewed exception in ci/audit-allowlist.json. */
export interface AllowlistEntry {
  /** GitHub advisory ID, for example `GHSA-abcd-efgh-ijkl`. */
  id: string;
  /** Package the advisory is about, for the reader; matching uses `id` only. */
  package: string;
  /** Explanation of why the advisory does not apply here or cannot be fixed yet. */
  reason: string;
  /** Date of the last review, `YYYY-MM-DD` (UTC). */
  reviewed: string;
}

/** Contents of ci/audit-allowlist.json. */
export interface Allowlist {
  /** Days after `reviewed` when an entry expires and fails the gate until reviewed again. */
  maxAgeDays: number;
  advisories: AllowlistEntry[];
}

/** One advisory that `npm audit` reported. */
export interface Advisory {
  id: string;
  package: string;
  severity: string;
  title: string;
  url: string;
}

/** Behaviour when the advisory service returns no report: fail the gate or only warn. */
export type UnreachableMode = 'fail' | 'warn';

/** Result of the gate: `not-run` means the service was unreachable and the mode is `warn`. */
export interface AuditOutcome {
  status: 'pass' | 'fail' | 'not-run';
  lines: string[];
}

const GHSA_ID = /^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/;
const DAY_MS = 86_400_000;

/**
 * Parses and checks the allowlist. Returns the entries and a list of problems: a malformed
 * file or entry, a duplicate ID, a reason shorter than 10 characters, or a review date that is
 * invalid, in the future, or more than `maxAgeDays` days before `today`.
 */
export function checkAllowlist(
  text: string,
  today: Date,
): { entries: AllowlistEntry[]; problems: string[] } {
  let parsed: Partial<Allowlist>;
  try {
    parsed = JSON.parse(text) as Partial<Allowlist>;
  } catch (error) {
    return { entries: [], problems: [`allowlist is not valid JSON: ${(error as Error).message}`] };
  }
  const maxAgeDays = parsed.maxAgeDays;
  if (typeof maxAgeDays !== 'number' || !Number.isInteger(maxAgeDays) || maxAgeDays < 1) {
    return { entries: [], problems: ['allowlist maxAgeDays must be a positive whole number'] };
  }
  if (!Array.isArray(parsed.advisories)) {
    return { entries: [], problems: ['allowlist advisories must be an array'] };
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const entry of parsed.advisories) {
    const label = typeof entry?.id === 'string' ? entry.id : JSON.stringify(entry);
    if (typeof entry?.id !== 'string' || !GHSA_ID.test(entry.id)) {
      problems.push(
        `allowlist entry ${label}: id must be a GitHub advisory ID (GHSA-xxxx-xxxx-xxxx)`,
      );
      continue;
    }
    if (seen.has(entry.id)) problems.push(`allowlist entry ${label} appears twice`);
    seen.add(entry.id);
    if (typeof entry.package !== 'string' || entry.package.length === 0) {
      problems.push(`allowlist entry ${label}: package is missing`);
    }
    if (typeof entry.reason !== 'string' || entry.reason.trim().length < 10) {
      problems.push(`allowlist entry ${label}: reason is missing or shorter than 10 characters`);
    }
    problems.push(...checkReviewDate(entry, maxAgeDays, today));
  }
  return { entries: parsed.advisories, problems };
}

function checkReviewDate(entry: AllowlistEntry, maxAgeDays: number, today: Date): string[] {
  const reviewed = /^\d{4}-\d{2}-\d{2}$/.test(entry.reviewed ?? '')
    ? new Date(`${entry.reviewed}T00:00:00Z`)
    : null;
  if (
    !reviewed ||
    Number.isNaN(reviewed.getTime()) ||
    reviewed.toISOString().slice(0, 10) !== entry.reviewed
  ) {
    return [`allowlist entry ${entry.id}: reviewed must be a date YYYY-MM-DD`];
  }
  const todayStart = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const ageDays = Math.round((todayStart - reviewed.getTime()) / DAY_MS);
  if (ageDays < 0)
    return [`allowlist entry ${entry.id}: reviewed ${entry.reviewed} is in the future`];
  if (ageDays > maxAgeDays) {
    return [
      `allowlist entry ${entry.id}: last reviewed ${entry.reviewed}, ${ageDays} days ago ` +
        `(limit ${maxAgeDays}); review it again and update the date, or remove it`,
    ];
  }
  return [];
}

interface AuditVia {
  source?: number;
  name?: string;
  title?: string;
  url?: string;
  severity?: string;
}

/**
 * Reads the advisories from the JSON of `npm audit --json` (report version 2, npm 7 and
 * later). Returns `{ unreachable }` with npm's message when the report contains an error instead,
 * as when the advisory service cannot be reached or answers with an HTTP error. Raises an
 * Error for a report that says the lockfile is missing, or that is not an audit report.
 */
export function readAdvisories(report: unknown): Advisory[] | { unreachable: string } {
  const data = (report ?? {}) as {
    vulnerabilities?: Record<string, { via?: (AuditVia | string)[] }>;
    error?: { code?: string; summary?: string; detail?: string } | null;
    message?: string;
  };
  if (data.vulnerabilities && typeof data.vulnerabilities === 'object') {
    const byId = new Map<string, Advisory>();
    for (const [name, vulnerability] of Object.entries(data.vulnerabilities)) {
      for (const via of vulnerability.via ?? []) {
        if (typeof via === 'string') continue;
        const id = /\/(GHSA-[\w-]+)$/.exec(via.url ?? '')?.[1] ?? `npm-${via.source ?? 'unknown'}`;
        byId.set(id, {
          id,
          package: via.name ?? name,
          severity: via.severity ?? 'unknown',
          title: via.title ?? '',
          url: via.url ?? '',
        });
      }
    }
    return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id, 'en'));
  }
  if (data.error) {
    if (data.error.code === 'ENOLOCK' || data.error.code === 'EAUDITNOLOCK') {
      throw new Error(`npm audit needs package-lock.json: ${data.error.summary ?? ''}`);
    }
    const message = data.message || data.error.summary || data.error.code || 'unknown error';
    return { unreachable: message };
  }
  throw new Error('npm audit printed JSON that is neither a report nor an error');
}

/**
 * Decides the gate from an `npm audit --json` report and the allowlist text. Fails on every
 * advisory, of any severity, that the allowlist does not hold, on any allowlist problem, and,
 * in mode `fail`, when the advisory service was unreachable. In mode `warn` an unreachable
 * service gives `not-run` with a warning banner.
 */
export function evaluateAudit(input: {
  report: unknown;
  allowlistText: string;
  today: Date;
  mode: UnreachableMode;
}): AuditOutcome {
  const { entries, problems } = checkAllowlist(input.allowlistText, input.today);
  let advisories: Advisory[] | { unreachable: string };
  try {
    advisories = readAdvisories(input.report);
  } catch (error) {
    return { status: 'fail', lines: [...problems, (error as Error).message] };
  }

  if ('unreachable' in advisories) {
    if (input.mode === 'fail') {
      return {
        status: 'fail',
        lines: [
          ...problems,
          `npm audit NOT run: the advisory service returned no report (${advisories.unreachable}).`,
          'Retry when the registry answers, or set PHOENIX_AUDIT_UNREACHABLE=warn to go on without it.',
        ],
      };
    }
    return {
      status: problems.length > 0 ? 'fail' : 'not-run',
      lines: [...problems, ...unreachableBanner(advisories.unreachable)],
    };
  }

  const allowed = new Map(entries.map((entry) => [entry.id, entry]));
  const lines = [...problems];
  let blocking = 0;
  for (const advisory of advisories) {
    const entry = allowed.get(advisory.id);
    const description = `${advisory.id} in ${advisory.package}: ${advisory.title} ${advisory.url}`;
    if (entry) {
      lines.push(`allowed (reviewed ${entry.reviewed}): ${advisory.severity} ${description}`);
    } else {
      blocking += 1;
      lines.push(`${advisory.severity} ${description}`);
    }
  }
  for (const entry of entries) {
    if (!advisories.some((advisory) => advisory.id === entry.id)) {
      lines.push(`note: allowlist entry ${entry.id} matches no current advisory; remove it`);
    }
  }
  if (blocking > 0) {
    lines.push(
      `${blocking} advisory(ies) not in ci/audit-allowlist.json. Update the dependency ` +
        '(`npm audit fix` or a newer version); when no fix exists and the risk does not apply ' +
        'here, add the ID with a reason and the review date to the allowlist.',
    );
  }
  return {
    status: blocking > 0 || problems.length > 0 ? 'fail' : 'pass',
    lines: lines.length > 0 ? lines : ['npm audit: no known advisories'],
  };
}

function unreachableBanner(message: string): string[] {
  const bar = '!'.repeat(78);
  return [
    bar,
    '!! WARNING: npm audit NOT run. The advisory service returned no report:',
    `!! ${message}`,
    '!! The dependencies were NOT checked for known vulnerabilities.',
    '!! PHOENIX_AUDIT_UNREACHABLE=warn allows this; CI on GitHub sets it to fail.',
    bar,
  ];
}
