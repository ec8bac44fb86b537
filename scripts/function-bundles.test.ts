import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BundleResult, bundle, functionSpecs, includesS3, sdkFloor } from './function-bundles';

const BUDGET = 40 * 1024;
const specs = functionSpecs();
const out = mkdtempSync(join(tmpdir(), 'bundles-'));
const bundles = new Map<string, BundleResult>();
// Each floor is the AWS SDK clients alone (scripts/floors/<name>.ts); a function is measured
// against the floor of the clients it uses.
const FLOORS = [
  'dynamodb',
  'dynamodb-s3',
  'dynamodb-scheduler',
  'dynamodb-s3-scheduler',
  'dynamodb-cognito-sesv2',
  'dynamodb-s3-cognito',
];
const floors = new Map<string, BundleResult>();

beforeAll(async () => {
  const props = specs[0]!.properties;
  for (const name of FLOORS) {
    floors.set(name, await bundle(`scripts/floors/${name}.ts`, props, join(out, `floor-${name}`)));
  }
  for (const spec of specs)
    bundles.set(spec.logicalId, await bundle(spec.entry, spec.properties, join(out, spec.logicalId)));
}, 120_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('function bundles', () => {
  it('bundles one file per function of the template', () => {
    expect(specs.length).toBe(22);
    for (const spec of specs) expect(bundles.get(spec.logicalId)!.bytes).toBeGreaterThan(0);
  });

  it('keeps S3 code out of every function that does not touch S3', () => {
    const withS3 = specs
      .filter((s) => includesS3(bundles.get(s.logicalId)!.metafile))
      .map((s) => s.logicalId);
    expect(withS3.sort()).toEqual(
      [
        'CreateUploadFunction',
        'DeleteAccountFunction',
        'DeleteFileFunction',
        'ExportAccountFunction',
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
      const floor = floors.get(sdkFloor(result.metafile));
      expect(floor, `${spec.logicalId} stands on ${sdkFloor(result.metafile)}`).toBeDefined();
      expect(result.bytes - floor!.bytes, spec.logicalId).toBeLessThanOrEqual(BUDGET);
    }
  });

  it('names each bundle after its entry so the template Handler resolves', () => {
    for (const spec of specs) {
      const file = bundles.get(spec.logicalId)!.outfile;
      expect(file.endsWith(`/${spec.handler.split('.')[0]}.mjs`), spec.logicalId).toBe(true);
    }
  });
});
