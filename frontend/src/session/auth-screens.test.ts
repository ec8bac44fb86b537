import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthError } from '../errors';
import {
  accessibleName,
  announced,
  click,
  getAllByLabelLike,
  getAllByRole,
  getByLabel,
  getByRole,
  queryByRole,
  settle,
  submit,
  type,
} from '../testing/dom-helpers';
import { currentPath, renderApp } from '../testing/render-app';

const form = () => document.querySelector('main form') as HTMLFormElement;

afterEach(() => sessionStorage.clear());

describe('accounts', () => {
  it('sends a signed-out visitor to log in, keeps the page they wanted and returns there after login', async () => {
    await renderApp({ path: '/todos/T000001', signedIn: false });
    expect(currentPath()).toBe('/login?next=%2Ftodos%2FT000001');
    expect(getByRole('heading', 'Log in')).toBeTruthy();

    type(getByLabel('Email'), 'alice@example.com');
    type(getByLabel('Password'), 'Secret123');
    submit(form());
    await settle();
    expect(currentPath()).toBe('/todos/T000001');
    expect(document.querySelector('.account-email')?.textContent).toBe('alice@example.com');
  });

  it('says when the email or password is wrong and keeps what was typed', async () => {
    await renderApp({ path: '/login', signedIn: false });
    type(getByLabel('Email'), 'alice@example.com');
    type(getByLabel('Password'), 'wrong');
    submit(form());
    await settle();
    const alert = getByRole('alert');
    expect(alert.textContent).toBe('Incorrect email or password.');
    // In the form, just above the Log in button, and announced (role=alert) when it appears.
    expect(form().contains(alert)).toBe(true);
    expect(alert.nextElementSibling).toBe(getByRole('button', 'Log in'));
    expect(getByLabel('Email').value).toBe('alice@example.com');
    expect(currentPath()).toBe('/login');

    // A second failure with the same message is announced again (hidden, then shown).
    submit(form());
    expect(alert.hidden).toBe(true);
    await settle();
    expect(alert.hidden).toBe(false);
  });

  it('checks the fields before sending anything', async () => {
    await renderApp({ path: '/login', signedIn: false });
    type(getByLabel('Email'), 'not-an-email');
    submit(form());
    await settle();
    const email = getByLabel('Email');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(email.getAttribute('aria-describedby') ?? '')?.textContent).toMatch(
      /like name@example.com/,
    );
    expect(document.activeElement).toBe(email);
  });

  it('shows the password rules before submitting, ticks them off while typing and refuses a weak password', async () => {
    const { auth } = await renderApp({ path: '/register', signedIn: false });
    const password = getByLabel('Password');
    const rules = [...document.querySelectorAll('.password-rules li')];
    expect(rules.map((r) => r.textContent)).toEqual([
      'At least 8 characters',
      'A lower-case letter',
      'An upper-case letter',
      'A digit',
    ]);
    expect(password.getAttribute('aria-describedby')).toContain(rules[0]?.closest('.hint')?.id);

    type(getByLabel('Email'), 'bob@example.com');
    type(password, 'weakpass');
    expect(rules.map((r) => r.getAttribute('data-met'))).toEqual(['true', 'true', 'false', 'false']);
    submit(form());
    await settle();
    expect(password.getAttribute('aria-invalid')).toBe('true');
    // Next to the field (its description) and announced: the message is a role=alert.
    const error = getByRole('alert');
    expect(error.textContent).toBe('Your password still needs: an upper-case letter, a digit.');
    expect(password.getAttribute('aria-describedby')?.split(' ')).toContain(error.id);
    expect(error.closest('.field')).toBe(password.closest('.field'));
    expect(auth.users.has('bob@example.com')).toBe(false);
    type(password, 'Weakpass');
    expect(getByRole('alert').textContent).toBe('Your password still needs: a digit.');
    type(password, 'Weakpass1');
    expect(password.getAttribute('aria-invalid')).toBeNull();
    expect(document.body.textContent).not.toContain('still needs');
  });

  it('says next to the email field when the email is already registered', async () => {
    const { auth } = await renderApp({ path: '/register', signedIn: false });
    type(getByLabel('Email'), 'alice@example.com');
    type(getByLabel('Password'), 'Strong123');
    click(getByRole('button', 'Register'));
    await settle();
    const email = getByLabel('Email');
    const error = getByRole('alert');
    expect(error.textContent).toBe('An account with this email already exists. Log in instead.');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(email.getAttribute('aria-describedby')).toBe(error.id);
    expect(document.activeElement).toBe(email);
    expect(auth.users.get('alice@example.com')?.confirmed).toBe(true);
    expect(currentPath()).toBe('/register');
  });

  it('says next to the password field when the pool refuses the password', async () => {
    const { auth } = await renderApp({ path: '/register', signedIn: false });
    vi.spyOn(auth, 'signUp').mockRejectedValueOnce(
      new AuthError('InvalidPasswordException', 'Password not long enough.'),
    );
    type(getByLabel('Email'), 'dan@example.com');
    type(getByLabel('Password'), 'Strong123');
    submit(form());
    await settle();
    const password = getByLabel('Password');
    const error = getByRole('alert');
    expect(error.textContent).toBe('That password does not meet the rules. Password not long enough.');
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(password.getAttribute('aria-describedby')?.split(' ')).toContain(error.id);
  });

  it('registers, confirms with the emailed code, then logs in', async () => {
    const { auth } = await renderApp({ path: '/login', signedIn: false });
    expect(document.querySelector('.auth-links')?.textContent).toContain('No account yet? Register');
    click(getByRole('link', 'Register'));
    await settle();
    expect(currentPath()).toBe('/register');
    expect(getByRole('heading', 'Register')).toBe(document.activeElement);
    expect(document.title).toMatch(/^Register/);
    type(getByLabel('Email'), 'bob@example.com');
    type(getByLabel('Password'), 'Strong123');
    click(getByRole('button', 'Register'));
    await settle();
    expect(currentPath()).toBe('/confirm?email=bob%40example.com');
    expect(getByRole('status', /We emailed a confirmation code to bob@example.com/)).toBeTruthy();

    type(getByLabel('Confirmation code'), '000000');
    click(getByRole('button', 'Confirm'));
    await settle();
    expect(getByRole('alert').textContent).toMatch(/code is not right/);
    expect(getByLabel('Confirmation code').getAttribute('aria-invalid')).toBe('true');

    type(getByLabel('Confirmation code'), '123456');
    submit(form());
    await settle();
    expect(auth.users.get('bob@example.com')?.confirmed).toBe(true);
    expect(currentPath()).toBe('/login');
    expect(getByRole('status', /Your email is confirmed/)).toBeTruthy();
    expect(getByLabel('Email').value).toBe('bob@example.com');

    type(getByLabel('Password'), 'Strong123');
    click(getByRole('button', 'Log in'));
    await settle();
    expect(currentPath()).toBe('/');
    expect(getByRole('heading', 'Your todos')).toBeTruthy();
  });

  it('sends an unconfirmed user who logs in to the confirmation screen', async () => {
    const { auth } = await renderApp({ path: '/login', signedIn: false });
    auth.addUser('carol@example.com', 'Strong123', false);
    type(getByLabel('Email'), 'carol@example.com');
    type(getByLabel('Password'), 'Strong123');
    submit(form());
    await settle();
    expect(currentPath()).toBe('/confirm?email=carol%40example.com');
    expect(getByRole('status', /Confirm your email first/)).toBeTruthy();
  });

  it('resets a forgotten password with the emailed code', async () => {
    const { auth } = await renderApp({ path: '/login', signedIn: false });
    click(getByRole('link', 'Forgot your password?'));
    await settle();
    expect(currentPath()).toBe('/forgot-password');
    type(getByLabel('Email'), 'alice@example.com');
    submit(form());
    await settle();
    expect(currentPath()).toBe('/reset-password?email=alice%40example.com');

    type(getByLabel('Reset code'), '123456');
    type(getByLabel('New password'), 'Another123');
    submit(form());
    await settle();
    expect(auth.users.get('alice@example.com')?.password).toBe('Another123');
    expect(currentPath()).toBe('/login');
    expect(getByRole('status', /password has been changed/)).toBeTruthy();
  });

  it('keeps the session across a reload, so a signed-in user skips the login screen', async () => {
    await renderApp({ path: '/login' });
    expect(currentPath()).toBe('/');
    expect(queryByRole('heading', 'Log in')).toBeNull();
  });

  it('explains an expired session on the login screen', async () => {
    await renderApp({ path: '/', stored: 'expired' });
    expect(currentPath()).toBe('/login');
    expect(getByRole('status', 'Your session has expired. Please log in again.')).toBeTruthy();
  });

  it('logs out and returns to the login screen', async () => {
    const { auth } = await renderApp({ path: '/' });
    click(getByRole('button', 'Log out'));
    await settle();
    expect(auth.signedOut).toBe(1);
    expect(currentPath()).toBe('/login');
    expect(document.querySelector<HTMLElement>('.account')?.hidden).toBe(true);
    expect(getByRole('status', 'You have logged out.')).toBeTruthy();
  });
});

