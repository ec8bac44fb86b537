import type { CodeNotice, CodePurpose } from '../emulators/cognito-local';

/**
 * The codes cognito-local "sends" (it has no e-mail): each is printed as one line people and
 * scripts can find, and kept so tests can wait for the one they need.
 */
export function codeLine(notice: CodeNotice): string {
  if (notice.purpose === 'sign-up') return `Confirmation code for ${notice.email}: ${notice.code}`;
  if (notice.purpose === 'password-reset') return `Password reset code for ${notice.email}: ${notice.code}`;
  return `Verification code for ${notice.email}: ${notice.code}`;
}

export class CodeInbox {
  readonly codes: CodeNotice[] = [];
  readonly #waiters = new Set<() => void>();

  receive(notice: CodeNotice): void {
    this.codes.push(notice);
    for (const wake of this.#waiters) wake();
  }

  /** The latest code sent to `email` for `purpose`, waiting up to `timeoutMs` for one to arrive. */
  waitFor(email: string, purpose: CodePurpose = 'sign-up', timeoutMs = 10_000): Promise<string> {
    const find = () => this.codes.filter((c) => c.email === email && c.purpose === purpose).at(-1)?.code;
    return new Promise((resolve, reject) => {
      const found = find();
      if (found) return resolve(found);
      const check = () => {
        const code = find();
        if (!code) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(code);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`no ${purpose} code for ${email} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.add(check);
    });
  }
}
