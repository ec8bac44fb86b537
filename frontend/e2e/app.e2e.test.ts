/**
 * The web app end to end: headless Chromium driving the app that `npm start` serves, against the
 * whole local stack (DynamoDB Local, s3rver, cognito-local, both APIs). Controls are found by
 * role and label, as a person would find them; every main screen is checked with axe-core and
 * saved as a screenshot under test-artifacts/e2e/.
 *
 * The tests in each describe block run in order and share a signed-in page, like one visit.
 */
import { readFileSync } from 'node:fs';
import type { BrowserContext, CDPSession, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAndEnterCode, type User } from './support/accounts';
import { newContext, screenshot, seriousViolations } from './support/browser';
import { useStackAndBrowser } from './support/signed-in-page';

const e2e = useStackAndBrowser();

const run = Date.now().toString(36);
const alice = { email: `alice-${run}@example.com`, password: 'Correct1Horse' };
const bob = { email: `bob-${run}@example.com`, password: 'Battery2Staple' };

const isoDay = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** Screenshot plus axe-core: no serious or critical violations on this screen. */
async function checkScreen(page: Page, name: string, options: { hideToast?: boolean } = {}) {
  await screenshot(page, name, options);
  expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
}

/** Retries `assertion` until it passes or `timeoutMs` runs out (for things that settle). */
async function eventually(assertion: () => Promise<void> | void, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

const path = (page: Page) => {
  const url = new URL(page.url());
  return url.pathname + url.search;
};

const todoTitles = (page: Page) =>
  page
    .getByRole('list', { name: /todos$/ })
    .getByRole('link')
    .allTextContents();

const status = (page: Page) => page.locator('.toast[role=status]');

/** The save status ("Saving…", "Saved", "Not saved: …") of the form holding `control`. */
const saveStatus = (page: Page, control: Locator) =>
  page.locator('form').filter({ has: control }).getByRole('status');

async function register(page: Page, user: User) {
  await page.goto(e2e.stack.info.webUrl);
  await page.getByRole('link', { name: 'Register' }).click();
  await page.getByRole('heading', { name: 'Register' }).waitFor();
  await registerAndEnterCode(page, e2e.stack, user);
  // Typing the code does not navigate: this is where registering led.
  expect(path(page)).toBe(`/confirm?email=${encodeURIComponent(user.email)}`);
  return page;
}

async function logIn(page: Page, user: User) {
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  await page.getByLabel('Email', { exact: true }).fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

async function throttleUploads(cdp: CDPSession, bytesPerSecond: number) {
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: bytesPerSecond,
  });
}

