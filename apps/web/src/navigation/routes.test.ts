import { describe, expect, it } from 'vitest';

import { homeRoute, isPageAllowed, parseRoute, routePath } from './routes.ts';

describe('parseRoute', () => {
  it('parses fixed pages', () => {
    expect(parseRoute('/')).toEqual({ page: 'home' });
    expect(parseRoute('/triage')).toEqual({ page: 'triage' });
    expect(parseRoute('/admin/audit/')).toEqual({ page: 'admin-audit' });
  });

  it('parses a patient view', () => {
    expect(parseRoute('/patients/abc%2F1/daily')).toEqual({
      page: 'patient',
      patientId: 'abc/1',
      tab: 'daily',
    });
  });

  it('reports an unknown path', () => {
    expect(parseRoute('/patients/abc/unknown')).toEqual({
      page: 'not-found',
      path: '/patients/abc/unknown',
    });
  });
});

describe('routePath', () => {
  it('is the inverse of parseRoute', () => {
    for (const path of [
      '/',
      '/triage',
      '/sharing',
      '/admin/care-teams',
      '/patients/p%2F1/report',
    ]) {
      expect(routePath(parseRoute(path))).toBe(path);
    }
  });
});

describe('role pages', () => {
  it('starts each role on its page', () => {
    expect(homeRoute('patient')).toEqual({ page: 'home' });
    expect(homeRoute('clinician')).toEqual({ page: 'triage' });
    expect(homeRoute('engineer')).toEqual({ page: 'engineering' });
    expect(homeRoute('admin')).toEqual({ page: 'admin-users' });
  });

  it('keeps patient data from other roles', () => {
    expect(isPageAllowed('clinician', 'patient')).toBe(true);
    expect(isPageAllowed('engineer', 'patient')).toBe(false);
    expect(isPageAllowed('admin', 'patient')).toBe(false);
    expect(isPageAllowed('patient', 'triage')).toBe(false);
    expect(isPageAllowed('clinician', 'admin-users')).toBe(false);
    expect(isPageAllowed('engineer', 'not-found')).toBe(true);
  });
});
