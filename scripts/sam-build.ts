/**
 * `npm run build:sam`: what `sam build` would produce, built from the repo's own lockfile.
 *
 * `sam build` with `BuildMethod: esbuild` copies backend/ (which has no lockfile of its own) and
 * runs `npm install` there, so the SDK and zod that reach Lambda could differ from the tested ones.
 * Instead this bundles every function with the installed node_modules (what `npm ci` made from
 * package-lock.json, with the same esbuild options, scripts/function-bundles.ts) into
 * .aws-sam/build/<LogicalId>/, records which package versions each bundle holds, checks them
 * against package-lock.json, and writes .aws-sam/build/template.yaml pointing at those folders.
 * `sam deploy --template-file .aws-sam/build/template.yaml` then zips and uploads them as they are.
 */

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Metafile } from 'esbuild';
import { parseDocument } from 'yaml';
import { loadTemplate, resourcesOfType } from '../local/template';
import { bundle, functionSpecs } from './function-bundles';

export const BUILD_DIR = '.aws-sam/build';
export const MANIFEST = 'bundled-packages.json';

interface Lockfile {
  packages: Record<string, { version?: string; link?: boolean; resolved?: string }>;
}

/** `node_modules/a/node_modules/@s/b` for a bundled input inside it, else undefined (our code). */
export function packageKey(input: string): string | undefined {
  const at = input.indexOf('node_modules/');
  if (at < 0) return undefined;
  const parts = input.slice(at).split('/');
  const key: string[] = [];
  for (let i = 0; i < parts.length; ) {
    if (parts[i] !== 'node_modules') break;
    const scoped = parts[i + 1]?.startsWith('@');
    const name = scoped ? parts.slice(i + 1, i + 3) : parts.slice(i + 1, i + 2);
    key.push('node_modules', ...name);
    i += 1 + name.length;
  }
  return key.join('/');
}

const packageName = (key: string) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);

/** Every third-party package in a bundle: lockfile key → version installed on disk. */
export function bundledPackages(metafile: Metafile, root = '.'): Record<string, string> {
  const found: Record<string, string> = {};
  for (const input of Object.keys(metafile.inputs)) {
    const key = packageKey(input);
    if (!key || key in found) continue;
    const dir = input.slice(0, input.indexOf('node_modules/')) + key;
    const { version } = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as {
      version: string;
    };
    found[key] = version;
  }
  return Object.fromEntries(Object.entries(found).sort(([a], [b]) => a.localeCompare(b)));
}

/** Differences between what a bundle holds and what package-lock.json pins. Empty when they agree. */
export function lockfileMismatches(packages: Record<string, string>, lock: Lockfile): string[] {
  return Object.entries(packages).flatMap(([key, version]) => {
    const pinned = lock.packages[key]?.version;
    if (pinned === undefined)
      return [`${packageName(key)}@${version} is bundled but ${key} is not in package-lock.json`];
    return pinned === version
      ? []
      : [`${packageName(key)}: bundled ${version}, package-lock.json pins ${pinned}`];
  });
}

export const readLockfile = (path = 'package-lock.json') =>
  JSON.parse(readFileSync(path, 'utf8')) as Lockfile;

/** The template's layers built by a Makefile (`BuildMethod: makefile`), with their folders. */
export function makefileLayers(templatePath = 'template.yaml'): { logicalId: string; contentUri: string }[] {
  return resourcesOfType(loadTemplate(templatePath), 'AWS::Serverless::LayerVersion')
    .filter(
      ([, layer]) => (layer.Metadata as { BuildMethod?: string } | undefined)?.BuildMethod === 'makefile',
    )
    .map(([logicalId, layer]) => ({ logicalId, contentUri: String(layer.Properties?.ContentUri) }));
}

/**
 * template.yaml with every function and built layer pointing at its prebuilt folder, as
 * `sam build` writes it.
 */
export function builtTemplate(source: string, logicalIds: string[], layerIds: string[] = []): string {
  const doc = parseDocument(source);
  for (const id of layerIds) {
    doc.setIn(['Resources', id, 'Properties', 'ContentUri'], id);
    doc.deleteIn(['Resources', id, 'Metadata']);
  }
  for (const id of logicalIds) {
    doc.setIn(['Resources', id, 'Properties', 'CodeUri'], id);
    // Without a build method, `sam deploy` uploads the folder as it is.
    doc.deleteIn(['Resources', id, 'Metadata']);
  }
  doc.deleteIn(['Globals', 'Function', 'CodeUri']);
  return doc.toString({ lineWidth: 0 });
}

async function main(): Promise<void> {
  rmSync(BUILD_DIR, { recursive: true, force: true });
  const lock = readLockfile();
  const specs = functionSpecs();
  const problems: string[] = [];
  for (const spec of specs) {
    const dir = join(BUILD_DIR, spec.logicalId);
    const result = await bundle(spec.entry, spec.properties, dir);
    const packages = bundledPackages(result.metafile);
    problems.push(...lockfileMismatches(packages, lock).map((p) => `${spec.logicalId}: ${p}`));
    // Kept outside the zip's code path only by name; it is small and says what the function runs.
    writeFileSync(join(dir, MANIFEST), `${JSON.stringify(packages, null, 2)}\n`);
  }
  if (problems.length > 0) {
    console.error(`Bundles differ from package-lock.json (run npm ci):\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  // Layers keep their own Makefile (sharp's native binaries for Lambda's platform, from the
  // layer's lockfile), run as `sam build` would run it.
  const layers = makefileLayers();
  for (const layer of layers) {
    const artifacts = resolve(BUILD_DIR, layer.logicalId);
    mkdirSync(artifacts, { recursive: true });
    execFileSync('make', ['-C', layer.contentUri, `build-${layer.logicalId}`, `ARTIFACTS_DIR=${artifacts}`], {
      stdio: 'inherit',
    });
  }
  mkdirSync(BUILD_DIR, { recursive: true });
  writeFileSync(
    join(BUILD_DIR, 'template.yaml'),
    builtTemplate(
      readFileSync('template.yaml', 'utf8'),
      specs.map((s) => s.logicalId),
      layers.map((l) => l.logicalId),
    ),
  );
  console.log(`Built ${specs.length} functions from package-lock.json into ${BUILD_DIR}/`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