describe('a new user, from sign-up to sign-out and back', () => {
  let context: BrowserContext;
  let page: Page;
  let cdp: CDPSession;
  const data = Buffer.alloc(2 * 1024 * 1024 + 123, 0);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7919) % 251;

  beforeAll(async () => {
    context = await newContext(e2e.browser);
    page = await context.newPage();
    cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
  });

  afterAll(async () => {
    await context?.close();
  });

  it('registers with the password rules in view, confirms with the emailed code and logs in', async () => {
    await page.goto(e2e.stack.info.webUrl);
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    expect(path(page)).toBe('/login');
    await checkScreen(page, '01-login');

    // Labels are just the field names; the Show toggle beside the password is not "labelled" Password.
    expect(await page.locator('main label').allTextContents()).toEqual(['Email', 'Password']);
    await page.getByRole('button', { name: 'Show' }).click();
    expect(await page.getByLabel('Password').getAttribute('type')).toBe('text');
    await page.getByRole('button', { name: 'Show' }).click();
    expect(await page.getByLabel('Password').getAttribute('type')).toBe('password');

    await page.getByRole('link', { name: 'Register' }).click();
    await page.getByRole('heading', { name: 'Register' }).waitFor();
    // The pool's rules are on screen before anything is submitted.
    for (const rule of ['At least 8 characters', 'A lower-case letter', 'An upper-case letter', 'A digit']) {
      expect(await page.getByText(rule, { exact: true }).isVisible()).toBe(true);
    }
    await checkScreen(page, '02-register');

    await register(page, alice);
    await checkScreen(page, '03-confirm');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Your email is confirmed. Log in to get started.').waitFor();
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe(alice.email);

    // A wrong password is explained in the form and announced (role=alert).
    await page.getByLabel('Password').fill('Wrong1Password');
    await page.getByRole('button', { name: 'Log in' }).click();
    const alert = page.getByRole('main').getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('Incorrect email or password.');

    await logIn(page, alice);
    await page.getByRole('heading', { name: 'Your todos' }).waitFor();
    // The stack's first API call may be slow (functions are bundled and started on demand).
    await page
      .getByText('You have no todos yet. Add your first one with the form above.')
      .waitFor({ timeout: 30_000 });
    expect(await page.getByText(alice.email).isVisible()).toBe(true);
    await checkScreen(page, '04-list-empty');
  });

  it('adds three todos; overdue and due-today ones stand out', async () => {
    const add = async (title: string, description: string, dueDate: string) => {
      await page.getByLabel('Title').fill(title);
      await page.getByLabel('Description').fill(description);
      await page.getByLabel('Due date').fill(dueDate);
      await page.getByRole('button', { name: 'Add todo' }).click();
      await status(page).getByText(`Added “${title}”.`).waitFor();
    };
    await add('Buy milk', 'Oat milk, 2 litres', isoDay(-1));
    await add('Call mum', '', isoDay(0));
    await add('Write report', 'Quarterly numbers', '2030-06-01');

    expect(await todoTitles(page)).toEqual(['Write report', 'Call mum', 'Buy milk']);
    const row = (title: string) => page.getByRole('listitem').filter({ hasText: title });
    expect(await row('Buy milk').getByText('Overdue').isVisible()).toBe(true);
    expect(await row('Call mum').getByText('Due today').isVisible()).toBe(true);
    expect(await row('Write report').getByText('Due Jun 1, 2030').isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: /^Open/ }).textContent()).toBe('Open (3)');
    await page.getByLabel('Title').blur();
    // The README's screenshot (frontend/docs/screenshot.png) is this one.
    await checkScreen(page, '05-list', { hideToast: true });
  });

  it('searches case-insensitively as the user types', async () => {
    const search = page.getByRole('searchbox', { name: 'Search todos' });
    await search.pressSequentially('MILK', { delay: 30 });
    await page.waitForURL((url) => url.search === '?q=MILK');
    await eventually(async () => expect(await todoTitles(page)).toEqual(['Buy milk']));
    await search.fill('quarterly');
    await eventually(async () => expect(await todoTitles(page)).toEqual(['Write report']));
    await search.fill('');
    await eventually(async () => expect(await todoTitles(page)).toHaveLength(3));
    expect(path(page)).toBe('/');
  });

  it('completes a todo and filters open / completed / all with counts', async () => {
    await page.getByRole('checkbox', { name: 'Done: Buy milk' }).check();
    await status(page).getByText('Completed “Buy milk”.').waitFor();
    await eventually(async () =>
      expect(await page.getByRole('link', { name: /^Completed/ }).textContent()).toBe('Completed (1)'),
    );
    expect(await page.getByRole('link', { name: /^Open/ }).textContent()).toBe('Open (2)');

    await page.getByRole('link', { name: /^Open/ }).click();
    await page.waitForURL((url) => url.search === '?status=open');
    await eventually(async () => expect(await todoTitles(page)).toEqual(['Write report', 'Call mum']));
    await page.getByRole('link', { name: /^Completed/ }).click();
    await eventually(async () => expect(await todoTitles(page)).toEqual(['Buy milk']));
    // A completed todo's link is named by its title alone.
    expect(await page.getByRole('link', { name: 'Buy milk', exact: true }).count()).toBe(1);
    await page.goBack();
    await eventually(async () => expect(await todoTitles(page)).toEqual(['Write report', 'Call mum']));
    await page.getByRole('link', { name: /^All/ }).click();
    await eventually(async () => expect(await todoTitles(page)).toHaveLength(3));
    await checkScreen(page, '06-list-one-completed');

    await page.setViewportSize({ width: 375, height: 812 });
    await checkScreen(page, '07-list-375px');
    await page.emulateMedia({ colorScheme: 'dark' });
    await checkScreen(page, '08-list-375px-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('opens a todo at its own URL, edits it and saves notes that survive a reload', async () => {
    await page.getByRole('link', { name: 'Write report' }).click();
    await page.getByRole('heading', { name: 'Write report', level: 1 }).waitFor();
    expect(path(page)).toMatch(/^\/todos\/[0-9A-Z]{26}$/);

    // Both save as they are typed; each form says so in its own status.
    const title = page.getByLabel('Title');
    await title.fill('Write the report');
    await saveStatus(page, title)
      .filter({ hasText: /^Saved$/ })
      .waitFor();
    await page.getByRole('heading', { name: 'Write the report', level: 1 }).waitFor();

    const notes = page.getByRole('textbox', { name: 'Notes' });
    await notes.fill('Ask Sam for the Q3 figures.\nSend by Friday.');
    await saveStatus(page, notes)
      .filter({ hasText: /^Saved$/ })
      .waitFor();

    await page.reload();
    await page.getByRole('heading', { name: 'Write the report', level: 1 }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Notes' }).inputValue()).toBe(
      'Ask Sam for the Q3 figures.\nSend by Friday.',
    );

    const detailUrl = page.url();
    await page.goBack();
    await page.getByRole('heading', { name: 'Your todos' }).waitFor();
    await page.goForward();
    await page.getByRole('heading', { name: 'Write the report', level: 1 }).waitFor();
    expect(page.url()).toBe(detailUrl);
    await checkScreen(page, '09-detail');
  });

  it('uploads a file with a progress bar, downloads the same bytes and deletes it', async () => {
    await throttleUploads(cdp, 1024 * 1024);
    await page.getByLabel('Attach files').setInputFiles({
      name: 'e2e-data.bin',
      mimeType: 'application/octet-stream',
      buffer: data,
    });
    const bar = page.getByRole('progressbar', { name: 'Uploading e2e-data.bin' });
    await bar.waitFor();
    await page.waitForFunction(() => {
      const progress = document.querySelector('progress');
      return progress !== null && progress.value > 0 && progress.value < progress.max;
    });
    await checkScreen(page, '10-upload-progress');
    await page.getByRole('button', { name: 'Download e2e-data.bin' }).waitFor({ timeout: 20_000 });
    expect(await bar.count()).toBe(0);
    const row = page.getByRole('listitem').filter({ hasText: 'e2e-data.bin' });
    expect(await row.textContent()).toMatch(/2 MB/);
    expect(await row.getByText('Pending').count()).toBe(0);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download e2e-data.bin' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('e2e-data.bin');
    expect(readFileSync(await download.path()).equals(data)).toBe(true);

    await page.getByRole('button', { name: 'Delete e2e-data.bin' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this file?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await status(page).getByText('Deleted “e2e-data.bin”.').waitFor();
    expect(await row.count()).toBe(0);
  });

  it('cancels an upload, refuses files over the limit before uploading, and takes dropped files', async () => {
    await page
      .getByLabel('Attach files')
      .setInputFiles({ name: 'cancel-me.bin', mimeType: '', buffer: data });
    await page.getByRole('progressbar', { name: 'Uploading cancel-me.bin' }).waitFor();
    await page.getByRole('button', { name: 'Cancel upload of cancel-me.bin' }).click();
    await status(page).getByText('Cancelled the upload of “cancel-me.bin”.').waitFor();
    expect(await page.getByRole('progressbar').count()).toBe(0);
    await throttleUploads(cdp, -1);

    const { maxUploadBytes } = (await (
      await fetch(new URL('/config.json', e2e.stack.info.webUrl))
    ).json()) as {
      maxUploadBytes: number;
    };
    // The limit is 5 GiB: a file that large cannot be made here, so the picked file only says so.
    await page.getByLabel('Attach files').evaluate(
      (input: HTMLInputElement, size) => {
        const file = new File(['x'], 'too-big.bin', { type: 'application/octet-stream' });
        Object.defineProperty(file, 'size', { value: size });
        Object.defineProperty(input, 'files', { value: [file], configurable: true });
        input.dispatchEvent(new Event('change', { bubbles: true }));
      },
      maxUploadBytes + 1024 * 1024,
    );
    await page
      .getByRole('main')
      .getByText(/^“too-big\.bin” is .+; files can be at most .+\.$/)
      .waitFor();
    expect(await page.getByRole('progressbar').count()).toBe(0);

    const dataTransfer = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['dropped text\n'], 'dropped.txt', { type: 'text/plain' }));
      return transfer;
    });
    await page.getByText(/drop them here/).dispatchEvent('drop', { dataTransfer });
    await page.getByRole('button', { name: 'Download dropped.txt' }).waitFor({ timeout: 20_000 });
    // The cancelled upload left nothing behind.
    expect(await page.getByRole('listitem').filter({ hasText: 'cancel-me.bin' }).count()).toBe(0);
  });

  it('deletes a todo only after confirming', async () => {
    await page.getByRole('link', { name: '← All todos' }).click();
    await page.getByRole('link', { name: 'Call mum' }).click();
    await page.getByRole('button', { name: 'Delete todo' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this todo?' });
    await dialog.waitFor();
    await checkScreen(page, '11-delete-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('heading', { name: 'Call mum', level: 1 }).isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Delete todo' }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('heading', { name: 'Your todos' }).waitFor();
    await eventually(async () => expect(await todoTitles(page)).toEqual(['Write the report', 'Buy milk']));
  });

  it('logs out, logs back in and finds everything as it was left', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByText('You have logged out.').waitFor();
    await page.goto(new URL('/', e2e.stack.info.webUrl).href);
    await page.getByRole('heading', { name: 'Log in' }).waitFor();

    await logIn(page, alice);
    await page.getByRole('heading', { name: 'Your todos' }).waitFor();
    await eventually(async () => expect(await todoTitles(page)).toEqual(['Write the report', 'Buy milk']));
    expect(await page.getByRole('checkbox', { name: 'Done: Buy milk' }).isChecked()).toBe(true);

    await page.getByRole('link', { name: 'Write the report' }).click();
    await page.getByRole('button', { name: 'Download dropped.txt' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Notes' }).inputValue()).toBe(
      'Ask Sam for the Q3 figures.\nSend by Friday.',
    );
    expect(await page.getByText('e2e-data.bin').count()).toBe(0);
    expect(await page.getByText('cancel-me.bin').count()).toBe(0);
  });
});

