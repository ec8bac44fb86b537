/**
 * The browser tab's memory during a large multipart upload, against the local stack: headless
 * Chromium signs a new user up, opens a todo and uploads a file of N MiB (default 1024) written to
 * a temporary file. Every 250 ms it samples
 *  - the tab's renderer process (RSS and PSS from /proc/<pid>/smaps_rollup; the renderer is the
 *    one whose CPU time moves when the page is kept busy, see bench-tab-process.ts): the figure,
 *  - the page's JS heap (CDP Performance.getMetrics, JSHeapUsedSize), part of the renderer's memory,
 *  - all of Chromium's processes together (PSS; browser, GPU, network and storage processes too),
 *    for context: the bytes of a part in flight are the network process's, not the tab's.
 * Idle is the median of 8 samples of the signed-in tab showing the todo, after a garbage
 * collection; peak is the highest sample while the upload runs.
 *
 *   npx tsx frontend/bench-upload-memory.ts [--mib N]
 *
 * Target: flat, the tab's renderer under 150 MB above the idle tab, because the app reads the
 * file one part at a time (Blob.slice) and never holds it whole.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processesOf, processMemory, tabRendererPid } from './bench-tab-process';
import { signUpAndLogIn } from './e2e/support/accounts';
import { launchBrowser, newContext } from './e2e/support/browser';
import { startLocalStack } from './e2e/support/stack';

const mibArg = process.argv.indexOf('--mib');
const MIB = mibArg > 0 ? Number(process.argv[mibArg + 1]) : 1024;
const TARGET_MB = 150;

const dir = mkdtempSync(join(tmpdir(), 'bench-upload-'));
const path = join(dir, 'large.bin');
// Written in 64 MiB chunks: the bench itself should not need the whole file in memory either.
const chunk = Buffer.alloc(64 * 1024 * 1024, 7);
writeFileSync(path, '');
for (let written = 0; written < MIB; written += 64) {
  writeFileSync(path, chunk.subarray(0, Math.min(64, MIB - written) * 1024 * 1024), { flag: 'a' });
}

const [stack, browser] = await Promise.all([startLocalStack(), launchBrowser()]);
try {
  const context = await newContext(browser);
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  await signUpAndLogIn(page, stack, {
    email: `bench-${Date.now().toString(36)}@example.com`,
    password: 'Correct1Horse',
  });
  await page.getByLabel('Title').fill('Bench');
  await page.getByRole('button', { name: 'Add todo' }).click();
  // Exact: the account link (the user's e-mail, bench-…@example.com) contains "bench" too.
  await page.getByRole('link', { name: 'Bench', exact: true }).click();
  await page.getByRole('heading', { name: 'Attachments' }).waitFor();

  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const browserCdp = await browser.newBrowserCDPSession();
  const renderer = await tabRendererPid(browser, page);
  const sample = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const all = await Promise.all((await processesOf(browserCdp)).map((p) => processMemory(p.id)));
    return {
      tab: processMemory(renderer)?.rss ?? 0,
      tabPss: processMemory(renderer)?.pss ?? 0,
      heap: metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0,
      browser: all.reduce((sum, m) => sum + (m?.pss ?? 0), 0),
    };
  };
  type Sample = Awaited<ReturnType<typeof sample>>;
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  await cdp.send('HeapProfiler.collectGarbage');
  const idleSamples: Sample[] = [];
  for (let i = 0; i < 8; i++) {
    idleSamples.push(await sample());
    await pause(250);
  }
  const median = (key: keyof Sample) => idleSamples.map((s) => s[key]).sort((a, b) => a - b)[4]!;
  const idle: Sample = {
    tab: median('tab'),
    tabPss: median('tabPss'),
    heap: median('heap'),
    browser: median('browser'),
  };
  const peak: Sample = { ...idle };
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const now = await sample();
      for (const key of Object.keys(peak) as (keyof Sample)[]) peak[key] = Math.max(peak[key], now[key]);
      await pause(250);
    }
  })();

  const started = performance.now();
  await page.getByLabel('Attach files').setInputFiles(path);
  // A generous bound (2 s per MiB, at least 2 min); if it passes, the stack's last words say why.
  await page
    .getByRole('button', { name: 'Download large.bin' })
    .waitFor({ timeout: Math.max(120_000, MIB * 2_000) })
    .catch((error: unknown) => {
      console.error(`Local stack output:\n${stack.tail(60)}`);
      throw error;
    });
  const seconds = (performance.now() - started) / 1000;
  sampling = false;
  await sampler;
  const end = await sample();

  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const line = (name: string, key: keyof Sample, target: boolean) => {
    const over = (peak[key] - idle[key]) / 1024 / 1024;
    const verdict = target ? `   target < +${TARGET_MB} MB: ${over < TARGET_MB ? 'OK' : 'NOT MET'}` : '';
    return `${name.padEnd(34)} idle ${mb(idle[key]).padStart(7)} MB   peak ${mb(peak[key]).padStart(7)} MB   +${over.toFixed(1)} MB   (after: ${mb(end[key])} MB)${verdict}`;
  };
  console.log(`\nBrowser tab memory during a ${MIB} MiB upload (headless Chromium, local stack)\n`);
  console.log(
    `${`upload of ${MIB} MiB`.padEnd(34)} ${seconds.toFixed(1)} s   ${(MIB / seconds).toFixed(1)} MiB/s`,
  );
  console.log(line(`tab renderer RSS (pid ${renderer})`, 'tab', true));
  console.log(line('tab renderer PSS', 'tabPss', false));
  console.log(line('JS heap of the page', 'heap', false));
  console.log(line('all Chromium processes, PSS', 'browser', false));
  await context.close();
} finally {
  await browser.close();
  await stack.stop();
  rmSync(dir, { recursive: true, force: true });
}
