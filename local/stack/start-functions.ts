import { S3RVER_CREDENTIALS } from '../emulators/s3rver';
import { formatHandlerLine } from '../handler-output';
import { createJwtAuthorizer, type JwtAuthorizer } from '../http-api/jwt-authorizer';
import type { HttpApiSpec } from '../http-api/routes';
import { startHttpApi } from '../http-api/server';
import type { FunctionBundler } from '../lambda/bundler';
import type { FunctionConfig } from '../lambda/catalog';
import { lambdaEnvironment } from '../lambda/lambda-env';
import { LocalFunction } from '../lambda/local-function';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../local-context';
import type { Logger } from '../log';
import type { ListenHosts } from '../ports';
import type { Cleanup } from './cleanup';

/**
 * The template's functions as local functions (environment pointed at the emulators, output
 * shown in the console), and its HTTP APIs in front of them, each with its JWT authorizers.
 */
export function createLocalFunctions(
  configs: FunctionConfig[],
  options: {
    bundlerFor(codeDir: string): FunctionBundler;
    runtimeFile: string;
    /** More: other services' endpoints by SDK id (AWS_ENDPOINT_URL_<ID>). */
    endpoints: { dynamodb: string; s3: string; more?: Record<string, string> };
    maxConcurrency: number;
    log: Logger;
  },
): Map<string, LocalFunction> {
  const { log } = options;
  const node = Number(process.versions.node.split('.')[0]);
  const runtimes = new Set(configs.map((fn) => fn.runtime));
  for (const runtime of runtimes) {
    const major = Number(/nodejs(\d+)/.exec(runtime)?.[1] ?? node);
    if (major !== node) {
      log.warn(
        'functions',
        `the template says ${runtime}; handlers run on this machine's Node.js ${process.versions.node}`,
      );
    }
  }
  const functions = new Map<string, LocalFunction>();
  for (const fn of configs) {
    functions.set(
      fn.logicalId,
      new LocalFunction(fn, {
        bundler: options.bundlerFor(fn.codeDir),
        runtimeFile: options.runtimeFile,
        env: lambdaEnvironment(fn, {
          region: LOCAL_REGION,
          accountId: LOCAL_ACCOUNT,
          credentials: S3RVER_CREDENTIALS,
          endpoints: {
            DYNAMODB: options.endpoints.dynamodb,
            DYNAMODB_STREAMS: options.endpoints.dynamodb,
            S3: options.endpoints.s3,
            ...options.endpoints.more,
          },
        }),
        region: LOCAL_REGION,
        accountId: LOCAL_ACCOUNT,
        maxConcurrency: options.maxConcurrency,
        onOutput: (line) => {
          const formatted = formatHandlerLine(line);
          log[formatted.level](fn.logicalId, formatted.text);
        },
        onEvent: (message, level = 'info') => log[level](fn.logicalId, message),
      }),
    );
  }
  return functions;
}

/** The template's issuer for a user pool, mapped to cognito-local, which issues the tokens locally. */
export function localIssuer(issuer: string, cognitoIssuerDomain: string): string {
  const match = /^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com\/(.+)$/.exec(issuer);
  return match ? `${cognitoIssuerDomain}/${match[1]}` : issuer;
}

export async function startHttpApis(
  specs: HttpApiSpec[],
  options: {
    functions: Map<string, LocalFunction>;
    ports: Record<string, number>;
    host: ListenHosts;
    publicHost: string;
    cognitoIssuerDomain: string;
    throttling: boolean;
    unavailable(): string | undefined;
    cleanup: Cleanup;
    log: Logger;
  },
): Promise<Record<string, { apiId: string; url: string; routes: number }>> {
  const { log } = options;
  const apis: Record<string, { apiId: string; url: string; routes: number }> = {};
  for (const spec of specs) {
    for (const route of spec.routes) {
      if (route.payloadFormatVersion !== '2.0') {
        log.warn(
          spec.logicalId,
          `${route.routeKey}: payload format ${route.payloadFormatVersion} is not emulated (2.0 is)`,
        );
      }
    }
    const authorizers = new Map<string, JwtAuthorizer>();
    for (const auth of Object.values(spec.authorizers)) {
      const issuer = localIssuer(auth.issuer, options.cognitoIssuerDomain);
      const authorizer = createJwtAuthorizer({ ...auth, issuer, jwksUrl: `${issuer}/.well-known/jwks.json` });
      await authorizer.warm();
      authorizers.set(auth.name, authorizer);
    }
    const api = await startHttpApi({
      api: spec,
      port: options.ports[spec.logicalId] ?? 0,
      host: options.host,
      functions: options.functions,
      authorizers,
      accountId: LOCAL_ACCOUNT,
      throttling: options.throttling,
      unavailable: options.unavailable,
      log,
    });
    options.cleanup.add(`HTTP API ${spec.logicalId}`, () => api.stop());
    apis[spec.logicalId] = {
      apiId: spec.apiId,
      url: `http://${options.publicHost}:${api.port}`,
      routes: spec.routes.length,
    };
  }
  return apis;
}
