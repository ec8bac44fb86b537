/**
 * The account page and reminders in headless Chromium against the local stack, as a person would
 * use them: change the password, set a reminder, download everything as a zip (and read it back),
 * sign out on every device (another browser's session ends at its next refresh), delete the
 * account (signing in then fails). The page is checked with axe-core at desktop and 375 px.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readZip } from '../src/testing/read-zip';
import { newContext, screenshot, seriousViolations } from './support/browser';
import { useSignedInPage } from './support/signed-in-page';

const e2e = useSignedInPage({ emailPrefix: 'account' });
const newPassword = 'Better2Battery';
const bytes = randomBytes(300 * 1024);

async function logIn(target: Page, password: string) {
  await target.goto(new URL('/login', e2e.stack.info.webUrl).href);
  await target.getByLabel('Email', { exact: true }).fill(e2e.user.email);
  await target.getByLabel('Password').fill(password);
  await target.getByRole('button', { name: 'Log in' }).click();
}

async function openAccount() {
  await e2e.page.getByRole('link', { name: `Account: ${e2e.user.email}` }).click();
  await e2e.page.getByRole('heading', { name: 'Account', level: 1 }).waitFor();
}

describe('reminders and the account page', () => {
  it('sets a reminder on a todo with an attachment and shows the bell on its row', async () => {
    await e2e.page.getByLabel('Title').fill('Renew passport');
    await e2e.page.getByRole('button', { name: 'Add todo' }).click();
    await e2e.page.getByRole('link', { name: 'Renew passport' }).click();
    await e2e.page.getByRole('heading', { name: 'Renew passport', level: 1 }).waitFor();
    await e2e.page.getByLabel('Remind me').fill('2098-01-31T09:00');
    await e2e.page.getByRole('button', { name: 'Set reminder' }).click();
    await e2e.page.getByText('Reminder set for').waitFor();
    await e2e.page
      .getByLabel('Attach files')
      .setInputFiles({ name: 'scan.bin', mimeType: 'application/octet-stream', buffer: bytes });
    await e2e.page.getByRole('button', { name: 'Download scan.bin' }).waitFor();
    await e2e.page.getByRole('link', { name: '← All todos' }).click();
    const row = e2e.page.getByRole('listitem').filter({ hasText: 'Renew passport' });
    // The test browser runs in UTC, so the offset sent is +00:00.
    expect(await row.locator('time').getAttribute('datetime')).toBe('2098-01-31T09:00:00+00:00');
    expect(await row.textContent()).toContain('Reminder: Jan 31, 2098');
  });

  it('is reached from the header, shows the email and is axe-clean at desktop and 375 px', async () => {
    await openAccount();
    expect(await e2e.page.getByText(`Signed in as ${e2e.user.email}`).isVisible()).toBe(true);
    await screenshot(e2e.page, 'account-desktop');
    expect(await seriousViolations(e2e.page), 'axe on the account page').toEqual([]);
    await e2e.page.setViewportSize({ width: 375, height: 812 });
    await screenshot(e2e.page, 'account-375px');
    expect(await seriousViolations(e2e.page), 'axe on the account page at 375 px').toEqual([]);
    await e2e.page.setViewportSize({ width: 1280, height: 900 });
  });

  it('downloads a zip holding todos.json and the exact attachment bytes', async () => {
    const [download] = await Promise.all([
      e2e.page.waitForEvent('download'),
      e2e.page.getByRole('button', { name: 'Download my data' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^todos-export-\d{4}-\d{2}-\d{2}\.zip$/);
    await e2e.page.getByText(/Saved todos-export-.*\(your todos and 1 attachment\)/).waitFor();
    const zip = readZip(new Uint8Array(readFileSync(await download.path())));
    const json = JSON.parse(new TextDecoder().decode(zip.get('todos.json')));
    const todo = json.todos.find((t: { title: string }) => t.title === 'Renew passport');
    expect(todo.remindAt).toBe('2098-01-31T09:00:00+00:00');
    const path = todo.files[0].path as string;
    expect(path).toBe(`attachments/${todo.todoId}/scan.bin`);
    expect(Buffer.from(zip.get(path) ?? []).equals(bytes)).toBe(true);
  });

  it('refuses a wrong current password, then changes it', async () => {
    await e2e.page.getByLabel('Current password').fill('Wrong1Password');
    await e2e.page.getByLabel('New password').fill(newPassword);
    await e2e.page.getByRole('button', { name: 'Change password' }).click();
    await e2e.page.getByText('Your current password is not right.').waitFor();
    await e2e.page.getByLabel('Current password').fill(e2e.user.password);
    await e2e.page.getByRole('button', { name: 'Change password' }).click();
    await e2e.page.getByText('Your password has been changed. Use the new one').waitFor();
  });

  it('signs out on every device: here at once, another browser at its next refresh', async () => {
    const other = await newContext(e2e.browser);
    const elsewhere = await other.newPage();
    await logIn(elsewhere, newPassword);
    await elsewhere.getByRole('heading', { name: 'Your todos' }).waitFor();

    await e2e.page.getByRole('button', { name: 'Sign out on every device' }).click();
    await e2e.page.getByRole('heading', { name: 'Log in' }).waitFor();
    await e2e.page.getByText('You were signed out on every device.').waitFor();

    // Later, the other browser's access token expires: pretend it has (the clock drift makes the
    // stored tokens look old) and reload; its refresh token was revoked, so it must log in again.
    await elsewhere.evaluate(() => {
      for (const key of Object.keys(localStorage)) {
        if (key.endsWith('.clockDrift')) localStorage.setItem(key, '-7200');
      }
    });
    await elsewhere.reload();
    await elsewhere.getByRole('heading', { name: 'Log in' }).waitFor();
    await elsewhere.getByText('Your session has expired.').waitFor();
    await other.close();
  });

  it('deletes the account after the typed confirmation; signing in again then fails', async () => {
    await logIn(e2e.page, newPassword);
    await e2e.page.getByRole('heading', { name: 'Your todos' }).waitFor();
    await openAccount();
    await e2e.page.getByRole('button', { name: 'Delete my account' }).click();
    await e2e.page.getByText('Type DELETE (or your email) to confirm.').waitFor();
    await e2e.page.getByLabel('Type DELETE to confirm').fill('DELETE');
    await e2e.page.getByRole('button', { name: 'Delete my account' }).click();
    await e2e.page.getByRole('heading', { name: 'Log in' }).waitFor();
    await e2e.page.getByText('Your account and all its data have been deleted.').waitFor();

    await logIn(e2e.page, newPassword);
    await e2e.page.getByText('Incorrect email or password.').waitFor();
    expect(await e2e.page.getByRole('heading', { name: 'Log in' }).isVisible()).toBe(true);
  });
});
