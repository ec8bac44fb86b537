/**
 * The browser tab's memory during a large multipart upload, against the local stack: headless
 * Chromium signs a new user up, opens a todo and uploads a file of N MiB (default 1024) written to
 * a temporary file, while CDP's Performance.getMetrics samples the page's JS heap every 250 ms.
 * Reports the idle heap, the peak during the upload and the upload's throughput.
 *
 *   npx tsx frontend/bench-upload-memory.ts [--mib N]
 *
 * Target: the heap stays flat (peak under 150 MB above the idle tab), because the app reads the
 * file one part at a time (Blob.slice) and never holds it whole.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  await page.getByRole('link', { name: 'Bench' }).click();
  await page.getByRole('heading', { name: 'Attachments' }).waitFor();

  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const heap = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  };
  await cdp.send('HeapProfiler.collectGarbage');
  const idle = await heap();
  let peak = idle;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await heap());
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();

  const started = performance.now();
  await page.getByLabel('Attach files').setInputFiles(path);
  await page.getByRole('button', { name: 'Download large.bin' }).waitFor({ timeout: 30 * 60_000 });
  const seconds = (performance.now() - started) / 1000;
  sampling = false;
  await sampler;

  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const over = (peak - idle) / 1024 / 1024;
  console.log(`upload of ${MIB} MiB: ${seconds.toFixed(1)} s (${(MIB / seconds).toFixed(1)} MiB/s)`);
  console.log(`JS heap: idle ${mb(idle)} MB, peak ${mb(peak)} MB, +${over.toFixed(1)} MB during the upload`);
  console.log(`target: under ${TARGET_MB} MB above idle — ${over < TARGET_MB ? 'met' : 'MISSED'}`);
  await context.close();
} finally {
  await browser.close();
  await stack.stop();
  rmSync(dir, { recursive: true, force: true });
}
