import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTemplate, resourcesOfType } from '../local/template';
import { bundle, functionSpecs } from './function-bundles';
import {
  builtTemplate,
  bundledPackages,
  lockfileMismatches,
  makefileLayers,
  packageKey,
  readLockfile,
} from './sam-build';

const specs = functionSpecs();
const out = mkdtempSync(join(tmpdir(), 'sam-build-'));
const bundled = new Map<string, Record<string, string>>();

beforeAll(async () => {
  for (const spec of specs) {
    const result = await bundle(spec.entry, spec.properties, join(out, spec.logicalId));
    bundled.set(spec.logicalId, bundledPackages(result.metafile));
  }
}, 180_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('deployed bundles come from package-lock.json', () => {
  it('names the lockfile entry of a bundled file, nested and scoped packages included', () => {
    expect(packageKey('node_modules/zod/v4/index.js')).toBe('node_modules/zod');
    expect(packageKey('../main/node_modules/@aws-sdk/client-s3/dist-es/x.js')).toBe(
      'node_modules/@aws-sdk/client-s3',
    );
    expect(packageKey('node_modules/a/node_modules/@s/b/i.js')).toBe('node_modules/a/node_modules/@s/b');
    expect(packageKey('backend/src/lib/http.ts')).toBeUndefined();
  });

  it('every package version bundled for Lambda is the version package-lock.json pins', () => {
    const lock = readLockfile();
    const all = [...bundled.entries()].flatMap(([id, packages]) =>
      lockfileMismatches(packages, lock).map((m) => `${id}: ${m}`),
    );
    expect(all).toEqual([]);
    // And the check saw what matters: the SDK and zod are in the bundles.
    const names = new Set([...bundled.values()].flatMap((p) => Object.keys(p)));
    expect(names).toContain('node_modules/@aws-sdk/client-dynamodb');
    expect(names).toContain('node_modules/zod');
  });

  it('reports a bundled version that differs from the lockfile, or one the lockfile lacks', () => {
    const lock = readLockfile();
    const packages = bundled.get('ListTodosFunction')!;
    const [key, version] = Object.entries(packages).find(([k]) => k.endsWith('/zod'))!;
    const drifted = { packages: { ...lock.packages, [key]: { version: `${version}-other` } } };
    expect(lockfileMismatches(packages, drifted)).toEqual([
      `zod: bundled ${version}, package-lock.json pins ${version}-other`,
    ]);
    const { [key]: _, ...without } = lock.packages;
    expect(lockfileMismatches(packages, { packages: without })[0]).toMatch(/not in package-lock\.json/);
  });

  it('the built template points every function at its prebuilt folder, with no build step left', () => {
    const source = 'template.yaml';
    const file = join(out, 'template.yaml');
    const ids = specs.map((s) => s.logicalId);
    const layers = makefileLayers(source).map((l) => l.logicalId);
    expect(layers).toEqual(['SharpLayer']);
    writeFileSync(file, builtTemplate(readFileSync(source, 'utf8'), ids, layers));
    const built = loadTemplate(file);
    const original = loadTemplate(source);
    const fns = resourcesOfType(built, 'AWS::Serverless::Function');
    expect(fns.map(([id]) => id).sort()).toEqual([...ids].sort());
    for (const [id, fn] of fns) {
      expect(fn.Properties?.CodeUri).toBe(id);
      expect(fn.Metadata).toBeUndefined();
      expect(fn.Properties?.Handler).toBe(original.Resources[id]?.Properties?.Handler);
    }
    expect(built.Globals?.Function?.CodeUri).toBeUndefined();
    // The Makefile-built layer points at its prebuilt folder too.
    expect(built.Resources.SharpLayer?.Properties?.ContentUri).toBe('SharpLayer');
    expect(built.Resources.SharpLayer?.Metadata).toBeUndefined();
    // Everything else is the template as written (intrinsics included).
    expect(built.Resources.UserPool).toEqual(original.Resources.UserPool);
    expect(built.Parameters).toEqual(original.Parameters);
  });
});
