import { type Field, field, formMessage, h, onAction, whileBusy } from '../dom';
import { AuthError } from '../errors';
import { describeError, PASSWORD_RULES, passwordProblems } from '../messages';
import { pathFor, type Route } from '../router';
import type { AppState } from '../state';
import type { Screen, ScreenContext } from './screen';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const EMAIL_DRAFT = 'auth-email';

function checkEmail(email: Field, value: string): boolean {
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
function passwordField(label: string, autocomplete: string, withRules: boolean) {
  const rules = withRules ? passwordRules() : null;
  const hint = rules ? h('div', {}, h('p', {}, 'Your password needs:'), rules.list) : undefined;
  const password = field({ label, name: 'password', type: 'password', required: true, autocomplete, hint });
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
  password.control.addEventListener('input', () => rules?.update(password.control.value));
  return password;
}

function checkNewPassword(password: Field, value: string): boolean {
  const missing = passwordProblems(value);
  if (missing.length === 0) {
    password.setError(null);
    return true;
  }
  password.setError(`Your password still needs: ${missing.map((r) => r.text.toLowerCase()).join(', ')}.`);
  return false;
}

interface AuthLayout {
  root: HTMLElement;
  heading: HTMLHeadingElement;
  notice: HTMLParagraphElement;
  form: HTMLFormElement;
  error: ReturnType<typeof formMessage>;
}

function layout(
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
function onSubmit(
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

const isAuthError = (error: unknown, ...codes: string[]) =>
  error instanceof AuthError && codes.includes(error.code);

function showNotice(view: AuthLayout, state: AppState) {
  const notice = state.notice && state.notice.route === state.route.name ? state.notice : null;
  view.notice.textContent = notice?.text ?? '';
  view.notice.hidden = !notice;
  view.notice.classList.toggle('notice-error', notice?.tone === 'error');
}

function authScreen(view: AuthLayout, title: string): Screen {
  return {
    root: view.root,
    title: () => title,
    update: (state) => showNotice(view, state),
    focusTarget: () => view.heading,
  };
}

const link = (href: string, text: string) => h('a', { href }, text);

/** The email field of every auth screen; `username` lets password managers pair it with the password. */
const emailField = (autocomplete: 'username' | 'email' = 'username') =>
  field({ label: 'Email', name: 'email', type: 'email', required: true, autocomplete });

function rememberEmail(ctx: ScreenContext, email: string) {
  ctx.drafts.set(EMAIL_DRAFT, { email });
}

const rememberedEmail = (ctx: ScreenContext) => ctx.drafts.get(EMAIL_DRAFT)?.email ?? '';

export function loginScreen(ctx: ScreenContext, route: Extract<Route, { name: 'login' }>): Screen {
  const email = emailField();
  const password = passwordField('Password', 'current-password', false);
  email.control.value = rememberedEmail(ctx);
  const view = layout(
    'Log in',
    'Welcome back. Log in to see your todos.',
    'Log in',
    [email, password],
    [
      link('/forgot-password', 'Forgot your password?'),
      h('span', {}, 'No account yet? ', link('/register', 'Register')),
    ],
  );
  onSubmit(
    view,
    'Logging in…',
    () => {
      const okEmail = checkEmail(email, email.control.value.trim());
      password.setError(password.control.value ? null : 'Enter your password.');
      return okEmail && !!password.control.value;
    },
    async () => {
      const address = email.control.value.trim();
      rememberEmail(ctx, address);
      try {
        const session = await ctx.auth.signIn(address, password.control.value);
        ctx.actions.signedIn(session, route.next);
      } catch (error) {
        if (error instanceof AuthError && error.code === 'UserNotConfirmedException') {
          ctx.actions.setNotice('Confirm your email first: enter the code we emailed you.', 'confirm');
          ctx.router.navigate(pathFor({ name: 'confirm', email: address }));
          return;
        }
        throw error;
      }
    },
  );
  return authScreen(view, 'Log in');
}

export function registerScreen(ctx: ScreenContext): Screen {
  const email = emailField('email');
  const password = passwordField('Password', 'new-password', true);
  const view = layout(
    'Register',
    'Register with your email address. We will email you a code to confirm it.',
    'Register',
    [email, password],
    [h('span', {}, 'Already have an account? ', link('/login', 'Log in'))],
  );
  onSubmit(
    view,
    'Registering…',
    () => {
      const okEmail = checkEmail(email, email.control.value.trim());
      return checkNewPassword(password, password.control.value) && okEmail;
    },
    async () => {
      const address = email.control.value.trim();
      rememberEmail(ctx, address);
      await ctx.auth.signUp(address, password.control.value);
      ctx.actions.setNotice(`We emailed a confirmation code to ${address}. Enter it below.`, 'confirm');
      ctx.router.navigate(pathFor({ name: 'confirm', email: address }));
    },
    (error) =>
      isAuthError(error, 'UsernameExistsException')
        ? email
        : isAuthError(error, 'InvalidPasswordException')
          ? password
          : null,
  );
  return authScreen(view, 'Register');
}

export function confirmScreen(ctx: ScreenContext, route: Extract<Route, { name: 'confirm' }>): Screen {
  const email = emailField();
  const code = field({
    label: 'Confirmation code',
    name: 'code',
    required: true,
    autocomplete: 'one-time-code',
    inputmode: 'numeric',
    hint: 'The code is in the email we sent you.',
  });
  email.control.value = route.email || rememberedEmail(ctx);
  const resend = h(
    'button',
    { type: 'button', class: 'button-link', 'data-action': 'resend' },
    'Send a new code',
  );
  const view = layout(
    'Confirm your email',
    'Enter the code we emailed you.',
    'Confirm',
    [email, code],
    [resend, link('/login', 'Back to log in')],
  );
  onSubmit(
    view,
    'Confirming…',
    () => {
      const okEmail = checkEmail(email, email.control.value.trim());
      code.setError(code.control.value.trim() ? null : 'Enter the code from the email.');
      return okEmail && !!code.control.value.trim();
    },
    async () => {
      const address = email.control.value.trim();
      await ctx.auth.confirmSignUp(address, code.control.value);
      rememberEmail(ctx, address);
      ctx.actions.setNotice('Your email is confirmed. Log in to get started.', 'login');
      ctx.router.navigate('/login');
    },
    (error) => (isAuthError(error, 'CodeMismatchException', 'ExpiredCodeException') ? code : null),
  );
  onAction(view.root, 'click', {
    resend: async () => {
      view.error.set(null);
      const address = email.control.value.trim();
      if (!checkEmail(email, address)) return email.control.focus();
      try {
        await whileBusy(resend, 'Sending…', () => ctx.auth.resendCode(address));
        ctx.announce(`We sent a new code to ${address}.`);
      } catch (error) {
        view.error.set(describeError(error));
      }
    },
  });
  return authScreen(view, 'Confirm your email');
}

export function forgotScreen(ctx: ScreenContext): Screen {
  const email = emailField();
  email.control.value = rememberedEmail(ctx);
  const view = layout(
    'Reset your password',
    'Enter your account email and we will send you a code to set a new password.',
    'Send reset code',
    [email],
    [link('/login', 'Back to log in')],
  );
  onSubmit(
    view,
    'Sending…',
    () => checkEmail(email, email.control.value.trim()),
    async () => {
      const address = email.control.value.trim();
      rememberEmail(ctx, address);
      await ctx.auth.forgotPassword(address);
      ctx.actions.setNotice(`We emailed a reset code to ${address}.`, 'reset');
      ctx.router.navigate(pathFor({ name: 'reset', email: address }));
    },
    (error) => (isAuthError(error, 'UserNotFoundException') ? email : null),
  );
  return authScreen(view, 'Reset your password');
}

export function resetScreen(ctx: ScreenContext, route: Extract<Route, { name: 'reset' }>): Screen {
  const email = emailField();
  const code = field({
    label: 'Reset code',
    name: 'code',
    required: true,
    autocomplete: 'one-time-code',
    inputmode: 'numeric',
  });
  const password = passwordField('New password', 'new-password', true);
  email.control.value = route.email || rememberedEmail(ctx);
  const view = layout(
    'Set a new password',
    'Enter the code we emailed you and choose a new password.',
    'Set new password',
    [email, code, password],
    [link('/forgot-password', 'Send another code'), link('/login', 'Back to log in')],
  );
  onSubmit(
    view,
    'Saving…',
    () => {
      const okEmail = checkEmail(email, email.control.value.trim());
      code.setError(code.control.value.trim() ? null : 'Enter the code from the email.');
      const okPassword = checkNewPassword(password, password.control.value);
      return okEmail && !!code.control.value.trim() && okPassword;
    },
    async () => {
      const address = email.control.value.trim();
      await ctx.auth.confirmPassword(address, code.control.value, password.control.value);
      ctx.actions.setNotice('Your password has been changed. Log in with the new one.', 'login');
      ctx.router.navigate('/login');
    },
    (error) =>
      isAuthError(error, 'CodeMismatchException', 'ExpiredCodeException')
        ? code
        : isAuthError(error, 'InvalidPasswordException')
          ? password
          : null,
  );
  return authScreen(view, 'Set a new password');
}
