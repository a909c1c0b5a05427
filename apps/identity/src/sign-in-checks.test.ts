import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCKOUT_THRESHOLD, SignInChecks } from './sign-in-checks.ts';
import { UserStore } from './user-store.ts';

const USER_ID = '00000000-0000-4000-8000-00000000a001';
let dir: string;
let checks: SignInChecks;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'phoenix-sign-in-checks-'));
  const { store } = await UserStore.open(join(dir, 'users.json'), join(dir, 'demo.json'), [
    { id: USER_ID, username: 'nurse', displayName: 'Nurse', role: 'patient', password: 'right' },
  ]);
  checks = new SignInChecks(store, () => Date.UTC(2026, 0, 1));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SignInChecks failures', () => {
  it('name the account for the log', async () => {
    expect(await checks.checkPassword('nurse', 'wrong')).toEqual({
      status: 'invalid',
      userId: USER_ID,
    });
  });

  it('name the locked account', async () => {
    for (let attempt = 1; attempt < LOCKOUT_THRESHOLD; attempt += 1) {
      await checks.checkPassword('nurse', 'wrong');
    }
    expect(await checks.checkPassword('nurse', 'right')).toMatchObject({
      status: 'locked',
      userId: USER_ID,
    });
  });

  it('name no account for an unknown user name', async () => {
    expect(await checks.checkPassword('nobody', 'wrong')).toEqual({ status: 'invalid' });
  });
});
