import { existsSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { type IntrinsicContext, resolveValue } from '../intrinsics';
import { type CfnTemplate, type CfnValue, resourcesOfType } from '../template';
import { type BuildSettings, buildSettings } from './build-properties';

/**
 * The template's functions as the local runtime needs them: where each handler's source is and
 * how SAM would bundle it (readable before anything runs), and, once the stack's resources exist,
 * the environment, limits and event sources the template gives it.
 */
export interface FunctionSource {
  logicalId: string;
  /** Absolute CodeUri directory (resolution of packages starts here). */
  codeDir: string;
  /** Absolute path of the handler's entry module. */
  entry: string;
  handlerExport: string;
  handler: string;
  /** How SAM bundles it (Metadata.BuildProperties). */
  build: BuildSettings;
}

export interface FunctionEvent {
  name: string;
  type: string;
  /** Properties with intrinsics resolved. */
  properties: Record<string, unknown>;
  /** Properties as written, for references that name a resource (e.g. `ApiId: !Ref TodosApi`). */
  raw: Record<string, unknown>;
}

export interface FunctionConfig extends FunctionSource {
  functionName: string;
  runtime: string;
  memorySize: number;
  timeoutSeconds: number;
  /** Variables the template sets (Globals merged with the function's), resolved to local values. */
  environment: Record<string, string>;
  events: FunctionEvent[];
  logGroupName: string;
  /** Asynchronous invocations (S3 events): retries after a failure, and where AWS sends the event then. */
  asyncInvoke: { maxRetries: number; onFailure?: string };
}

type Props = Record<string, CfnValue>;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** SAM's Globals: maps merge (the function wins on conflicts), everything else is overridden. */
export function mergeGlobals(globals: Props, own: Props): Props {
  const out: Props = { ...globals };
  for (const [key, value] of Object.entries(own)) {
    const base = out[key];
    out[key] = isPlainObject(base) && isPlainObject(value) ? mergeGlobals(base, value) : value;
  }
  return out;
}

function functionProps(template: CfnTemplate, logicalId: string): Props {
  const resource = template.Resources[logicalId]!;
  return mergeGlobals((template.Globals?.Function ?? {}) as Props, resource.Properties ?? {});
}

const SOURCE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs', '.cjs'];
const withoutExt = (path: string) => path.slice(0, path.length - extname(path).length);

export function functionSources(template: CfnTemplate, rootDir: string): FunctionSource[] {
  return resourcesOfType(template, 'AWS::Serverless::Function').map(([logicalId, resource]) => {
    const props = functionProps(template, logicalId);
    const codeDir = resolve(rootDir, String(props.CodeUri ?? '.'));
    const handler = String(props.Handler ?? '');
    const dot = handler.lastIndexOf('.');
    if (dot <= 0) throw new Error(`${logicalId}: Handler "${handler}" is not <module>.<export>`);
    const modulePath = handler.slice(0, dot);
    const handlerExport = handler.slice(dot + 1);
    const build = buildSettings(resource);
    const entries = build.entryPoints.map((e) => join(codeDir, e));
    // SAM's esbuild builder names each output after its entry point, so the handler's module is
    // the entry whose name it carries.
    let entry = entries.find(
      (e) => withoutExt(e).endsWith(`/${modulePath}`) || basename(withoutExt(e)) === modulePath,
    );
    if (!entry && entries.length === 1) entry = entries[0];
    if (!entry) {
      entry = SOURCE_EXTENSIONS.map((ext) => join(codeDir, `${modulePath}${ext}`)).find((p) => existsSync(p));
    }
    if (!entry) throw new Error(`${logicalId}: no source found for handler "${handler}" under ${codeDir}`);
    return {
      logicalId,
      codeDir,
      entry,
      handler,
      handlerExport,
      build,
    };
  });
}

function eventsOf(props: Props, ctx: IntrinsicContext): FunctionEvent[] {
  return Object.entries((props.Events ?? {}) as Record<string, { Type: string; Properties?: Props }>).map(
    ([name, event]) => ({
      name,
      type: event.Type,
      properties: resolveValue(event.Properties ?? {}, ctx) as Record<string, unknown>,
      raw: event.Properties ?? {},
    }),
  );
}

export function functionConfigs(
  template: CfnTemplate,
  sources: FunctionSource[],
  ctx: IntrinsicContext,
): FunctionConfig[] {
  return sources.map((source) => {
    const props = functionProps(template, source.logicalId);
    const variables = resolveValue(
      (props.Environment as { Variables?: Props } | undefined)?.Variables ?? {},
      ctx,
    ) as Record<string, unknown>;
    const logging = resolveValue(props.LoggingConfig ?? {}, ctx) as { LogGroup?: string };
    const invokeConfig = resolveValue(props.EventInvokeConfig ?? {}, ctx) as {
      MaximumRetryAttempts?: number;
      DestinationConfig?: { OnFailure?: { Destination?: string } };
    };
    const onFailure = invokeConfig.DestinationConfig?.OnFailure?.Destination;
    const functionName = props.FunctionName
      ? String(resolveValue(props.FunctionName, ctx))
      : `${ctx.pseudo.StackName}-${source.logicalId}`;
    return {
      ...source,
      functionName,
      runtime: String(props.Runtime ?? 'nodejs22.x'),
      memorySize: Number(resolveValue(props.MemorySize ?? 128, ctx)),
      timeoutSeconds: Number(resolveValue(props.Timeout ?? 3, ctx)),
      environment: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(v)])),
      events: eventsOf(props, ctx),
      logGroupName: logging.LogGroup ?? `/aws/lambda/${functionName}`,
      asyncInvoke: {
        maxRetries: Number(invokeConfig.MaximumRetryAttempts ?? 2),
        ...(onFailure ? { onFailure: String(onFailure) } : {}),
      },
    };
  });
}

/** The logical id a property refers to (`!Ref X` or `!GetAtt X.Attr`), if it is a reference. */
export function referencedId(value: unknown): string | undefined {
  if (!isPlainObject(value)) return undefined;
  if (typeof value.Ref === 'string') return value.Ref;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return String(getAtt[0]);
  return undefined;
}
