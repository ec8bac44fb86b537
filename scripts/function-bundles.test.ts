import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BundleResult, bundle, functionSpecs, includesS3 } from './function-bundles';

// Wave 2's todo store (filters, sorts, counters, repeats) brought the largest bundle to ~48 KB.
const BUDGET = 56 * 1024;
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
    expect(specs.length).toBe(20);
    for (const spec of specs) expect(bundles.get(spec.logicalId)!.bytes).toBeGreaterThan(0);
  });

  it('keeps S3 code out of every function that does not touch S3', () => {
    const withS3 = specs
      .filter((s) => includesS3(bundles.get(s.logicalId)!.metafile))
      .map((s) => s.logicalId);
    expect(withS3.sort()).toEqual(
      [
        'CompleteUploadFunction',
        'CreateUploadFunction',
        'GetUsageFunction',
        'ListPartsFunction',
        'PresignPartsFunction',
        'DeleteFileFunction',
        'FileThumbnailsFunction',
        'FileUploadedFunction',
        'GetFileFunction',
        'ListFilesFunction',
        'TodoDeletedFunction',
      ].sort(),
    );
  });

  it('adds at most 56 KB to the SDK floor each function stands on', () => {
    for (const spec of specs) {
      const result = bundles.get(spec.logicalId)!;
      const floor = includesS3(result.metafile) ? floors.dynamodbS3 : floors.dynamodb;
      expect(result.bytes - floor.bytes, spec.logicalId).toBeLessThanOrEqual(BUDGET);
    }
  });

  it('names each bundle after its entry so the template Handler resolves', () => {
    for (const spec of specs) {
      const file = bundles.get(spec.logicalId)!.outfile;
      expect(file.endsWith(`/${spec.handler.split('.')[0]}.mjs`), spec.logicalId).toBe(true);
    }
  });
});
