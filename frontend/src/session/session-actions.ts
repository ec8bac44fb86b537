import { AuthError } from '../errors';
import { pathFor, type RouteName, type Router } from '../router';
import type { AppStore } from '../state';
import type { Drafts } from '../ui/drafts';
import { describeError } from '../ui/messages';
import type { AuthPort } from './auth';

export interface SessionDeps {
  store: AppStore;
  auth: AuthPort;
  router: Router;
  drafts: Drafts;
  announce: (message: string) => void;
}

const EXPIRED = 'Your session has expired. Please log in again.';

/** How long signing out waits for work features hand over (`session:ending`). */
export const SIGN_OUT_WAIT_MS = 3_000;
/**
 * Everything about who is signed in: the auth flows the screens run (each ends by leaving a notice
 * for the next screen and going there), restoring a session at start, and its two ends. Signing
 * out and expiry are announced as `session:ended`, for the other features to drop what they hold;
 * any feature's call that meets a dead session reports `session:expired`, which ends up here.
 */
export class SessionActions {
  readonly #d: SessionDeps;
  /** A sign-out is on its way: calls failing meanwhile are not an expiry. */
  #leaving = false;
  readonly #stops: (() => void)[] = [];

  constructor(deps: SessionDeps) {
    this.#d = deps;
    const onExpired = () => this.expire();
    deps.auth.addEventListener('expired', onExpired);
    this.#stops.push(
      () => deps.auth.removeEventListener('expired', onExpired),
      deps.store.on('session:expired', onExpired),
      deps.store.on('account:closed', ({ message }) => this.#closed(message)),
    );
  }

  stop() {
    for (const stop of this.#stops) stop();
  }

  /** Picks up the session kept from an earlier visit (or says why there is none). */
  async restore(): Promise<void> {
    try {
      const restored = await this.#d.auth.restore();
      if (restored === 'expired') this.setNotice(EXPIRED, 'login', 'error');
      else if (restored) this.#d.store.update((s) => ({ ...s, user: { email: restored.email } }));
    } catch (error) {
      // Offline at start: show the login screen with the reason rather than nothing.
      this.setNotice(describeError(error), 'login', 'error');
    }
  }

  /** Shows `text` on the screen the next navigation lands on. */
  setNotice(text: string, route: RouteName, tone: 'info' | 'error' = 'info') {
    this.#d.store.update((s) => ({ ...s, notice: { text, tone, route } }));
  }

  /** Logs in and goes to `next` (or the list); an unconfirmed account goes to confirm its email. */
  async signIn(email: string, password: string, next: string | null): Promise<void> {
    try {
      const session = await this.#d.auth.signIn(email, password);
      this.#d.store.update((s) => ({ ...s, user: { email: session.email }, notice: null }));
      this.#d.router.navigate(next ?? '/', { replace: true, force: true });
    } catch (error) {
      if (error instanceof AuthError && error.code === 'UserNotConfirmedException') {
        this.setNotice('Confirm your email first: enter the code we emailed you.', 'confirm');
        this.#d.router.navigate(pathFor({ name: 'confirm', email }));
        return;
      }
      throw error;
    }
  }

  async signUp(email: string, password: string): Promise<void> {
    await this.#d.auth.signUp(email, password);
    this.setNotice(`We emailed a confirmation code to ${email}. Enter it below.`, 'confirm');
    this.#d.router.navigate(pathFor({ name: 'confirm', email }));
  }

  async confirmSignUp(email: string, code: string): Promise<void> {
    await this.#d.auth.confirmSignUp(email, code);
    this.setNotice('Your email is confirmed. Log in to get started.', 'login');
    this.#d.router.navigate('/login');
  }

  async resendCode(email: string): Promise<void> {
    await this.#d.auth.resendCode(email);
    this.#d.announce(`We sent a new code to ${email}.`);
  }

  async forgotPassword(email: string): Promise<void> {
    await this.#d.auth.forgotPassword(email);
    this.setNotice(`We emailed a reset code to ${email}.`, 'reset');
    this.#d.router.navigate(pathFor({ name: 'reset', email }));
  }

  async confirmPassword(email: string, code: string, password: string): Promise<void> {
    await this.#d.auth.confirmPassword(email, code, password);
    this.setNotice('Your password has been changed. Log in with the new one.', 'login');
    this.#d.router.navigate('/login');
  }

  /** The session died: back to the login screen with a message, remembering where the user was. */
  expire() {
    if (!this.#d.store.state.user || this.#leaving) return;
    const next = this.#d.router.url;
    this.#d.store.emit('session:ended', { reason: 'expired' });
    this.#d.auth.expireLocally();
    this.#d.store.update((s) => ({
      ...s,
      user: null,
      notice: { text: EXPIRED, tone: 'error', route: 'login' },
    }));
    this.#d.router.navigate(pathFor({ name: 'login', next }), { replace: true, force: true });
  }

  /**
   * Another tab logged out (the tokens they shared are gone): this tab leaves the session too,
   * without asking about unsaved text, which is dropped like on any sign-out.
   */
  endedElsewhere() {
    const email = this.#d.store.state.user?.email;
    if (!email) return;
    this.#d.store.emit('session:ended', { reason: 'signed-out-elsewhere' });
    this.#d.auth.expireLocally();
    this.#d.store.update((s) => ({
      ...s,
      user: null,
      notice: { text: 'You logged out in another tab.', tone: 'info', route: 'login' },
    }));
    this.#d.router.navigate('/login', { force: true });
    this.#forgetDrafts(email);
  }

  /** The account ended the session itself (signed out everywhere, or deleted): leave, saying so. */
  #closed(message: string) {
    const email = this.#d.store.state.user?.email;
    if (!email) return;
    // As a sign-out: the other tabs of this browser are told (tabs.ts).
    this.#d.store.emit('session:ended', { reason: 'signed-out' });
    this.#d.auth.expireLocally();
    this.#d.store.update((s) => ({
      ...s,
      user: null,
      notice: { text: message, tone: 'info', route: 'login' },
    }));
    this.#d.router.navigate('/login', { force: true });
    this.#forgetDrafts(email);
  }

  #forgetDrafts(email: string) {
    const { drafts } = this.#d;
    drafts.owner = email;
    drafts.clearAll();
    drafts.owner = '';
  }

  /** Lets features send what must still reach the server (a pending delete), for a few seconds at most. */
  async #finishPendingWork() {
    const work: Promise<unknown>[] = [];
    this.#d.store.emit('session:ending', { waitUntil: (promise) => work.push(promise) });
    if (work.length === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise((resolve) => {
      timer = setTimeout(resolve, SIGN_OUT_WAIT_MS);
    });
    await Promise.race([Promise.allSettled(work), deadline]);
    clearTimeout(timer);
  }

  /** Logs out: the session, what every feature holds, and this user's unsaved text all go. */
  async signOut(): Promise<void> {
    const email = this.#d.store.state.user?.email;
    // Leaving goes through the unsaved-changes guard; staying cancels the sign-out.
    if (!email || !this.#d.router.canLeave()) return;
    this.#leaving = true;
    try {
      await this.#finishPendingWork();
      this.#d.store.emit('session:ended', { reason: 'signed-out' });
      await this.#d.auth.signOut();
    } finally {
      this.#leaving = false;
    }
    this.#d.store.update((s) => ({
      ...s,
      user: null,
      notice: { text: 'You have logged out.', tone: 'info', route: 'login' },
    }));
    this.#d.router.navigate('/login', { force: true });
    this.#forgetDrafts(email);
  }
}
