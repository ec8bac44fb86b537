import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Where this run's bundles go: under the code directory's node_modules/.cache, so that the
 * packages a bundle leaves external resolve from the code's own node_modules, as they would in
 * the function's deployment package. Each run has its own directory (runs may overlap, e.g. tests
 * next to `npm start`); directories of runs that no longer exist are removed.
 */
const CACHE = join('node_modules', '.cache', 'local-runtime');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function createBuildDir(codeDir: string): string {
  const base = join(codeDir, CACHE);
  mkdirSync(base, { recursive: true });
  for (const entry of readdirSync(base)) {
    const pid = Number(entry.split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && !isAlive(pid))
      rmSync(join(base, entry), { recursive: true, force: true });
  }
  const dir = join(base, `${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function removeBuildDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Bundles worker-runtime.ts to plain JavaScript, so workers need no TypeScript loader. */
export async function buildWorkerRuntime(outDir: string): Promise<string> {
  const here = dirname(fileURLToPath(import.meta.url));
  const outfile = join(outDir, 'worker-runtime.mjs');
  await build({
    entryPoints: [join(here, 'worker-runtime.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
  });
  return outfile;
}
