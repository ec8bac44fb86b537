/**
 * Daily use across tabs, in headless Chromium against the local stack: two pages of one browser
 * context are two tabs of one browser (shared storage, one BroadcastChannel).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpAndLogIn } from './support/accounts';
import { launchBrowser, newContext } from './support/browser';
import { type LocalStack, startLocalStack } from './support/stack';

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let tabA: Page;
let tabB: Page;

const user = { email: `tabs-${Date.now().toString(36)}@example.com`, password: 'Correct1Horse' };
const titles = (page: Page) =>
  page
    .getByRole('list', { name: /todos$/ })
    .getByRole('link')
    .allTextContents();

beforeAll(async () => {
  [stack, browser] = await Promise.all([startLocalStack(), launchBrowser()]);
  context = await newContext(browser);
  // A fresh stack bundles each function on its first call: the first screens can take a while.
  context.setDefaultTimeout(30_000);
  tabA = await context.newPage();
  await signUpAndLogIn(tabA, stack, user);
  tabB = await context.newPage();
  await tabB.goto(stack.info.webUrl);
  await tabB.getByRole('heading', { name: 'Your todos' }).waitFor();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.stop();
});

describe('two tabs of one browser', () => {
  it('a long title without spaces stays inside the toast', async () => {
    const title = 'x'.repeat(200);
    await tabA.getByLabel('Title').fill(title);
    await tabA.getByRole('button', { name: 'Add todo' }).click();
    const toast = tabA.locator('.toast.visible');
    await toast.getByText(`Added “${title}”.`).waitFor();
    const fits = await toast.evaluate(
      (el) => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().right <= window.innerWidth,
    );
    expect(fits).toBe(true);
  });

  it('a todo added in one tab appears in the other', async () => {
    await tabA.getByLabel('Title').fill('Added in tab A');
    await tabA.getByRole('button', { name: 'Add todo' }).click();
    await tabB.getByRole('link', { name: 'Added in tab A' }).waitFor();
    expect(await titles(tabB)).toContain('Added in tab A');
  });

  it('logging out in one tab logs out the other, which can no longer use the session', async () => {
    await tabA.getByRole('button', { name: 'Log out' }).click();
    await tabA.getByRole('heading', { name: 'Log in' }).waitFor();
    await tabB.getByRole('heading', { name: 'Log in' }).waitFor();
    expect(await tabB.getByText('You logged out in another tab.').isVisible()).toBe(true);
    await tabB.goto(stack.info.webUrl);
    await tabB.getByRole('heading', { name: 'Log in' }).waitFor();
  });
});
