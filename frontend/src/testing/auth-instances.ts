import { afterEach, vi } from 'vitest';
import type { AppConfig } from '../config';
import { Auth, type AuthOptions } from '../session/auth';
import { config as fakeConfig } from './fake-cognito';

/**
 * Auth instances for one test file, each disposed after its test (its refresh timer stopped) and
 * the stubbed fetch undone. `signedIn` signs alice in against whatever Cognito stand-in is set up.
 */
export function authInstances(config: AppConfig = fakeConfig) {
  const created: Auth[] = [];
  afterEach(() => {
    for (const auth of created.splice(0)) auth.dispose();
    vi.unstubAllGlobals();
  });
  const make = (options: AuthOptions = {}) => {
    const auth = new Auth(config, options);
    created.push(auth);
    return auth;
  };
  const signedIn = async (options: AuthOptions = {}) => {
    const auth = make(options);
    await auth.signIn('alice@example.com', 'Secret123');
    return auth;
  };
  return { make, signedIn };
}
