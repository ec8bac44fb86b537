import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppConfig } from '../../frontend/src/app-config';
import { appConfigFromOutputs } from '../config-json';
import { claimDataDir, type DataDir, openDataDir, releaseDataDir } from '../data-dir';
import { assertJava17 } from '../emulators/java';
import { S3RVER_CREDENTIALS } from '../emulators/s3rver';
import { samEnvVars, writeSamEnvVars } from '../env-json';
import { PortInUseError } from '../errors';
import type { S3ObjectEvent } from '../event-sources/s3-notifications';
import { type RunningEventSources, startEventSources } from '../event-sources/start-event-sources';
import { httpApis, IMPLICIT_API, localApiId } from '../http-api/routes';
import { buildWorkerRuntime, createBuildDir, removeBuildDir } from '../lambda/build-dir';
import { FunctionBundler } from '../lambda/bundler';
import { functionConfigs, functionSources, referencedId } from '../lambda/catalog';
import type { LocalFunction } from '../lambda/local-function';
import { listenHosts } from '../listen-hosts';
import { LOCAL_REGION, localContext } from '../local-context';
import { createConsoleLogger } from '../log';
import { localOutputs } from '../outputs';
import { assertPortsFree, freePort } from '../ports';
import { type CfnTemplate, loadTemplate, resourcesOfType } from '../template';
import { startWebServer } from '../web/web-server';
import { allOrFirstError, Cleanup } from './cleanup';
import { CodeInbox, codeLine } from './code-inbox';
import { EmulatorHealth } from './emulator-health';
import {
  DEFAULT_PORTS,
  type LocalStack,
  type LocalStackOptions,
  localParameters,
  type ReadyInfo,
} from './local-stack-types';
import { createLocalFunctions, startHttpApis } from './start-functions';
import { startLocalMail, startLocalScheduler, startScheduleRunner } from './start-reminders';
import {
  type EmulatorContext,
  startLocalCognito,
  startLocalDynamoDb,
  startLocalS3,
  startLocalSecretsManager,
} from './start-services';
import { localizeWebAppUrls, localWebAppDomain } from './web-app-url';

export {
  DEFAULT_PORTS,
  type LocalStack,
  type LocalStackOptions,
  localParameters,
  type ReadyInfo,
} from './local-stack-types';
export { localIssuer } from './start-functions';

/**
 * `startLocalStack` runs the whole stack of template.yaml on this machine: the emulators, the
 * resources the template declares, its HTTP APIs, functions and event sources, and the web app.
 * The CLI (`npm start`) is a thin shell around it; tests and the benchmark call it directly.
 */
const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/** API logical ids of the template, in template order, the implicit API last if it is used. */
function apiLogicalIds(template: CfnTemplate): string[] {
  const ids = resourcesOfType(template, 'AWS::Serverless::HttpApi').map(([id]) => id);
  const usesImplicit = resourcesOfType(template, 'AWS::Serverless::Function').some(([, fn]) =>
    Object.values(
      (fn.Properties?.Events ?? {}) as Record<string, { Type: string; Properties?: { ApiId?: unknown } }>,
    ).some((e) => e.Type === 'HttpApi' && referencedId(e.Properties?.ApiId) === undefined),
  );
  return usesImplicit ? [...ids, IMPLICIT_API] : ids;
}

