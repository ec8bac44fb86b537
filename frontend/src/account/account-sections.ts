import type { ScreenContext } from '../context';
import { h } from '../ui/dom';
import { field, formMessage, whileBusy } from '../ui/form';
import { describeError } from '../ui/messages';

const section = (id: string, title: string, ...children: Node[]) =>
  h('section', { class: 'account-section', 'aria-labelledby': id }, h('h2', { id }, title), ...children);

/** Sign out on every device: Cognito revokes every session's refresh token. */
export function signOutSection(ctx: ScreenContext): HTMLElement {
  const error = formMessage();
  const button = h('button', { type: 'button', class: 'button-secondary' }, 'Sign out on every device');
  button.addEventListener('click', async () => {
    error.set(null);
    try {
      await whileBusy(button, 'Signing out…', () => ctx.account.signOutEverywhere());
    } catch (failure) {
      error.set(describeError(failure));
    }
  });
  return section(
    'account-sign-out',
    'Sign out everywhere',
    h('p', {}, 'Ends your session here and on every other device and browser.'),
    error.element,
    button,
  );
}

/** Download my data: a zip of todos.json and every attachment, with progress. */
export function downloadSection(ctx: ScreenContext): HTMLElement {
  const error = formMessage();
  const status = h('p', { class: 'notice', role: 'status' });
  const bar = h('progress', { max: 1, value: 0, hidden: true, 'aria-label': 'Export progress' });
  const button = h('button', { type: 'button', class: 'button-secondary' }, 'Download my data');
  button.addEventListener('click', async () => {
    error.set(null);
    status.textContent = 'Collecting your todos…';
    try {
      const result = await whileBusy(button, 'Preparing…', () =>
        ctx.account.downloadData(({ done, total }) => {
          bar.hidden = total === 0;
          bar.max = Math.max(total, 1);
          bar.value = done;
          status.textContent = `${done} of ${total} files`;
        }),
      );
      const files = result.files === 1 ? '1 attachment' : `${result.files} attachments`;
      status.textContent = `Saved ${result.fileName} (your todos and ${files}).`;
    } catch (failure) {
      status.textContent = '';
      error.set(failure instanceof Error ? failure.message : describeError(failure));
    } finally {
      bar.hidden = true;
    }
  });
  return section(
    'account-download',
    'Download my data',
    h('p', {}, 'A zip file with all your todos (todos.json) and every attachment.'),
    bar,
    status,
    error.element,
    button,
  );
}

/** Delete my account: typed confirmation (DELETE or the email), then every batch until done. */
export function deleteSection(ctx: ScreenContext): HTMLElement {
  const confirm = field({ label: 'Type DELETE to confirm', name: 'confirm-delete', autocomplete: 'off' });
  const error = formMessage();
  const button = h('button', { type: 'submit', class: 'button-danger' }, 'Delete my account');
  const form = h('form', { class: 'stack', novalidate: true }, confirm.wrapper, error.element, button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.set(null);
    const typed = confirm.control.value.trim();
    const email = ctx.store.state.user?.email ?? '';
    if (typed !== 'DELETE' && typed.toLowerCase() !== email.toLowerCase()) {
      confirm.setError('Type DELETE (or your email) to confirm.');
      confirm.control.focus();
      return;
    }
    confirm.setError(null);
    try {
      await whileBusy(button, 'Deleting…', () => ctx.account.deleteAccount());
    } catch (failure) {
      error.set(failure instanceof Error ? failure.message : describeError(failure));
    }
  });
  return section(
    'account-delete',
    'Delete my account',
    h(
      'p',
      {},
      'Deletes every todo, note and attachment, then your account. This cannot be undone; download your data first if you want to keep it.',
    ),
    form,
  );
}
