import type { AppState } from '../state';
import { h, onAction } from './dom';

export interface Shell {
  main: HTMLElement;
  announce(message: string): void;
  update(state: AppState): void;
}

const TOAST_MS = 6000;

/**
 * The page frame: skip link, header with the account and log-out button, the main region, and
 * the ARIA live region that announces status messages (also shown as a brief toast).
 */
export function createShell(root: HTMLElement, handlers: { onSignOut(): Promise<void> }): Shell {
  // The signed-in email leads to the account page.
  const email = h('span', { class: 'account-email' });
  const accountLink = h(
    'a',
    { class: 'account-link', href: '/account' },
    h('span', { class: 'visually-hidden' }, 'Account: '),
    email,
  );
  const signOut = h(
    'button',
    { type: 'button', class: 'button-quiet', 'data-action': 'sign-out' },
    'Log out',
  );
  const account = h('div', { class: 'account', hidden: true }, accountLink, signOut);
  const header = h(
    'header',
    { class: 'topbar' },
    h(
      'a',
      { class: 'brand', href: '/' },
      h('span', { 'aria-hidden': 'true', class: 'brand-mark' }, '✓'),
      'Todos',
    ),
    account,
  );
  const main = h('main', { id: 'main', tabindex: -1 });
  const status = h('div', { class: 'toast', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  root.replaceChildren(
    h('a', { class: 'skip-link', href: '#main' }, 'Skip to main content'),
    header,
    main,
    status,
  );

  onAction(header, 'click', {
    'sign-out': async () => {
      signOut.disabled = true;
      try {
        await handlers.onSignOut();
      } finally {
        signOut.disabled = false;
      }
    },
  });

  let hideTimer: ReturnType<typeof setTimeout> | undefined;
  return {
    main,
    announce(message) {
      clearTimeout(hideTimer);
      // Emptying first makes a repeated message be announced again.
      status.textContent = '';
      status.classList.remove('visible');
      // A timer rather than requestAnimationFrame: frames do not run in a background tab.
      setTimeout(() => {
        status.textContent = message;
        status.classList.add('visible');
        hideTimer = setTimeout(() => status.classList.remove('visible'), TOAST_MS);
      }, 30);
    },
    update(state) {
      account.hidden = !state.user;
      email.textContent = state.user?.email ?? '';
    },
  };
}