/** Every label on the screen, as text, and the controls they name. */
const labels = () => [...document.querySelectorAll('main label')].map((l) => l.textContent);

describe('labels, as a browser test finds them', () => {
  const screens: [string, string[]][] = [
    ['/login', ['Email', 'Password']],
    ['/register', ['Email', 'Password']],
    ['/confirm', ['Email', 'Confirmation code']],
    ['/forgot-password', ['Email']],
    ['/reset-password', ['Email', 'Reset code', 'New password']],
  ];

  it.each(screens)(
    '%s: each label is exactly the field name, the required marker beside it',
    async (path, names) => {
      await renderApp({ path, signedIn: false });
      expect(labels()).toEqual(names);
      for (const name of names) {
        const control = getByLabel(name);
        expect(accessibleName(control)).toBe(name);
        expect(control.hasAttribute('required')).toBe(true);
        expect(control.getAttribute('aria-required')).toBe('true');
        const marker = control.closest('.field')?.querySelector('.required');
        expect(marker?.textContent).toBe('*');
        expect(marker?.getAttribute('aria-hidden')).toBe('true');
        expect(marker?.closest('label')).toBeNull();
        // Exactly one control for getByLabel(name, {exact: true}) and for getByLabel(name).
        expect(getAllByLabelLike(name).filter((el) => accessibleName(el) === name)).toEqual([control]);
      }
    },
  );

  it.each(['/login', '/register'])(
    '%s: exactly one control is labelled "Password" or "Email"',
    async (path) => {
      await renderApp({ path, signedIn: false });
      expect(getAllByLabelLike('Password')).toEqual([getByLabel('Password')]);
      expect(getAllByLabelLike('Email')).toEqual([getByLabel('Email')]);
      expect(getAllByRole('checkbox')).toEqual([]);
    },
  );

  it('on the reset screen exactly one control is labelled "New password"', async () => {
    await renderApp({ path: '/reset-password', signedIn: false });
    expect(getAllByLabelLike('New password')).toEqual([getByLabel('New password')]);
    expect(getAllByLabelLike('password')).toEqual([getByLabel('New password')]);
  });

  it('shows and hides the password with a Show toggle button beside it', async () => {
    await renderApp({ path: '/login', signedIn: false });
    const password = getByLabel('Password');
    const toggle = getByRole('button', 'Show');
    expect(toggle.getAttribute('type')).toBe('button');
    expect(toggle.getAttribute('aria-controls')).toBe(password.id);
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    expect(password.type).toBe('password');
    click(toggle);
    expect(password.type).toBe('text');
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    click(toggle);
    expect(password.type).toBe('password');
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
  });

  it('names the auth screens and buttons as the design does', async () => {
    await renderApp({ path: '/login', signedIn: false });
    expect(getByRole('heading', 'Log in')).toBeTruthy();
    expect(getByRole('button', 'Log in')).toBeTruthy();
    expect(getAllByRole('link', /register/i).map(accessibleName)).toEqual(['Register']);
    await renderApp({ path: '/register', signedIn: false });
    expect(getByRole('heading', 'Register')).toBeTruthy();
    expect(getAllByRole('button', /register/i).map(accessibleName)).toEqual(['Register']);
    await renderApp({ path: '/confirm', signedIn: false });
    expect(getByRole('button', 'Confirm')).toBeTruthy();
    await renderApp({ path: '/' });
    expect(getByRole('button', 'Log out')).toBeTruthy();
    await announced();
  });
});
