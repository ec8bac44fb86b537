import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';

export interface ApiEventOptions {
  /** The token's `sub`; `null` builds an event whose JWT carries no `sub` claim. */
  userId?: string | null;
  method?: string;
  path?: string;
  routeKey?: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  /** Serialized as JSON unless `rawBody` is given. */
  body?: unknown;
  rawBody?: string;
  /** Defaults to application/json when there is a body; `null` sends no content-type header. */
  contentType?: string | null;
  /** Send the body base64-encoded, as API Gateway does for binary media types. */
  base64?: boolean;
  headers?: Record<string, string>;
}

/** Builds API Gateway HTTP API (payload 2.0) events as the JWT authorizer hands them over. */
export function apiEvent(options: ApiEventOptions): APIGatewayProxyEventV2WithJWTAuthorizer {
  const text = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const body = text !== undefined && options.base64 ? Buffer.from(text, 'utf8').toString('base64') : text;
  const headers: Record<string, string> = { ...options.headers };
  if (body !== undefined && options.contentType !== null) {
    headers['content-type'] = options.contentType ?? 'application/json';
  }
  const claims = options.userId === null ? {} : { sub: options.userId ?? 'user-a' };
  const method = options.method ?? 'GET';
  const path = options.path ?? '/';
  const routeKey = options.routeKey ?? `${method} ${path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers,
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: options.base64 === true,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      routeKey,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: [] } },
    },
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

export const lambdaContext = { awsRequestId: 'test-request' } as Context;

export type HttpHandler = (e: APIGatewayProxyEventV2WithJWTAuthorizer, c: Context) => Promise<unknown>;

export interface CallResult {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are JSON, checked by each test's assertions
  body: any;
  /** The body exactly as the handler returned it (to check that nothing internal leaks). */
  rawBody: string | undefined;
  headers: Record<string, string>;
}

/** Invoke an HTTP handler and parse its JSON body. */
export async function call(
  handler: HttpHandler,
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
): Promise<CallResult> {
  const result = (await handler(event, lambdaContext)) as {
    statusCode: number;
    body?: string;
    headers?: Record<string, string>;
  };
  return {
    status: result.statusCode,
    body: result.body ? JSON.parse(result.body) : undefined,
    rawBody: result.body,
    headers: result.headers ?? {},
  };
}
