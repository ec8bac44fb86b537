import type { ScreenContext } from '../context';
import type { Route } from '../router';
import { h, onAction } from '../ui/dom';
import { field, whileBusy } from '../ui/form';
import { describeError } from '../ui/messages';
import type { Screen } from '../ui/screen';
import {
  authScreen,
  checkEmail,
  checkNewPassword,
  emailField,
  isAuthError,
  layout,
  link,
  onSubmit,
  passwordField,
  rememberEmail,
  rememberedEmail,
} from './auth-form';

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
      await ctx.session.signIn(address, password.control.value, route.next);
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
      await ctx.session.signUp(address, password.control.value);
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
      // Remembered first: the login screen this leads to fills it in.
      rememberEmail(ctx, address);
      await ctx.session.confirmSignUp(address, code.control.value);
    },
    (error) => (isAuthError(error, 'CodeMismatchException', 'ExpiredCodeException') ? code : null),
  );
  onAction(view.root, 'click', {
    resend: async () => {
      view.error.set(null);
      const address = email.control.value.trim();
      if (!checkEmail(email, address)) return email.control.focus();
      try {
        await whileBusy(resend, 'Sending…', () => ctx.session.resendCode(address));
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
      await ctx.session.forgotPassword(address);
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
      await ctx.session.confirmPassword(address, code.control.value, password.control.value);
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
