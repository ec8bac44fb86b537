import type { ScreenContext } from '../context';
import { h } from '../ui/dom';
import type { Screen } from '../ui/screen';
import { deleteSection, downloadSection, signOutSection } from './account-sections';
import { passwordSection } from './password-section';

/** The account page, reached from the signed-in email in the header. */
export function accountScreen(ctx: ScreenContext): Screen {
  const heading = h('h1', { tabindex: -1 }, 'Account');
  const email = h('strong', {});
  const root = h(
    'div',
    { class: 'account-page stack' },
    h('a', { href: '/', class: 'back-link' }, '← All todos'),
    heading,
    h('p', {}, 'Signed in as ', email),
    passwordSection(ctx),
    signOutSection(ctx),
    downloadSection(ctx),
    deleteSection(ctx),
  );
  return {
    root,
    title: () => 'Account',
    update(state) {
      email.textContent = state.user?.email ?? '';
    },
    focusTarget: () => heading,
  };
}
