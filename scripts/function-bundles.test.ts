import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BundleResult, bundle, functionSpecs, includesS3 } from './function-bundles';

const BUDGET = 40 * 1024;
const specs = functionSpecs();
const out = mkdtempSync(join(tmpdir(), 'bundles-'));
const bundles = new Map<string, BundleResult>();
let floors: { dynamodb: BundleResult; dynamodbS3: BundleResult };

beforeAll(async () => {
  const props = specs[0]!.properties;
  floors = {
    dynamodb: await bundle('scripts/floors/dynamodb.ts', props, join(out, 'floor-ddb')),
    dynamodbS3: await bundle('scripts/floors/dynamodb-s3.ts', props, join(out, 'floor-ddb-s3')),
  };
  for (const spec of specs)
    bundles.set(spec.logicalId, await bundle(spec.entry, spec.properties, join(out, spec.logicalId)));
}, 120_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('function bundles', () => {
  it('bundles one file per function of the template', () => {
    expect(specs.length).toBe(14);
    for (const spec of specs) expect(bundles.get(spec.logicalId)!.bytes).toBeGreaterThan(0);
  });

  it('keeps S3 code out of every function that does not touch S3', () => {
    const withS3 = specs
      .filter((s) => includesS3(bundles.get(s.logicalId)!.metafile))
      .map((s) => s.logicalId);
    expect(withS3.sort()).toEqual(
      [
        'CreateUploadFunction',
        'DeleteFileFunction',
        'FileThumbnailsFunction',
        'FileUploadedFunction',
        'GetFileFunction',
        'ListFilesFunction',
        'TodoDeletedFunction',
      ].sort(),
    );
  });

  it('adds at most 40 KB to the SDK floor each function stands on', () => {
    for (const spec of specs) {
      const result = bundles.get(spec.logicalId)!;
      const floor = includesS3(result.metafile) ? floors.dynamodbS3 : floors.dynamodb;
      expect(result.bytes - floor.bytes, spec.logicalId).toBeLessThanOrEqual(BUDGET);
    }
  });

  it('leaves sharp (a native module, from SharpLayer) out of the thumbnail bundle, which still loads', async () => {
    const spec = specs.find((s) => s.logicalId === 'FileThumbnailsFunction')!;
    expect(spec.properties.external).toEqual(['sharp']);
    // Unminified, as the local runtime builds it: names are kept, so an import of the module's own
    // must not collide with those the banner declares (createRequire, require).
    const result = await bundle(spec.entry, { ...spec.properties, minify: false }, join(out, 'thumbs-plain'));
    expect(Object.keys(result.metafile.inputs).filter((i) => i.includes('node_modules/sharp/'))).toEqual([]);
    const script = `const m = await import(${JSON.stringify(pathToFileURL(result.outfile).href)}); process.stdout.write(typeof m.handler);`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, AWS_REGION: 'us-east-1', FILES_TABLE: 'f', ATTACHMENTS_BUCKET: 'b' },
      encoding: 'utf8',
    });
    expect(run.stderr).not.toMatch(/SyntaxError/);
    expect(run.stdout).toBe('function');
  });

  it('names each bundle after its entry so the template Handler resolves', () => {
    for (const spec of specs) {
      const file = bundles.get(spec.logicalId)!.outfile;
      expect(file.endsWith(`/${spec.handler.split('.')[0]}.mjs`), spec.logicalId).toBe(true);
    }
  });
});