describe('a second user', () => {
  let context: BrowserContext;
  let page: Page;
  let aliceTodoUrl: string;

  beforeAll(async () => {
    // Alice's todo URL, taken from her session in the first describe block's browser state.
    const aliceContext = await newContext(e2e.browser);
    const alicePage = await aliceContext.newPage();
    await alicePage.goto(e2e.stack.info.webUrl);
    await logIn(alicePage, alice);
    await alicePage.getByRole('link', { name: 'Write the report' }).click();
    await alicePage.getByRole('heading', { name: 'Write the report', level: 1 }).waitFor();
    aliceTodoUrl = alicePage.url();
    await aliceContext.close();

    context = await newContext(e2e.browser);
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
  });

  it("sees none of the first user's todos or files", async () => {
    // Registering an email that is taken says so next to the email field.
    await page.goto(new URL('/register', e2e.stack.info.webUrl).href);
    await page.getByLabel('Email', { exact: true }).fill(alice.email);
    await page.getByLabel('Password').fill(bob.password);
    await page.getByRole('button', { name: 'Register' }).click();
    const taken = page.getByRole('main').getByRole('alert');
    await taken.waitFor();
    expect(await taken.textContent()).toBe('An account with this email already exists. Log in instead.');
    expect(await page.getByLabel('Email', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    await register(page, bob);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await logIn(page, bob);
    await page.getByText('You have no todos yet. Add your first one with the form above.').waitFor();
    await page.getByRole('searchbox', { name: 'Search todos' }).fill('report');
    await page.getByText('Nothing matches “report”. Try another word, or clear the search.').waitFor();

    await page.goto(aliceTodoUrl);
    await page.getByRole('heading', { name: 'Todo not found' }).waitFor();
    expect(await page.getByText('Write the report').count()).toBe(0);
    expect(await page.getByText('dropped.txt').count()).toBe(0);
    await checkScreen(page, '12-not-found');
  });

  it('adds and completes a todo with the keyboard alone, with visible focus', async () => {
    await page.goto(e2e.stack.info.webUrl);
    await page.getByRole('heading', { name: 'Your todos' }).waitFor();
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        const label = el?.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
        return {
          tag: el?.tagName ?? '',
          label: label ?? el?.textContent ?? '',
          outline: el ? getComputedStyle(el).outlineStyle : '',
        };
      });
    const tabTo = async (label: RegExp) => {
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        const now = await focused();
        if (label.test(now.label)) return now;
      }
      throw new Error(`Tab never reached ${label}`);
    };

    const title = await tabTo(/^Title/);
    expect(title.outline).not.toBe('none');
    await page.keyboard.type('Renew passport');
    await tabTo(/^Due date/);
    await page.keyboard.type('12312030');
    await tabTo(/^Description/);
    await page.keyboard.type('Photos first');
    const button = await tabTo(/^Add todo$/);
    expect(button.outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await status(page).getByText('Added “Renew passport”.').waitFor();
    expect((await focused()).label).toMatch(/^Title/);
    expect(await page.getByRole('listitem').filter({ hasText: 'Renew passport' }).textContent()).toContain(
      'Due Dec 31, 2030',
    );

    await tabTo(/^Done: Renew passport$/);
    await page.keyboard.press('Space');
    await status(page).getByText('Completed “Renew passport”.').waitFor();
    expect(await page.getByRole('checkbox', { name: 'Done: Renew passport' }).isChecked()).toBe(true);
  });

  it('refreshes tokens that are about to expire before calling the API', async () => {
    const keyOf = await page.evaluate(() =>
      Object.keys(localStorage).find((k) => k.endsWith('.accessToken')),
    );
    if (!keyOf) throw new Error('no stored access token');
    // Make the stored access token claim to have been issued an hour ago and to expire in 30 s:
    // inside the refresh margin (2 min, or half the token's lifetime when that is shorter).
    const edited = await page.evaluate((key) => {
      const [head, body, sig] = (localStorage.getItem(key) ?? '').split('.');
      const claims = JSON.parse(atob((body ?? '').replace(/-/g, '+').replace(/_/g, '/')));
      claims.iat = Math.floor(Date.now() / 1000) - 3600;
      claims.exp = Math.floor(Date.now() / 1000) + 30;
      const payload = btoa(JSON.stringify(claims)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
      localStorage.setItem(key, `${head}.${payload}.${sig}`);
      return `${head}.${payload}.${sig}`;
    }, keyOf);
    await page.reload();
    await page.getByRole('link', { name: 'Renew passport', exact: true }).waitFor();
    const after = await page.evaluate((key) => localStorage.getItem(key), keyOf);
    expect(after).not.toBe(edited);
    const [, body] = (after ?? '').split('.');
    const claims = JSON.parse(Buffer.from(body ?? '', 'base64url').toString()) as { exp: number };
    expect(claims.exp).toBeGreaterThan(Date.now() / 1000 + 300);
  });

  it('returns to the login screen with a message when the session is revoked, then to the page wanted', async () => {
    await page.getByRole('link', { name: 'Renew passport', exact: true }).click();
    await page.getByRole('heading', { name: 'Renew passport', level: 1 }).waitFor();
    const todoPath = path(page);
    await page.evaluate(() => {
      for (const key of Object.keys(localStorage)) {
        if (key.endsWith('.refreshToken')) localStorage.setItem(key, 'revoked-refresh-token');
        if (key.endsWith('.accessToken') || key.endsWith('.idToken')) {
          const [head, body, sig] = (localStorage.getItem(key) ?? '').split('.');
          const claims = JSON.parse(atob((body ?? '').replace(/-/g, '+').replace(/_/g, '/')));
          claims.exp = Math.floor(Date.now() / 1000) - 60;
          localStorage.setItem(key, `${head}.${btoa(JSON.stringify(claims)).replace(/=+$/, '')}.${sig}`);
        }
      }
    });
    await page.reload();
    await page.getByText('Your session has expired. Please log in again.').waitFor();
    expect(path(page)).toBe(`/login?next=${encodeURIComponent(todoPath)}`);
    await checkScreen(page, '13-session-expired');

    await logIn(page, bob);
    await page.getByRole('heading', { name: 'Renew passport', level: 1 }).waitFor();
    expect(path(page)).toBe(todoPath);
  });

  it('resets a forgotten password with the emailed code', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await page.getByLabel('Email', { exact: true }).fill(bob.email);
    const since = e2e.stack.mark();
    await page.getByRole('button', { name: 'Send reset code' }).click();
    await page.getByRole('heading', { name: 'Set a new password' }).waitFor();
    const code = await e2e.stack.code('reset', bob.email, since);
    await page.getByLabel('Reset code').fill(code);
    await page.getByLabel('New password').fill('Fresh3Password');
    await checkScreen(page, '14-reset-password');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('Your password has been changed. Log in with the new one.').waitFor();

    await logIn(page, { email: bob.email, password: 'Fresh3Password' });
    await page.getByRole('heading', { name: 'Your todos' }).waitFor();
  });
});
