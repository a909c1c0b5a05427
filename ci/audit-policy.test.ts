import { describe, expect, it } from 'vitest';
import { checkAllowlist, evaluateAudit, readAdvisories } from './audit-policy.ts';
import { unreachableMode } from './npm-audit.ts';

// Shape of `npm audit --json` (report version 2) for a project that pulls in minimist 0.0.8
// through mkdirp. The advisory is the real GHSA entry for minimist's prototype pollution.
const VULNERABLE_REPORT = {
  auditReportVersion: 2,
  vulnerabilities: {
    minimist: {
      name: 'minimist',
      severity: 'critical',
      isDirect: false,
      via: [
        {
          source: 1097678,
          name: 'minimist',
          dependency: 'minimist',
          title: 'Prototype Pollution in minimist',
          url: 'https://github.com/advisories/GHSA-xvch-5gv4-984h',
          severity: 'critical',
          range: '<0.2.4',
        },
      ],
      effects: ['mkdirp'],
      range: '<=0.2.3',
      nodes: ['node_modules/minimist'],
      fixAvailable: true,
    },
    mkdirp: {
      name: 'mkdirp',
      severity: 'critical',
      isDirect: true,
      via: ['minimist'],
      effects: [],
      range: '0.4.1 - 0.5.1',
      nodes: ['node_modules/mkdirp'],
      fixAvailable: true,
    },
  },
  metadata: { vulnerabilities: { critical: 2, total: 2 } },
};

const CLEAN_REPORT = {
  auditReportVersion: 2,
  vulnerabilities: {},
  metadata: { vulnerabilities: { total: 0 } },
};

// What npm 10 prints with --json when the registry rejects the bulk advisory request.
const UNREACHABLE_REPORT = {
  message:
    '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
  method: 'POST',
  statusCode: 405,
  body: '',
  error: { summary: '', detail: '' },
};

const TODAY = new Date('2026-12-04T10:00:00Z');

function allowlist(advisories: object[], maxAgeDays = 90): string {
  return JSON.stringify({ maxAgeDays, advisories });
}

const MINIMIST_ENTRY = {
  id: 'GHSA-xvch-5gv4-984h',
  package: 'minimist',
  reason: 'Only the build reads argv through it; no user input reaches it.',
  reviewed: '2026-11-20',
};

