/**
 * The account page and reminders in headless Chromium against the local stack, as a person would
 * use them: change the password, set a reminder, download everything as a zip (and read it back),
 * sign out on every device (another browser's session ends at its next refresh), delete the
 * account (signing in then fails). The page is checked with axe-core at desktop and 375 px.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../src/testing/read-zip';
import { signUpAndLogIn } from './support/accounts';
import { launchBrowser, newContext, screenshot, seriousViolations } from './support/browser';
import { type LocalStack, startLocalStack } from './support/stack';

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const user = { email: `account-${Date.now().toString(36)}@example.com`, password: 'Correct1Horse' };
const newPassword = 'Better2Battery';
const bytes = randomBytes(300 * 1024);

beforeAll(async () => {
  [stack, browser] = await Promise.all([startLocalStack(), launchBrowser()]);
  context = await newContext(browser);
  context.setDefaultTimeout(30_000);
  page = await context.newPage();
  await signUpAndLogIn(page, stack, user);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.stop();
});

afterEach(({ task }) => {
  if (task.result?.state === 'fail' && stack) console.error(`Local stack output:\n${stack.tail(30)}`);
});

async function logIn(target: Page, password: string) {
  await target.goto(new URL('/login', stack.info.webUrl).href);
  await target.getByLabel('Email', { exact: true }).fill(user.email);
  await target.getByLabel('Password').fill(password);
  await target.getByRole('button', { name: 'Log in' }).click();
}

async function openAccount() {
  await page.getByRole('link', { name: `Account: ${user.email}` }).click();
  await page.getByRole('heading', { name: 'Account', level: 1 }).waitFor();
}

describe('reminders and the account page', () => {
  it('sets a reminder on a todo with an attachment and shows the bell on its row', async () => {
    await page.getByLabel('Title').fill('Renew passport');
    await page.getByRole('button', { name: 'Add todo' }).click();
    await page.getByRole('link', { name: 'Renew passport' }).click();
    await page.getByRole('heading', { name: 'Renew passport', level: 1 }).waitFor();
    await page.getByLabel('Remind me').fill('2030-01-31T09:00');
    await page.getByRole('button', { name: 'Set reminder' }).click();
    await page.getByText('Reminder set for').waitFor();
    await page
      .getByLabel('Attach files')
      .setInputFiles({ name: 'scan.bin', mimeType: 'application/octet-stream', buffer: bytes });
    await page.getByRole('button', { name: 'Download scan.bin' }).waitFor();
    await page.getByRole('link', { name: '← All todos' }).click();
    const row = page.getByRole('listitem').filter({ hasText: 'Renew passport' });
    // The test browser runs in UTC, so the offset sent is +00:00.
    expect(await row.locator('time').getAttribute('datetime')).toBe('2030-01-31T09:00:00+00:00');
    expect(await row.textContent()).toContain('Reminder: Jan 31, 2030');
  });

  it('is reached from the header, shows the email and is axe-clean at desktop and 375 px', async () => {
    await openAccount();
    expect(await page.getByText(`Signed in as ${user.email}`).isVisible()).toBe(true);
    await screenshot(page, 'account-desktop');
    expect(await seriousViolations(page), 'axe on the account page').toEqual([]);
    await page.setViewportSize({ width: 375, height: 812 });
    await screenshot(page, 'account-375px');
    expect(await seriousViolations(page), 'axe on the account page at 375 px').toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('downloads a zip holding todos.json and the exact attachment bytes', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download my data' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^todos-export-\d{4}-\d{2}-\d{2}\.zip$/);
    await page.getByText(/Saved todos-export-.*\(your todos and 1 attachment\)/).waitFor();
    const zip = readZip(new Uint8Array(readFileSync(await download.path())));
    const json = JSON.parse(new TextDecoder().decode(zip.get('todos.json')));
    const todo = json.todos.find((t: { title: string }) => t.title === 'Renew passport');
    expect(todo.remindAt).toBe('2030-01-31T09:00:00+00:00');
    const path = todo.files[0].path as string;
    expect(path).toBe(`attachments/${todo.todoId}/scan.bin`);
    expect(Buffer.from(zip.get(path) ?? []).equals(bytes)).toBe(true);
  });

  it('refuses a wrong current password, then changes it', async () => {
    await page.getByLabel('Current password').fill('Wrong1Password');
    await page.getByLabel('New password').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your current password is not right.').waitFor();
    await page.getByLabel('Current password').fill(user.password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password has been changed. Use the new one').waitFor();
  });

  it('signs out on every device: here at once, another browser at its next refresh', async () => {
    const other = await newContext(browser);
    const elsewhere = await other.newPage();
    await logIn(elsewhere, newPassword);
    await elsewhere.getByRole('heading', { name: 'Your todos' }).waitFor();

    await page.getByRole('button', { name: 'Sign out on every device' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await page.getByText('You were signed out on every device.').waitFor();

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
    await logIn(page, newPassword);
    await page.getByRole('heading', { name: 'Your todos' }).waitFor();
    await openAccount();
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.getByText('Type DELETE (or your email) to confirm.').waitFor();
    await page.getByLabel('Type DELETE to confirm').fill('DELETE');
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await page.getByText('Your account and all its data have been deleted.').waitFor();

    await logIn(page, newPassword);
    await page.getByText('Incorrect email or password.').waitFor();
    expect(await page.getByRole('heading', { name: 'Log in' }).isVisible()).toBe(true);
  });
});
