import type { ScreenContext } from '../context';
import { AuthError } from '../errors';
import type { AppState } from '../state';
import { h } from '../ui/dom';
import { type Field, field, formMessage, whileBusy } from '../ui/form';
import { describeError, PASSWORD_RULES, passwordProblems } from '../ui/messages';
import type { Screen } from '../ui/screen';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const EMAIL_DRAFT = 'auth-email';

export function checkEmail(email: Field, value: string): boolean {
  if (!value) email.setError('Enter your email address.');
  else if (!EMAIL.test(value)) email.setError('Enter an email address like name@example.com.');
  else {
    email.setError(null);
    return true;
  }
  return false;
}

/** The pool's password rules, listed under the field and ticked off while typing. */
function passwordRules(): { list: HTMLUListElement; update(password: string): void } {
  const items = PASSWORD_RULES.map((rule) =>
    h('li', { 'data-rule': rule.id, 'data-met': 'false' }, rule.text),
  );
  const list = h('ul', { class: 'password-rules' }, ...items);
  return {
    list,
    update(password) {
      PASSWORD_RULES.forEach((rule, i) => {
        items[i]?.setAttribute('data-met', String(rule.test(password)));
      });
    },
  };
}

/**
 * A password field with a Show toggle beside the input. The toggle is a button named just "Show"
 * (aria-pressed says whether the password is visible), so the only control labelled "Password"
 * is the password itself.
 */
export function passwordField(label: string, autocomplete: string, withRules: boolean) {
  const rules = withRules ? passwordRules() : null;
  const hint = rules ? h('div', {}, h('p', {}, 'Your password needs:'), rules.list) : undefined;
  const password = field({
    label,
    name: 'password',
    type: 'password',
    required: true,
    autocomplete,
    hint,
    // A new password is valid once it meets every rule; a current one once it is not empty.
    ...(withRules ? { valid: (value: string) => passwordProblems(value).length === 0 } : {}),
  });
  const toggle = h(
    'button',
    {
      type: 'button',
      class: 'show-password',
      'aria-pressed': 'false',
      'aria-controls': password.control.id,
    },
    'Show',
  );
  toggle.addEventListener('click', () => {
    const show = password.control.type === 'password';
    password.control.type = show ? 'text' : 'password';
    toggle.setAttribute('aria-pressed', String(show));
  });
  const row = h('div', { class: 'input-with-button' });
  password.control.replaceWith(row);
  row.append(password.control, toggle);
  password.control.addEventListener('input', () => {
    rules?.update(password.control.value);
    // A "still needs" message shown at submit follows the typing, so it never names a rule the
    // list above already ticks (it changes only when a rule is met or lost: no chatter).
    if (rules && password.control.getAttribute('aria-invalid') === 'true') {
      checkNewPassword(password, password.control.value);
    }
  });
  return password;
}

export function checkNewPassword(password: Field, value: string): boolean {
  const missing = passwordProblems(value);
  if (missing.length === 0) {
    password.setError(null);
    return true;
  }
  password.setError(`Your password still needs: ${missing.map((r) => r.text.toLowerCase()).join(', ')}.`);
  return false;
}

export interface AuthLayout {
  root: HTMLElement;
  heading: HTMLHeadingElement;
  notice: HTMLParagraphElement;
  form: HTMLFormElement;
  error: ReturnType<typeof formMessage>;
}

export function layout(
  title: string,
  intro: string,
  submitLabel: string,
  fields: Field[],
  links: Node[],
): AuthLayout {
  const heading = h('h1', { tabindex: -1 }, title);
  const notice = h('p', { class: 'notice', role: 'status', hidden: true });
  const error = formMessage();
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    ...fields.map((f) => f.wrapper),
    error.element,
    h('button', { type: 'submit', class: 'button-primary' }, submitLabel),
  );
  const root = h(
    'section',
    { class: 'auth-card' },
    heading,
    notice,
    h('p', { class: 'lead' }, intro),
    form,
    h('div', { class: 'auth-links' }, ...links),
  );
  return { root, heading, notice, form, error };
}

const submitButton = (form: HTMLFormElement) => form.querySelector<HTMLButtonElement>('button[type=submit]')!;

/**
 * Runs a form's submit: validation first, then `work` with the button busy. A failure is shown
 * next to the field it is about (`fieldFor`), else above the submit button; both are role=alert,
 * so the message is announced when it appears.
 */
export function onSubmit(
  view: AuthLayout,
  busyLabel: string,
  validate: () => boolean,
  work: () => Promise<void>,
  fieldFor: (error: unknown) => Field | null = () => null,
) {
  view.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    view.error.set(null);
    if (!validate()) {
      view.form.querySelector<HTMLElement>('[aria-invalid=true]')?.focus();
      return;
    }
    try {
      await whileBusy(submitButton(view.form), busyLabel, work);
    } catch (error) {
      const target = fieldFor(error);
      if (target) {
        target.setError(describeError(error));
        target.control.focus();
      } else view.error.set(describeError(error));
    }
  });
}

export const isAuthError = (error: unknown, ...codes: string[]) =>
  error instanceof AuthError && codes.includes(error.code);

function showNotice(view: AuthLayout, state: AppState) {
  const notice = state.notice && state.notice.route === state.route.name ? state.notice : null;
  view.notice.textContent = notice?.text ?? '';
  view.notice.hidden = !notice;
  view.notice.classList.toggle('notice-error', notice?.tone === 'error');
}

export function authScreen(view: AuthLayout, title: string): Screen {
  return {
    root: view.root,
    title: () => title,
    update: (state) => showNotice(view, state),
    focusTarget: () => view.heading,
  };
}

export const link = (href: string, text: string) => h('a', { href }, text);

/** The email field of every auth screen; `username` lets password managers pair it with the password. */
export const emailField = (autocomplete: 'username' | 'email' = 'username') =>
  field({
    label: 'Email',
    name: 'email',
    type: 'email',
    required: true,
    autocomplete,
    valid: (value) => EMAIL.test(value.trim()),
  });

export function rememberEmail(ctx: ScreenContext, email: string) {
  ctx.drafts.set(EMAIL_DRAFT, { email });
}

export const rememberedEmail = (ctx: ScreenContext) => ctx.drafts.get(EMAIL_DRAFT)?.email ?? '';
