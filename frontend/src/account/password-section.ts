import type { ScreenContext } from '../context';
import { AuthError } from '../errors';
import { checkNewPassword, passwordField } from '../session/auth-form';
import { h } from '../ui/dom';
import { formMessage, whileBusy } from '../ui/form';
import { describeError } from '../ui/messages';

/** Change password: the current one, a new one with the pool's rules listed before submitting. */
export function passwordSection(ctx: ScreenContext): HTMLElement {
  const current = passwordField('Current password', 'current-password', false);
  const proposed = passwordField('New password', 'new-password', true);
  const error = formMessage();
  const done = h('p', { class: 'notice', role: 'status' });
  const submit = h('button', { type: 'submit', class: 'button-primary' }, 'Change password');
  const form = h(
    'form',
    { class: 'stack', novalidate: true, 'aria-labelledby': 'account-password' },
    current.wrapper,
    proposed.wrapper,
    error.element,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.set(null);
    done.textContent = '';
    const hasCurrent = current.control.value !== '';
    current.setError(hasCurrent ? null : 'Enter your current password.');
    const strong = checkNewPassword(proposed, proposed.control.value);
    if (!hasCurrent || !strong) {
      (hasCurrent ? proposed : current).control.focus();
      return;
    }
    try {
      await whileBusy(submit, 'Changing…', () =>
        ctx.account.changePassword(current.control.value, proposed.control.value),
      );
      form.reset();
      done.textContent = 'Your password has been changed. Use the new one next time you log in.';
    } catch (failure) {
      if (failure instanceof AuthError && failure.code === 'NotAuthorizedException') {
        current.setError('Your current password is not right.');
        current.control.focus();
      } else if (failure instanceof AuthError && failure.code === 'InvalidPasswordException') {
        proposed.setError(describeError(failure));
        proposed.control.focus();
      } else {
        error.set(describeError(failure));
      }
    }
  });
  return h(
    'section',
    { class: 'account-section' },
    h('h2', { id: 'account-password' }, 'Change password'),
    form,
    done,
  );
}
