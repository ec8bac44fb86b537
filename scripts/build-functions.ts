/**
 * `npm run build`: bundles each function into dist/functions/<LogicalId>/ and prints a table of
 * minified size and module-load time (median of fresh `node` processes importing the bundle: the
 * part of a cold start our code controls), against the AWS SDK floor each function stands on.
 * Load time over the floor is the median of paired runs (floor, function, floor, function, ...).
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BundleResult, bundle, bundleSdkFloor, functionSpecs, sdkPackages } from './function-bundles';

const RUNS = Number(process.env.LOAD_RUNS ?? 10);
const SIZE_BUDGET = 40 * 1024;
const TIME_BUDGET_MS = 10;
const OUT = 'dist/functions';

// Handlers read their configuration at import; give them a plausible one.
const HANDLER_ENV = {
  ...process.env,
  AWS_REGION: 'us-east-1',
  TODOS_TABLE: 't',
  FILES_TABLE: 'f',
  ATTACHMENTS_BUCKET: 'b',
  MAX_UPLOAD_BYTES: '10485760',
  MAX_FILES_PER_TODO: '20',
  STORAGE_QUOTA_BYTES: '1073741824',
  MULTIPART_THRESHOLD_BYTES: '16777216',
  URL_TTL_SECONDS: '300',
  CURSOR_SECRET: 's',
  NODE_NO_WARNINGS: '1',
};

/** Import time in ms of `file` in one fresh node process. */
function loadOnceMs(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: HANDLER_ENV,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`Loading ${file} failed:\n${r.stderr}`);
  return Number(r.stdout);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Median load time of `file`, and the median of its paired differences with `floor`: the two
 * are loaded alternately, so the machine's load drifting during the run affects both alike.
 */
function loadTimes(file: string, floor: string, runs = RUNS): { ms: number; overFloorMs: number } {
  const times: number[] = [];
  const deltas: number[] = [];
  for (let i = 0; i < runs; i++) {
    const base = loadOnceMs(floor);
    const own = loadOnceMs(file);
    times.push(own);
    deltas.push(own - base);
  }
  return { ms: median(times), overFloorMs: median(deltas) };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main() {
  rmSync(OUT, { recursive: true, force: true });
  const specs = functionSpecs();
  // Each function is measured against the SDK clients it includes (its floor), built alike.
  const floors = new Map<string, { result: BundleResult; ms: number }>();
  const floorName = (packages: string[]) =>
    packages.map((p) => p.replace('@aws-sdk/', '').replace(/^client-/, '')).join('+');

  const rows: string[][] = [];
  let failures = 0;
  for (const spec of specs) {
    const result = await bundle(spec.entry, spec.properties, join(OUT, spec.logicalId));
    const packages = sdkPackages(result.metafile);
    const name = floorName(packages);
    if (!floors.has(name)) {
      const floor = await bundleSdkFloor(packages, spec.properties, join(OUT, `_floor-${floors.size}`));
      floors.set(name, {
        result: floor,
        ms: median(Array.from({ length: RUNS }, () => loadOnceMs(floor.outfile))),
      });
    }
    const floor = floors.get(name)!.result;
    const { ms, overFloorMs: extraMs } = loadTimes(result.outfile, floor.outfile);
    const extraBytes = result.bytes - floor.bytes;
    const ok = extraBytes <= SIZE_BUDGET;
    if (!ok) failures++;
    rows.push([
      spec.logicalId,
      kb(result.bytes),
      `${ms.toFixed(1)} ms`,
      name,
      `+${kb(extraBytes)}`,
      `${extraMs >= 0 ? '+' : ''}${extraMs.toFixed(1)} ms${extraMs > TIME_BUDGET_MS ? ' (!)' : ''}`,
      ok ? 'ok' : 'OVER BUDGET',
    ]);
  }
  rows.unshift(
    ...[...floors].map(([name, { result, ms }]) => [
      `SDK floor: ${name}`,
      kb(result.bytes),
      `${ms.toFixed(1)} ms`,
      '',
      '',
      '',
      '',
    ]),
  );
  const header = [
    'function',
    'minified',
    `load (median of ${RUNS})`,
    'floor',
    'over floor',
    'load over floor (paired)',
    'budget',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  console.log(
    `\nBudget: at most ${SIZE_BUDGET / 1024} KB and ${TIME_BUDGET_MS} ms over the SDK floor. Bundles in ${OUT}/.`,
  );
  if (failures > 0) {
    console.error(`${failures} function(s) over the size budget.`);
    process.exitCode = 1;
  }
}

await main();
