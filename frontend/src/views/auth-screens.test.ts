import { afterEach, describe, expect, it } from 'vitest';
import { click, getByLabel, getByRole, queryByRole, settle, submit, type } from '../testing/dom-helpers';
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
    expect(getByRole('alert').textContent).toBe('Incorrect email or password.');
    expect(getByLabel('Email').value).toBe('alice@example.com');
    expect(currentPath()).toBe('/login');
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
    expect(document.querySelector('.field-error:not([hidden])')?.textContent).toBe(
      'Your password still needs: an upper-case letter, a digit.',
    );
    expect(auth.users.has('bob@example.com')).toBe(false);
  });

  it('registers, confirms with the emailed code, then logs in', async () => {
    const { auth } = await renderApp({ path: '/register', signedIn: false });
    type(getByLabel('Email'), 'bob@example.com');
    type(getByLabel('Password'), 'Strong123');
    submit(form());
    await settle();
    expect(currentPath()).toBe('/confirm?email=bob%40example.com');
    expect(getByRole('status', /We emailed a confirmation code to bob@example.com/)).toBeTruthy();

    type(getByLabel('Confirmation code'), '000000');
    submit(form());
    await settle();
    expect(getByRole('alert').textContent).toMatch(/code is not right/);

    type(getByLabel('Confirmation code'), '123456');
    submit(form());
    await settle();
    expect(auth.users.get('bob@example.com')?.confirmed).toBe(true);
    expect(currentPath()).toBe('/login');
    expect(getByRole('status', /Your email is confirmed/)).toBeTruthy();
    expect(getByLabel('Email').value).toBe('bob@example.com');

    type(getByLabel('Password'), 'Strong123');
    submit(form());
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
