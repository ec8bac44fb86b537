import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { LocalFunction } from '../lambda/local-function';
import type { Logger } from '../log';
import { closeServer, type ListenHosts, listen } from '../ports';
import { guardRequests, pathForLog } from '../request-guard';
import { preflightHeaders, responseCorsHeaders } from './cors';
import type { JwtAuthorizer } from './jwt-authorizer';
import {
  fromInvokeResult,
  gatewayMessage,
  type HttpResponse,
  newRequestId,
  queryParameters,
  toApiEvent,
} from './payload';
import { type HttpApiSpec, matchRoute } from './routes';
import { TokenBucket } from './throttle';

/**
 * One HTTP API on its own port, in API Gateway's order: CORS preflight, route selection (404),
 * throttling (429), the JWT authorizer (401/403), then the function, whose result is mapped back.
 */
export interface HttpApiServerOptions {
  api: HttpApiSpec;
  port: number;
  host: ListenHosts;
  functions: Map<string, LocalFunction>;
  /** JWT authorizers of this API, by name. */
  authorizers: Map<string, JwtAuthorizer>;
  accountId: string;
  throttling: boolean;
  /** Names an emulator that is down (being restarted): requests then answer 503 at once. */
  unavailable?(): string | undefined;
  log: Logger;
}

export interface RunningHttpApi {
  port: number;
  stop(): Promise<void>;
}

/** API Gateway's payload limit for HTTP APIs. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const NO_BODY = new Set([204, 304]);

function send(
  res: ServerResponse,
  response: HttpResponse,
  extra: Record<string, string>,
  options: { head: boolean; corsConfigured: boolean },
) {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of response.headers) {
    // With a CORS configuration, API Gateway ignores the CORS headers a function returns.
    if (options.corsConfigured && name.startsWith('access-control-')) continue;
    if (name === 'content-length' || name === 'transfer-encoding' || name === 'connection') continue;
    const previous = headers[name];
    headers[name] =
      previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  Object.assign(headers, extra);
  const bodyless = NO_BODY.has(response.statusCode);
  if (!bodyless) headers['content-length'] = String(response.body.length);
  res.writeHead(response.statusCode, headers);
  res.end(options.head || bodyless ? undefined : response.body);
}

export async function startHttpApi(options: HttpApiServerOptions): Promise<RunningHttpApi> {
  const { api, log } = options;
  const buckets = new Map<string, TokenBucket>();
  const bucketFor = (routeKey: string) => {
    let bucket = buckets.get(routeKey);
    if (!bucket && api.throttle) {
      bucket = new TokenBucket(api.throttle.burstLimit, api.throttle.rateLimit);
      buckets.set(routeKey, bucket);
    }
    return bucket;
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const started = Date.now();
    const requestId = newRequestId();
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const path = url.split('?')[0]!;
    const origin = req.headers.origin;
    const cors = api.cors ? responseCorsHeaders(api.cors, origin) : {};
    const base = { 'apigw-requestid': requestId, ...cors };
    const head = method === 'HEAD';
    const finish = (response: HttpResponse, note: string) => {
      send(res, response, base, { head, corsConfigured: api.cors !== undefined });
      const line = `${method} ${pathForLog(path)} → ${response.statusCode} ${note} (${Date.now() - started} ms)`;
      if (response.statusCode >= 500) log.warn(api.logicalId, line);
      else log.info(api.logicalId, line);
    };

    const requestMethod = req.headers['access-control-request-method'];
    if (method === 'OPTIONS' && api.cors && origin && typeof requestMethod === 'string') {
      req.resume();
      const headers = preflightHeaders(
        api.cors,
        origin,
        requestMethod,
        String(req.headers['access-control-request-headers'] ?? ''),
      );
      res.writeHead(204, { 'apigw-requestid': requestId, ...(headers ?? {}) });
      res.end();
      log.debug(
        api.logicalId,
        `preflight ${requestMethod} ${path} from ${origin}: ${headers ? 'allowed' : 'refused'}`,
      );
      return;
    }

    const body = await readBody(req);
    if (body === null) return finish(gatewayMessage(413, 'Request Entity Too Large'), '(body over 10 MB)');
    const stagePrefix = api.stageName === '$default' ? '' : `/${api.stageName}`;
    if (stagePrefix && !path.startsWith(`${stagePrefix}/`))
      return finish(gatewayMessage(404, 'Not Found'), '(no route)');
    const match = matchRoute(api, method, path.slice(stagePrefix.length) || '/');
    if (!match) return finish(gatewayMessage(404, 'Not Found'), '(no route)');
    const { route } = match;
    const down = options.unavailable?.();
    if (down) {
      const response = gatewayMessage(503, 'Service Unavailable');
      response.headers.push(['retry-after', '1']);
      return finish(response, `(${down} is restarting)`);
    }
    if (options.throttling && bucketFor(route.routeKey)?.take() === false) {
      return finish(gatewayMessage(429, 'Too Many Requests'), '(throttled by DefaultRouteSettings)');
    }

    let authorizer: { claims: Record<string, string>; scopes: string[] | null } | undefined;
    if (route.authorizer) {
      const jwt = options.authorizers.get(route.authorizer);
      if (!jwt)
        return finish(
          gatewayMessage(500, 'Internal Server Error'),
          `(authorizer ${route.authorizer} unknown)`,
        );
      const queryAt = url.indexOf('?');
      const outcome = await jwt.authorize(
        {
          headers: req.headers as Record<string, string | undefined>,
          query: () => queryParameters(queryAt < 0 ? '' : url.slice(queryAt + 1)) ?? {},
        },
        route.authorizationScopes,
      );
      if (!outcome.ok) {
        const response: HttpResponse = {
          statusCode: outcome.status,
          headers: [
            ['content-type', 'application/json'],
            ...(outcome.wwwAuthenticate
              ? [['www-authenticate', outcome.wwwAuthenticate] as [string, string]]
              : []),
          ],
          body: Buffer.from(outcome.body),
        };
        return finish(response, `(${outcome.reason})`);
      }
      authorizer = { claims: outcome.claims, scopes: outcome.scopes };
    }

    const fn = options.functions.get(route.functionLogicalId);
    if (!fn)
      return finish(gatewayMessage(500, 'Internal Server Error'), `(${route.functionLogicalId} missing)`);
    const event = toApiEvent(
      {
        method,
        url,
        rawHeaders: req.rawHeaders,
        body,
        sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
        protocol: `HTTP/${req.httpVersion}`,
      },
      {
        routeKey: route.routeKey,
        pathParameters: match.pathParameters,
        apiId: api.apiId,
        stage: api.stageName,
        accountId: options.accountId,
        requestId,
        ...(authorizer ? { authorizer } : {}),
      },
    );
    const result = await fn.invoke(event);
    if (!result.ok) {
      log.error(fn.config.logicalId, `${result.error.errorType}: ${result.error.errorMessage}`);
    }
    finish(fromInvokeResult(result), fn.config.logicalId);
  }

  const server = createServer(
    guardRequests(handle, (error, _req, res) => {
      log.error(api.logicalId, `internal error: ${error.stack ?? error.message}`);
      send(res, gatewayMessage(500, 'Internal Server Error'), {}, { head: false, corsConfigured: false });
    }),
  );
  server.keepAliveTimeout = 65_000;
  const port = await listen(server, options.port, options.host, `HTTP API ${api.logicalId}`);
  return { port, stop: () => closeServer(server) };
}
