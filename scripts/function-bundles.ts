import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { type BuildSettings, buildSettings } from '../local/lambda/build-properties';
import { loadTemplate, resourcesOfType } from '../local/template';

/**
 * Bundles every function of template.yaml the way `sam build` does (the function's own esbuild
 * BuildProperties from its Metadata), so sizes measured here are the sizes deployed.
 */
export interface FunctionSpec {
  logicalId: string;
  entry: string;
  codeUri: string;
  handler: string;
  /** The function's SAM build settings, read as the local runtime reads them. */
  properties: BuildSettings;
}

export function functionSpecs(templatePath = 'template.yaml'): FunctionSpec[] {
  const template = loadTemplate(templatePath);
  const globalCodeUri = template.Globals?.Function?.CodeUri as string | undefined;
  return resourcesOfType(template, 'AWS::Serverless::Function').map(([logicalId, resource]) => {
    const props = resource.Properties ?? {};
    const codeUri = (props.CodeUri as string | undefined) ?? globalCodeUri ?? '.';
    const properties = buildSettings(resource);
    const entryPoint = properties.entryPoints[0];
    if (!entryPoint) throw new Error(`${logicalId}: Metadata.BuildProperties has no EntryPoints`);
    return {
      logicalId,
      codeUri,
      entry: join(codeUri, entryPoint),
      handler: props.Handler as string,
      properties,
    };
  });
}

export interface BundleResult {
  outfile: string;
  bytes: number;
  metafile: Metafile;
}

export async function bundle(
  entry: string,
  properties: BuildSettings,
  outdir: string,
): Promise<BundleResult> {
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    entryPoints: [resolve(entry)],
    bundle: true,
    platform: 'node',
    format: properties.format,
    target: properties.target,
    minify: properties.minify,
    sourcemap: properties.sourcemap,
    banner: properties.banner,
    outExtension: properties.outExtension,
    external: properties.external,
    outdir,
    metafile: true,
    logLevel: 'error',
  });
  const outputs = Object.entries(result.metafile.outputs).filter(([file]) => !file.endsWith('.map'));
  const [outfile, info] = outputs[0]!;
  return { outfile: resolve(outfile), bytes: info.bytes, metafile: result.metafile };
}

/** True when the bundle includes the S3 client (a todos handler must not). */
export function includesS3(metafile: Metafile): boolean {
  return Object.keys(metafile.inputs).some((input) => input.includes('@aws-sdk/client-s3/'));
}

const OTHER_CLIENTS = ['s3', 'cognito', 'scheduler', 'sesv2'] as const;
const CLIENT_PACKAGE = {
  s3: '@aws-sdk/client-s3/',
  cognito: '@aws-sdk/client-cognito-identity-provider/',
  scheduler: '@aws-sdk/client-scheduler/',
  sesv2: '@aws-sdk/client-sesv2/',
};

/** The SDK floor a bundle stands on: `dynamodb` plus the other clients it includes, e.g. `dynamodb-s3`. */
export function sdkFloor(metafile: Metafile): string {
  const inputs = Object.keys(metafile.inputs);
  const used = OTHER_CLIENTS.filter((c) => inputs.some((input) => input.includes(CLIENT_PACKAGE[c])));
  return ['dynamodb', ...used].join('-');
}

export const outName = (entry: string) => basename(entry).replace(/\.ts$/, '');
