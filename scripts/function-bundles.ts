import { mkdirSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
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

export const outName = (entry: string) => basename(entry).replace(/\.ts$/, '');

/**
 * The AWS SDK packages a bundle stands on: every `@aws-sdk/client-*` it includes, plus the
 * document client and the presigner when used. Sorted, so equal sets compare equal.
 */
export function sdkPackages(metafile: Metafile): string[] {
  const found = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /node_modules\/(@aws-sdk\/(?:client-[a-z0-9-]+|lib-dynamodb|s3-request-presigner))\//.exec(
      input,
    );
    if (match) found.add(match[1]!);
  }
  return [...found].sort();
}

/** Source of an entry that only constructs the given SDK clients: the floor a function stands on. */
export async function sdkFloorSource(packages: string[]): Promise<string> {
  const lines = ["import { DynamoDBClient } from '@aws-sdk/client-dynamodb';"];
  const uses: string[] = [];
  for (const [i, pkg] of packages.entries()) {
    if (pkg === '@aws-sdk/client-dynamodb') continue;
    if (pkg === '@aws-sdk/lib-dynamodb') {
      lines.push(`import { DynamoDBDocumentClient } from '${pkg}';`);
      uses.push('DynamoDBDocumentClient.from(new DynamoDBClient({}))');
    } else if (pkg === '@aws-sdk/s3-request-presigner') {
      lines.push(`import { getSignedUrl as presign${i} } from '${pkg}';`);
      uses.push(`presign${i}`);
    } else {
      const names = Object.keys((await import(pkg)) as Record<string, unknown>);
      const client = names.find((n) => /^[A-Z]\w*Client$/.test(n) && n !== 'Client');
      if (!client) throw new Error(`No client class in ${pkg}`);
      lines.push(`import { ${client} as C${i} } from '${pkg}';`);
      uses.push(`new C${i}({})`);
    }
  }
  uses.push('new DynamoDBClient({})');
  return `${lines.join('\n')}\nexport const floor = [${uses.join(', ')}];\n`;
}

/** Bundles the SDK floor of `packages` with the functions' own build options. */
export async function bundleSdkFloor(
  packages: string[],
  properties: BuildSettings,
  outdir: string,
): Promise<BundleResult> {
  mkdirSync(outdir, { recursive: true });
  const outfile = resolve(outdir, `floor${properties.outExtension['.js'] ?? '.js'}`);
  // From stdin, resolved from the repo, so the floor finds the same node_modules as the functions.
  const result = await build({
    stdin: {
      contents: await sdkFloorSource(packages),
      resolveDir: process.cwd(),
      loader: 'ts',
      sourcefile: 'sdk-floor.ts',
    },
    bundle: true,
    platform: 'node',
    format: properties.format,
    target: properties.target,
    minify: properties.minify,
    banner: properties.banner,
    outfile,
    metafile: true,
    logLevel: 'error',
  });
  return {
    outfile,
    bytes: result.metafile.outputs[relative(process.cwd(), outfile)]?.bytes ?? 0,
    metafile: result.metafile,
  };
}
