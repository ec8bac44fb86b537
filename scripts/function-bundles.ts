import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
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
  properties: BuildProperties;
}

interface BuildProperties {
  Format?: 'esm' | 'cjs';
  OutExtension?: string[];
  Target?: string;
  Minify?: boolean;
  Sourcemap?: boolean;
  Banner?: string[];
  External?: string[];
  EntryPoints: string[];
}

export function functionSpecs(templatePath = 'template.yaml'): FunctionSpec[] {
  const template = loadTemplate(templatePath);
  const globalCodeUri = template.Globals?.Function?.CodeUri as string | undefined;
  return resourcesOfType(template, 'AWS::Serverless::Function').map(([logicalId, resource]) => {
    const props = resource.Properties ?? {};
    const codeUri = (props.CodeUri as string | undefined) ?? globalCodeUri ?? '.';
    const properties = resource.Metadata?.BuildProperties as BuildProperties;
    return {
      logicalId,
      codeUri,
      entry: join(codeUri, properties.EntryPoints[0]!),
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

function keyValues(list: string[] | undefined): Record<string, string> {
  return Object.fromEntries(
    (list ?? []).map((item) => {
      const eq = item.indexOf('=');
      return [item.slice(0, eq), item.slice(eq + 1)];
    }),
  );
}

export async function bundle(
  entry: string,
  properties: Omit<BuildProperties, 'EntryPoints'>,
  outdir: string,
): Promise<BundleResult> {
  mkdirSync(outdir, { recursive: true });
  const outExtension = keyValues(properties.OutExtension);
  const result = await build({
    entryPoints: [resolve(entry)],
    bundle: true,
    platform: 'node',
    format: properties.Format ?? 'cjs',
    target: properties.Target ?? 'node22',
    minify: properties.Minify ?? false,
    sourcemap: properties.Sourcemap ?? false,
    banner: keyValues(properties.Banner),
    outExtension,
    external: properties.External ?? [],
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

export const outName = (entry: string) => basename(entry).replace(/\.ts$/, '');