/**
 * Starts the stack. With `freePorts`, the ports of the web app and DynamoDB Local are picked before
 * they can be bound (the web origin goes into CORS rules first; Java takes seconds to start), and
 * another process may take one meanwhile: the start is then tried again on new ports.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const { ports } = options;
  const chosen = new Set([options.webPort, ports?.dynamodb, ports?.s3, ports?.cognito, ports?.ses]);
  for (const port of Object.values(ports?.apis ?? {})) chosen.add(port);
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      const picked = error instanceof PortInUseError && !chosen.has(error.port);
      if (!options.freePorts || !picked || attempt === 3) throw error;
      (options.logger ?? createConsoleLogger()).warn('start', `${error.message} Trying new ports.`);
    }
  }
}

async function startOnce(options: LocalStackOptions): Promise<LocalStack> {
  const started = performance.now();
  const log = options.logger ?? createConsoleLogger();
  const took = (what: string) =>
    log.debug('start', `${what} after ${Math.round(performance.now() - started)} ms`);
  // The SDK warns that this Node.js is older than it will require in 2027; the runtime's own
  // clients need not repeat that on every start (handlers get the same setting, see lambda-env.ts).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const rootDir = resolve(options.rootDir ?? ROOT);
  const template = loadTemplate(options.templatePath ?? join(rootDir, 'template.yaml'));
  const cleanup = new Cleanup();
  const health = new EmulatorHealth();
  const host = listenHosts(options.emulatorsOnly ?? false);
  const publicHost = 'localhost';

  // ---------------------------------------------------------------- what must hold before anything starts
  assertJava17();
  const apiIds = apiLogicalIds(template);
  const fixed = (value: number | undefined, fallback: number) => value ?? (options.freePorts ? 0 : fallback);
  const ports = {
    web: options.emulatorsOnly || options.web === false ? null : (options.webPort ?? DEFAULT_PORTS.web),
    dynamodb: fixed(options.ports?.dynamodb, DEFAULT_PORTS.dynamodb),
    s3: fixed(options.ports?.s3, DEFAULT_PORTS.s3),
    cognito: fixed(options.ports?.cognito, DEFAULT_PORTS.cognito),
    ses: fixed(options.ports?.ses, DEFAULT_PORTS.ses),
    apis: Object.fromEntries(
      apiIds.map((id, i) => [id, fixed(options.ports?.apis?.[id], DEFAULT_PORTS.firstApi + i)]),
    ),
  };
  await assertPortsFree([
    ...(ports.web ? [{ port: ports.web, purpose: 'web app' }] : []),
    { port: ports.dynamodb, purpose: 'DynamoDB Local' },
    { port: ports.s3, purpose: 'S3 (s3rver)' },
    { port: ports.cognito, purpose: 'Cognito (cognito-local)' },
    { port: ports.ses, purpose: 'SES (aws-ses-v2-local)' },
    ...(options.emulatorsOnly
      ? []
      : apiIds.map((id) => ({ port: ports.apis[id]!, purpose: `HTTP API ${id}` }))),
  ]);
  // Ports needed before listening: the web origin goes into CORS rules, DynamoDB Local takes no 0.
  if (ports.web === 0) ports.web = await freePort();
  if (ports.dynamodb === 0) ports.dynamodb = await freePort();

  const dataRoot = resolve(options.dataDir ?? join(rootDir, '.local'));
  claimDataDir(dataRoot, (m) => log.info('data', m));
  cleanup.add('data directory', () => releaseDataDir(dataRoot));

  try {
    const data: DataDir = openDataDir(dataRoot, { reset: options.reset });
    const refs: Record<string, string> = {};
    const getAtts: Record<string, string> = {};
    const ctx = localContext(template, {
      stackName: options.stackName ?? 'todo-local',
      stackUuid: data.state.stackUuid,
      secret: data.state.secret,
      parameters: {
        ...localParameters(template, ports.web ? `http://${publicHost}:${ports.web}` : null),
        ...options.parameters,
      },
      refs,
      getAtts,
    });
    for (const id of apiIds) refs[id] = localApiId(id);
    // The web app's CloudFront address (e.g. the link in reminder emails) is the local web app's.
    if (ports.web) localWebAppDomain(template, getAtts, `${publicHost}:${ports.web}`);
    const inbox = new CodeInbox();
    const emulator: EmulatorContext = { template, ctx, data, cleanup, log, host, publicHost, health, took };

    const sources = options.emulatorsOnly ? [] : functionSources(template, rootDir);
    const buildDirs = new Map(
      [...new Set(sources.map((s) => s.codeDir))].map((dir) => [dir, createBuildDir(dir)]),
    );
    cleanup.add('bundles', () => {
      for (const dir of buildDirs.values()) removeBuildDir(dir);
    });
    const bundlers = new Map([...buildDirs].map(([dir, out]) => [dir, new FunctionBundler(out)]));
    cleanup.add('source watchers', () => {
      for (const bundler of bundlers.values()) bundler.close();
    });

    // ---------------------------------------------------------------- in parallel: emulators, bundles, web server
    let publishS3: ((event: S3ObjectEvent) => void) | undefined;
    let config: AppConfig | null = null;
    let apiUrls: Record<string, { apiId: string; url: string; routes: number }> = {};
    const [dynamodb, s3, { cognito, pools }, runtimeFile, web, ses, scheduler] = await allOrFirstError([
      startLocalDynamoDb(emulator, ports.dynamodb, getAtts),
      startLocalS3(emulator, ports.s3, (event) => publishS3?.(event)),
      startLocalCognito(emulator, ports.cognito, refs, (notice) => {
        inbox.receive(notice);
        log.print(codeLine(notice));
        options.onCode?.(notice);
      }),
      (async () => {
        const [firstDir] = [...buildDirs.values()];
        if (!firstDir) return null;
        const runtimeFile = await buildWorkerRuntime(firstDir);
        // Every handler is built now: a build error shows at start, and no first request waits for esbuild.
        const results = await Promise.allSettled(sources.map((s) => bundlers.get(s.codeDir)!.current(s)));
        for (const r of results) if (r.status === 'rejected') log.error('build', (r.reason as Error).message);
        took('handlers bundled');
        return runtimeFile;
      })(),
      (async () => {
        if (ports.web === null) return null;
        // Vite takes a while, so it starts alongside; config.json answers 503 until the stack is ready.
        const server = await startWebServer({
          port: ports.web,
          host,
          publicHost,
          rootDir,
          config: () => (config ? { ...config } : null),
          links: () => Object.fromEntries(Object.entries(apiUrls).map(([id, { url }]) => [id, url])),
          log: (level, message) => log[level]('web', message),
        });
        cleanup.add('web server', () => server.stop());
        took('web app served');
        return server;
      })(),
      startLocalMail(emulator, ports.ses, (email) => options.onEmail?.(email)),
      startLocalScheduler(emulator, 0),
    ] as const);
    const secrets = await startLocalSecretsManager(emulator);
    const endpoints = {
      SCHEDULER: scheduler.endpoint,
      SESV2: ses.endpoint,
      COGNITO_IDENTITY_PROVIDER: cognito.endpoint,
      SECRETS_MANAGER: secrets.endpoint,
    };

    // ---------------------------------------------------------------- functions, APIs, event sources
    const functions = new Map<string, LocalFunction>();
    let events: RunningEventSources | null = null;
    let envJsonPath: string | null = null;
    if (options.emulatorsOnly) {
      envJsonPath = options.envJsonPath ?? join(rootDir, 'env.json');
      // As a container sees the host: `sam local` runs the functions in Docker.
      const docker = (port: number | string) => `http://host.docker.internal:${port}`;
      writeSamEnvVars(
        envJsonPath,
        samEnvVars(functionConfigs(template, functionSources(template, rootDir), ctx), {
          DYNAMODB: docker(ports.dynamodb),
          S3: docker(new URL(s3.endpoint).port),
          ...Object.fromEntries(
            Object.entries(endpoints).map(([id, url]) => [id, docker(new URL(url).port)]),
          ),
        }),
      );
    } else {
      const configs = localizeWebAppUrls(functionConfigs(template, sources, ctx), web?.url);
      for (const [id, fn] of createLocalFunctions(configs, {
        bundlerFor: (dir) => bundlers.get(dir)!,
        runtimeFile: runtimeFile!,
        endpoints: { dynamodb: dynamodb.endpoint, s3: s3.endpoint, more: endpoints },
        maxConcurrency: options.maxConcurrency ?? 4,
        log,
      })) {
        functions.set(id, fn);
      }
      cleanup.add('functions', () =>
        Promise.all([...functions.values()].map((f) => f.stop())).then(() => {}),
      );
      apiUrls = await startHttpApis(httpApis(template, configs, ctx), {
        functions,
        ports: ports.apis,
        host,
        publicHost,
        cognitoIssuerDomain: cognito.issuerDomain,
        throttling: options.throttling ?? true,
        unavailable: () => health.unavailable(),
        cleanup,
        log,
      });
      const running = startEventSources({
        functions,
        configs,
        dynamodbEndpoint: dynamodb.endpoint,
        region: LOCAL_REGION,
        credentials: S3RVER_CREDENTIALS,
        checkpointsPath: data.checkpoints,
        deadLetterDir: data.deadLetters,
        log,
        s3RetryDelaysMs: options.s3RetryDelaysMs ?? [1000, 2000],
        streamBackoffMs: options.streamBackoffMs ?? ((attempt) => Math.min(5000, 100 * 2 ** (attempt - 1))),
      });
      events = running;
      startScheduleRunner(emulator, scheduler.store, configs, functions);
      publishS3 = (event) => running.publishS3(event);
      // Stop polling first, then the functions (which ends in-flight deliveries), then wait.
      cleanup.add('event sources', async () => {
        const stopped = running.stop();
        await Promise.all([...functions.values()].map((f) => f.stop()));
        await stopped;
      });
      // config.json is built from the outputs, as the deploy builds it; a template without them gets none.
      try {
        config = appConfigFromOutputs(localOutputs(template, ctx, apiUrls), {
          kind: 'local',
          cognitoEndpoint: cognito.endpoint,
        });
      } catch (error) {
        if (ports.web !== null) log.warn('web', `no /config.json: ${(error as Error).message}`);
      }
    }

    const pool = pools[0];
    const info: ReadyInfo = {
      webUrl: web?.url ?? null,
      todosApiUrl: config?.todosApiUrl ?? null,
      filesApiUrl: config?.filesApiUrl ?? null,
      cognitoEndpoint: cognito.endpoint,
      userPoolId: pool?.userPoolId ?? null,
      userPoolClientId: pool?.clients[0]?.clientId ?? null,
      s3Endpoint: s3.endpoint,
      dynamodbEndpoint: dynamodb.endpoint,
      sesEndpoint: ses.endpoint,
      schedulerEndpoint: scheduler.endpoint,
      region: LOCAL_REGION,
      dataDir: data.root,
      apis: Object.fromEntries(Object.entries(apiUrls).map(([id, { url }]) => [id, url])),
      tables: Object.fromEntries(dynamodb.tables.map((t) => [t.logicalId, t.tableName])),
      buckets: Object.fromEntries(s3.buckets.map((b) => [b.logicalId, b.bucketName])),
      pids: { runtime: process.pid, dynamodb: dynamodb.pid },
      readyMs: Math.round(performance.now() - started),
    };
    let stopping: Promise<void> | undefined;
    return {
      ...info,
      info,
      listenHosts: host,
      appConfig: config,
      webMode: web?.mode ?? null,
      envJsonPath,
      routes: Object.fromEntries(Object.entries(apiUrls).map(([id, { routes }]) => [id, routes])),
      codes: inbox.codes,
      functions,
      s3Idle: () => events?.s3Idle() ?? Promise.resolve(),
      waitForCode: (email, purpose, timeoutMs) => inbox.waitFor(email, purpose, timeoutMs),
      stop() {
        health.markStopping();
        stopping ??= cleanup.run(log);
        return stopping;
      },
    };
  } catch (error) {
    health.markStopping();
    await cleanup.run(log);
    throw error;
  }
}