describe('evaluateAudit', () => {
  it('fails on an advisory missing from the allowlist', () => {
    const outcome = evaluateAudit({
      report: VULNERABLE_REPORT,
      allowlistText: allowlist([]),
      today: TODAY,
      mode: 'fail',
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.lines[0]).toBe(
      'critical GHSA-xvch-5gv4-984h in minimist: Prototype Pollution in minimist ' +
        'https://github.com/advisories/GHSA-xvch-5gv4-984h',
    );
  });

  it('passes an allowlisted advisory', () => {
    const outcome = evaluateAudit({
      report: VULNERABLE_REPORT,
      allowlistText: allowlist([MINIMIST_ENTRY]),
      today: TODAY,
      mode: 'fail',
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.lines[0]).toMatch(/^allowed \(reviewed 2026-11-20\): critical GHSA-xvch/);
  });

  it('fails on an expired allowlist entry', () => {
    const outcome = evaluateAudit({
      report: VULNERABLE_REPORT,
      allowlistText: allowlist([{ ...MINIMIST_ENTRY, reviewed: '2026-08-01' }]),
      today: TODAY,
      mode: 'fail',
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.lines[0]).toBe(
      'allowlist entry GHSA-xvch-5gv4-984h: last reviewed 2026-08-01, 125 days ago (limit 90); ' +
        'review it again and update the date, or remove it',
    );
  });

  it('notes an unused allowlist entry', () => {
    const outcome = evaluateAudit({
      report: CLEAN_REPORT,
      allowlistText: allowlist([MINIMIST_ENTRY]),
      today: TODAY,
      mode: 'fail',
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.lines).toEqual([
      'note: allowlist entry GHSA-xvch-5gv4-984h matches no current advisory; remove it',
    ]);
  });

  it('passes a clean report', () => {
    const outcome = evaluateAudit({
      report: CLEAN_REPORT,
      allowlistText: allowlist([]),
      today: TODAY,
      mode: 'fail',
    });
    expect(outcome).toEqual({ status: 'pass', lines: ['npm audit: no known advisories'] });
  });

  it('fails when the service is unreachable', () => {
    const outcome = evaluateAudit({
      report: UNREACHABLE_REPORT,
      allowlistText: allowlist([]),
      today: TODAY,
      mode: 'fail',
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.lines[0]).toMatch(/^npm audit NOT run: .*405 Method Not Allowed/);
  });

  it('warns loudly when unreachable in warn mode', () => {
    const outcome = evaluateAudit({
      report: UNREACHABLE_REPORT,
      allowlistText: allowlist([]),
      today: TODAY,
      mode: 'warn',
    });
    expect(outcome.status).toBe('not-run');
    expect(outcome.lines.join('\n')).toContain('WARNING: npm audit NOT run');
  });

  it('fails on a bad allowlist in warn mode', () => {
    const outcome = evaluateAudit({
      report: UNREACHABLE_REPORT,
      allowlistText: allowlist([{ ...MINIMIST_ENTRY, reason: '' }]),
      today: TODAY,
      mode: 'warn',
    });
    expect(outcome.status).toBe('fail');
  });

  it('fails without a lockfile', () => {
    const outcome = evaluateAudit({
      report: {
        error: { code: 'ENOLOCK', summary: 'This command requires an existing lockfile.' },
      },
      allowlistText: allowlist([]),
      today: TODAY,
      mode: 'warn',
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.lines[0]).toMatch(/^npm audit needs package-lock\.json/);
  });
});

describe('checkAllowlist', () => {
  it('rejects an ID that is not a GHSA ID', () => {
    const { problems } = checkAllowlist(
      allowlist([{ ...MINIMIST_ENTRY, id: 'CVE-2021-44906' }]),
      TODAY,
    );
    expect(problems).toEqual([
      'allowlist entry CVE-2021-44906: id must be a GitHub advisory ID (GHSA-xxxx-xxxx-xxxx)',
    ]);
  });

  it('rejects a review date in the future', () => {
    const { problems } = checkAllowlist(
      allowlist([{ ...MINIMIST_ENTRY, reviewed: '2026-12-05' }]),
      TODAY,
    );
    expect(problems).toEqual([
      'allowlist entry GHSA-xvch-5gv4-984h: reviewed 2026-12-05 is in the future',
    ]);
  });

  it('rejects an impossible date', () => {
    const { problems } = checkAllowlist(
      allowlist([{ ...MINIMIST_ENTRY, reviewed: '2026-02-30' }]),
      TODAY,
    );
    expect(problems).toEqual([
      'allowlist entry GHSA-xvch-5gv4-984h: reviewed must be a date YYYY-MM-DD',
    ]);
  });

  it('accepts a review exactly maxAgeDays old', () => {
    const { problems } = checkAllowlist(
      allowlist([{ ...MINIMIST_ENTRY, reviewed: '2026-09-05' }]),
      TODAY,
    );
    expect(problems).toEqual([]);
  });

  it('rejects a duplicate entry', () => {
    const { problems } = checkAllowlist(allowlist([MINIMIST_ENTRY, MINIMIST_ENTRY]), TODAY);
    expect(problems).toEqual(['allowlist entry GHSA-xvch-5gv4-984h appears twice']);
  });

  it('rejects invalid JSON', () => {
    const { problems } = checkAllowlist('{', TODAY);
    expect(problems[0]).toMatch(/^allowlist is not valid JSON/);
  });
});

describe('readAdvisories', () => {
  it('lists each advisory once', () => {
    expect(readAdvisories(VULNERABLE_REPORT)).toEqual([
      {
        id: 'GHSA-xvch-5gv4-984h',
        package: 'minimist',
        severity: 'critical',
        title: 'Prototype Pollution in minimist',
        url: 'https://github.com/advisories/GHSA-xvch-5gv4-984h',
      },
    ]);
  });

  it('rejects JSON that is no audit report', () => {
    expect(() => readAdvisories({ hello: 'world' })).toThrow(/neither a report nor an error/);
  });
});

describe('unreachableMode', () => {
  it('defaults to fail', () => {
    expect(unreachableMode(undefined)).toBe('fail');
  });

  it('accepts warn', () => {
    expect(unreachableMode('warn')).toBe('warn');
  });

  it('rejects other values', () => {
    expect(() => unreachableMode('skip')).toThrow(/must be fail or warn, not "skip"/);
  });
});
