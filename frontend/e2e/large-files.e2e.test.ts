/**
 * Large files and images in headless Chromium against the local stack: a multipart upload cut
 * short by a reload and resumed with only the missing parts, the storage figure, and an image's
 * thumbnail opening in the inline viewer.
 */
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession } from 'playwright-core';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/browser';
import { useSignedInPage } from './support/signed-in-page';

const e2e = useSignedInPage({ emailPrefix: 'large' });
let cdp: CDPSession;
const dir = mkdtempSync(join(tmpdir(), 'large-files-'));
// 20 MiB: above the 16 MiB threshold, so three parts of 8, 8 and 4 MiB.
const bigPath = join(dir, 'big.bin');
const big = Buffer.alloc(20 * 1024 * 1024);
for (let i = 0; i < big.length; i += 4096) big[i] = (i / 4096) % 251;
writeFileSync(bigPath, big);

const partOf = (url: string) => Number(new URL(url).searchParams.get('partNumber') ?? 0);

beforeAll(async () => {
  e2e.page.on('dialog', (dialog) => void dialog.accept()); // "Leave site?" while an upload runs
  cdp = await e2e.context.newCDPSession(e2e.page);
  await cdp.send('Network.enable');
  await e2e.page.getByLabel('Title').fill('Holiday');
  await e2e.page.getByRole('button', { name: 'Add todo' }).click();
  await e2e.page.getByRole('link', { name: 'Holiday' }).click();
  await e2e.page.getByRole('heading', { name: 'Attachments' }).waitFor();
});

describe('large files', () => {
  it('resumes a multipart upload after a reload, sending only the parts S3 lacks', async () => {
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 3 * 1024 * 1024,
    });
    const stored: number[] = [];
    e2e.page.on('response', (response) => {
      if (response.request().method() === 'PUT' && partOf(response.url()) && response.ok()) {
        stored.push(partOf(response.url()));
      }
    });
    await e2e.page.getByLabel('Attach files').setInputFiles(bigPath);
    await e2e.page.getByRole('progressbar', { name: 'Uploading big.bin' }).waitFor();
    await expect.poll(() => stored.length, { timeout: 30_000 }).toBeGreaterThan(0);
    await e2e.page.getByRole('button', { name: 'Pause upload of big.bin' }).waitFor();
    const before = [...stored];

    await e2e.page.reload();
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    const resume = e2e.page.getByRole('button', { name: 'Resume upload of big.bin' });
    await resume.waitFor();
    expect(await e2e.page.getByRole('button', { name: 'Discard upload of big.bin' }).isVisible()).toBe(true);
    expect(await seriousViolations(e2e.page)).toEqual([]);

    const sentAfter: number[] = [];
    e2e.page.on('request', (request) => {
      if (request.method() === 'PUT' && partOf(request.url())) sentAfter.push(partOf(request.url()));
    });
    const [chooser] = await Promise.all([e2e.page.waitForEvent('filechooser'), resume.click()]);
    await chooser.setFiles(bigPath);
    await e2e.page.getByRole('button', { name: 'Download big.bin' }).waitFor({ timeout: 60_000 });
    expect(sentAfter.filter((n) => before.includes(n))).toEqual([]);
    expect([...new Set([...before, ...sentAfter])].sort()).toEqual([1, 2, 3]);
    await expect.poll(() => e2e.page.locator('.usage').textContent()).toBe('20 MB of 1 GB used');

    const [download] = await Promise.all([
      e2e.page.waitForEvent('download'),
      e2e.page.getByRole('button', { name: 'Download big.bin' }).click(),
    ]);
    expect(statSync(await download.path()).size).toBe(big.length);
  });

  it('shows an image thumbnail and opens the image in a viewer that Esc closes', async () => {
    const png = await sharp({
      create: { width: 640, height: 480, channels: 3, background: { r: 200, g: 40, b: 40 } },
    })
      .png()
      .toBuffer();
    await e2e.page
      .getByLabel('Attach files')
      .setInputFiles({ name: 'red.png', mimeType: 'image/png', buffer: png });
    await e2e.page.getByRole('button', { name: 'View red.png' }).waitFor({ timeout: 30_000 });
    // The thumbnail is made just after the file turns available: it shows on the next load.
    await expect
      .poll(
        async () => {
          await e2e.page.reload();
          await e2e.page.getByRole('button', { name: 'View red.png' }).waitFor();
          return e2e.page.getByRole('img', { name: 'red.png' }).count();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(1);
    const view = e2e.page.getByRole('button', { name: 'View red.png' });
    await view.focus();
    await view.press('Enter');
    const viewer = e2e.page.getByRole('dialog', { name: 'red.png' });
    await viewer.waitFor();
    await expect
      .poll(() => viewer.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBe(640);
    expect(await seriousViolations(e2e.page)).toEqual([]);
    await e2e.page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'hidden' });
    expect(await view.evaluate((el) => el === document.activeElement)).toBe(true);
  });
});
