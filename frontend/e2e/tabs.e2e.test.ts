/**
 * Daily use across tabs, in headless Chromium against the local stack: two pages of one browser
 * context are two tabs of one browser (shared storage, one BroadcastChannel).
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useSignedInPage } from './support/signed-in-page';

const e2e = useSignedInPage({ emailPrefix: 'tabs' });
let tabA: Page;
let tabB: Page;

const titles = (page: Page) =>
  page
    .getByRole('list', { name: /todos$/ })
    .getByRole('link')
    .allTextContents();

beforeAll(async () => {
  tabA = e2e.page;
  tabB = await e2e.context.newPage();
  await tabB.goto(e2e.stack.info.webUrl);
  await tabB.getByRole('heading', { name: 'Your todos' }).waitFor();
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
    await tabB.goto(e2e.stack.info.webUrl);
    await tabB.getByRole('heading', { name: 'Log in' }).waitFor();
  });
});
