import { DEMO_IDS } from '@phoenix/db';
import { describe, expect, it } from 'vitest';
import { formatWelcome, type WelcomeOptions } from './welcome.ts';

const DEV_USERS = [
  { role: 'patient', id: DEMO_IDS.patientUserId },
  { role: 'clinician', id: DEMO_IDS.clinicianUserId },
  { role: 'engineer', id: DEMO_IDS.engineerUserId },
  { role: 'admin', id: DEMO_IDS.adminUserId },
];

const BASE: WelcomeOptions = {
  address: 'http://127.0.0.1:47010',
  identity: {
    issuer: 'http://127.0.0.1:47011',
    demoLogins: [
      { username: 'patient', password: 'pw-1', role: 'patient', displayName: 'Demo Patient' },
    ],
  },
  devLogin: false,
  devUsers: DEV_USERS,
  patientId: DEMO_IDS.patientId,
};

describe('formatWelcome', () => {
  it('lists the development user IDs', () => {
    const text = formatWelcome({ ...BASE, devLogin: true });
    expect(text).toContain(
      'Development login is on: API clients may send X-Dev-User with a user ID:\n' +
        `  patient    ${DEMO_IDS.patientUserId}\n` +
        `  clinician  ${DEMO_IDS.clinicianUserId}\n` +
        `  engineer   ${DEMO_IDS.engineerUserId}\n` +
        `  admin      ${DEMO_IDS.adminUserId}\n`,
    );
    expect(text).toContain(`Demo patient ID: ${DEMO_IDS.patientId}`);
  });

  it('shows no display names', () => {
    const text = formatWelcome({ ...BASE, devLogin: true });
    expect(text).not.toContain('Demo Patient');
  });

  it('lists no user IDs without the development login', () => {
    const text = formatWelcome(BASE);
    expect(text).not.toContain('X-Dev-User');
    expect(text).not.toContain(DEMO_IDS.clinicianUserId);
    expect(text).toContain('  patient    patient    password pw-1');
  });

  it('names the header without demo users', () => {
    const text = formatWelcome({ ...BASE, identity: null, devLogin: true, devUsers: [] });
    expect(text).toContain(
      'Development login is on: API clients may send X-Dev-User with a user ID.',
    );
    expect(text).not.toContain(DEMO_IDS.adminUserId);
    expect(text).not.toContain('Sign in through');
  });

  it('omits the demo patient ID without the demo', () => {
    const text = formatWelcome({ ...BASE, patientId: null });
    expect(text).not.toContain('Demo patient ID');
  });

  it('ends the sign-in line without logins', () => {
    const identity = { issuer: 'http://127.0.0.1:47011', demoLogins: [] };
    const text = formatWelcome({ ...BASE, identity, patientId: null });
    expect(text).toContain(
      'Sign in through the local OpenID provider at http://127.0.0.1:47011.\n',
    );
    expect(formatWelcome(BASE)).toContain('provider at http://127.0.0.1:47011:\n');
  });

  it('prints the first admin login', () => {
    const text = formatWelcome({
      ...BASE,
      identity: { issuer: 'http://127.0.0.1:47011', demoLogins: [] },
      patientId: null,
      firstAdmin: {
        userId: DEMO_IDS.adminUserId,
        login: { username: 'admin', password: 'pw-admin' },
        path: '.data/identity/first-admin.json',
      },
    });
    expect(text).toContain('  admin      admin      password pw-admin');
    expect(text).toContain('.data/identity/first-admin.json, mode 0600');
    expect(text).not.toContain('  patient    patient');
  });

  it('names the first admin ID with another provider', () => {
    const text = formatWelcome({
      ...BASE,
      identity: null,
      patientId: null,
      firstAdmin: { userId: DEMO_IDS.adminUserId, login: null, path: null },
    });
    expect(text).toContain(`created admin user ${DEMO_IDS.adminUserId}`);
    expect(text).not.toContain('password');
  });
});
