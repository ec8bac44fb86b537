/** An in-memory stand-in for Cognito behind the AuthPort, for unit tests of the whole app. */
import { AuthError } from '../errors';
import type { AuthPort, Session } from '../session/auth';

export class FakeAuth extends EventTarget implements AuthPort {
  users = new Map<string, { password: string; confirmed: boolean; code: string }>();
  session: Session | null = null;
  stored: Session | 'expired' | null = null;
  signedOut = 0;

  addUser(email: string, password: string, confirmed = true) {
    this.users.set(email, { password, confirmed, code: '123456' });
  }

  async restore() {
    if (this.stored && this.stored !== 'expired') this.session = this.stored;
    return this.stored;
  }

  async signIn(email: string, password: string): Promise<Session> {
    const user = this.users.get(email.trim().toLowerCase());
    if (!user || user.password !== password) throw new AuthError('NotAuthorizedException', 'Incorrect.');
    if (!user.confirmed) throw new AuthError('UserNotConfirmedException', 'Not confirmed.');
    this.session = { email, accessToken: 'token', expiresAt: Date.now() + 3600_000 };
    return this.session;
  }

  async signUp(email: string, password: string) {
    if (this.users.has(email)) throw new AuthError('UsernameExistsException', 'Exists.');
    this.addUser(email, password, false);
  }

  async confirmSignUp(email: string, code: string) {
    const user = this.users.get(email);
    if (!user || user.code !== code) throw new AuthError('CodeMismatchException', 'Wrong code.');
    user.confirmed = true;
  }

  async resendCode() {}

  async forgotPassword(email: string) {
    if (!this.users.has(email)) throw new AuthError('UserNotFoundException', 'No user.');
  }

  async confirmPassword(email: string, code: string, password: string) {
    const user = this.users.get(email);
    if (!user || user.code !== code) throw new AuthError('CodeMismatchException', 'Wrong code.');
    user.password = password;
  }

  async signOut() {
    this.signedOut++;
    this.session = null;
  }

  globalSignOuts = 0;
  async changePassword(current: string, proposed: string) {
    const user = this.users.get(this.session?.email ?? '');
    if (!user || user.password !== current) throw new AuthError('NotAuthorizedException', 'Incorrect.');
    if (proposed.length < 8)
      throw new AuthError('InvalidPasswordException', 'Password does not conform to policy.');
    user.password = proposed;
  }

  async globalSignOut() {
    this.globalSignOuts++;
    this.session = null;
  }

  expireLocally() {
    this.session = null;
  }
}
