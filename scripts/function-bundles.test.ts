import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTemplate } from '../local/template';
import {
  type BundleResult,
  bundle,
  bundleSdkFloor,
  functionSpecs,
  includesS3,
  sdkPackages,
} from './function-bundles';

const template = loadTemplate('template.yaml');

/** The actions a function's inline policies allow. */
function allowedActions(logicalId: string): string[] {
  const policies = (template.Resources[logicalId]?.Properties?.Policies ?? []) as {
    Statement?: { Effect?: string; Action?: string | string[] }[];
  }[];
  return policies
    .flatMap((policy) => policy.Statement ?? [])
    .filter((statement) => statement.Effect === 'Allow')
    .flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action ?? '']));
}

/** Whether any code of `module` made it into the bundle (not only an import of it). */
const includesModule = (metafile: Metafile, module: string) =>
  Object.values(metafile.outputs).some((output) => (output.inputs[module]?.bytesInOutput ?? 0) > 0);

// Wave 2's todo store (filters, sorts, counters, repeats, the one-transaction PATCH) brings the
// largest bundle (UpdateTodoFunction, which carries the writes but not the listing) to ~53 KB.
const BUDGET = 56 * 1024;
const specs = functionSpecs();
const out = mkdtempSync(join(tmpdir(), 'bundles-'));
const bundles = new Map<string, BundleResult>();
const floors = new Map<string, BundleResult>();

beforeAll(async () => {
  for (const spec of specs) {
    const result = await bundle(spec.entry, spec.properties, join(out, spec.logicalId));
    bundles.set(spec.logicalId, result);
    const packages = sdkPackages(result.metafile);
    const key = packages.join(' ');
    if (!floors.has(key))
      floors.set(key, await bundleSdkFloor(packages, spec.properties, join(out, `floor-${floors.size}`)));
  }
}, 180_000);

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
        'CompleteUploadFunction',
        'CreateUploadFunction',
        'GetUsageFunction',
        'ListPartsFunction',
        'PresignPartsFunction',
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

  it('adds at most 56 KB to the SDK floor each function stands on (the clients it uses)', () => {
    for (const spec of specs) {
      const result = bundles.get(spec.logicalId)!;
      const floor = floors.get(sdkPackages(result.metafile).join(' '))!;
      expect(floor.bytes).toBeGreaterThan(0);
      expect(result.bytes - floor.bytes, spec.logicalId).toBeLessThanOrEqual(BUDGET);
    }
  });

  it('measures each function against the SDK clients it really includes', () => {
    const listTodos = sdkPackages(bundles.get('ListTodosFunction')!.metafile);
    expect(listTodos).toEqual(
      expect.arrayContaining([
        '@aws-sdk/client-dynamodb',
        '@aws-sdk/client-secrets-manager',
        '@aws-sdk/lib-dynamodb',
      ]),
    );
    expect(listTodos).not.toContain('@aws-sdk/client-s3');
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

  it('lets every function that can start a todo counter check the tombstone in the same transaction', () => {
    // initCounter (counter-init.ts) puts the counter and checks the account's tombstone in one
    // transaction: without ConditionCheckItem, a user's first write would be AccessDenied on AWS,
    // which DynamoDB Local (no IAM) would never show.
    const canStart = specs.filter(
      (spec) =>
        includesModule(bundles.get(spec.logicalId)!.metafile, 'backend/src/todos/counter-init.ts') &&
        allowedActions(spec.logicalId).includes('dynamodb:PutItem'),
    );
    expect(canStart.map((spec) => spec.logicalId)).toContain('CreateTodoFunction');
    for (const spec of canStart) {
      expect(allowedActions(spec.logicalId), spec.logicalId).toContain('dynamodb:ConditionCheckItem');
    }
  });

  it('names each bundle after its entry so the template Handler resolves', () => {
    for (const spec of specs) {
      const file = bundles.get(spec.logicalId)!.outfile;
      expect(file.endsWith(`/${spec.handler.split('.')[0]}.mjs`), spec.logicalId).toBe(true);
    }
  });
});
