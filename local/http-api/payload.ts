import type { InvokeResult } from '../lambda/local-function';
import { randomId } from '../lambda/random-id';

/**
 * API Gateway's payload format 2.0, both ways: an HTTP request becomes the event a function
 * receives, and what the function returns becomes the HTTP response, including the shortcuts
 * API Gateway allows (a bare string or object is a 200 JSON response).
 */
export interface IncomingRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  /** Raw header list as [name, value] pairs, in arrival order. */
  rawHeaders: string[];
  body: Buffer;
  sourceIp: string;
  protocol: string;
}

export interface EventContext {
  routeKey: string;
  pathParameters: Record<string, string>;
  apiId: string;
  stage: string;
  accountId: string;
  requestId: string;
  authorizer?: { claims: Record<string, string>; scopes: string[] | null };
  now?: Date;
}

export interface HttpResponse {
  statusCode: number;
  headers: [string, string][];
  body: Buffer;
}

/** API Gateway request ids look like `Mc7UVioPPHcEKPA=`. */
export const newRequestId = () => randomId(10, 'base64');

const TEXT_TYPES = /^(text\/|application\/(json|javascript|xml|x-www-form-urlencoded)|[^;]*\+(json|xml))/i;

function combineHeaders(rawHeaders: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const value = rawHeaders[i + 1]!;
    // Format 2.0 has no multi-value fields: repeated headers are joined with commas.
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return headers;
}

const decodeQueryPart = (text: string) => {
  const spaced = text.includes('+') ? text.replace(/\+/g, ' ') : text;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
};

/** Decoded like a form (`+` is a space); repeated names joined with commas, as format 2.0 does. */
export function queryParameters(rawQuery: string): Record<string, string> | undefined {
  if (!rawQuery) return undefined;
  const params: Record<string, string> = {};
  for (const part of rawQuery.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = decodeQueryPart(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decodeQueryPart(part.slice(eq + 1));
    params[key] = key in params ? `${params[key]},${value}` : value;
  }
  return Object.keys(params).length ? params : undefined;
}

/** `12/Mar/2020:19:03:58 +0000`, the format of requestContext.time. */
function clfTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

export function toApiEvent(request: IncomingRequest, context: EventContext): Record<string, unknown> {
  const now = context.now ?? new Date();
  const queryAt = request.url.indexOf('?');
  const rawPath = queryAt < 0 ? request.url : request.url.slice(0, queryAt);
  const rawQueryString = queryAt < 0 ? '' : request.url.slice(queryAt + 1);
  const headers = combineHeaders(request.rawHeaders);
  const cookieHeader = headers.cookie;
  delete headers.cookie;
  const host = headers.host ?? '';
  headers['x-forwarded-for'] = request.sourceIp;
  headers['x-forwarded-port'] = host.includes(':') ? host.slice(host.lastIndexOf(':') + 1) : '80';
  headers['x-forwarded-proto'] = 'http';
  headers['x-amzn-trace-id'] =
    `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomId(12, 'hex')}`;
  const contentType = headers['content-type'] ?? '';
  const hasBody = request.body.length > 0;
  const isText = hasBody && TEXT_TYPES.test(contentType);
  const query = queryParameters(rawQueryString);
  const cookies = cookieHeader
    ?.split(';')
    .map((c) => c.trim())
    .filter(Boolean);
  const domainName = host.split(':')[0] ?? host;
  return {
    version: '2.0',
    routeKey: context.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies?.length ? { cookies } : {}),
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: context.accountId,
      apiId: context.apiId,
      ...(context.authorizer ? { authorizer: { jwt: context.authorizer } } : {}),
      domainName: host,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: request.method,
        path: rawPath,
        protocol: request.protocol,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: context.requestId,
      routeKey: context.routeKey,
      stage: context.stage,
      time: clfTime(now),
      timeEpoch: now.getTime(),
    },
    ...(Object.keys(context.pathParameters).length ? { pathParameters: context.pathParameters } : {}),
    ...(hasBody ? { body: isText ? request.body.toString('utf8') : request.body.toString('base64') } : {}),
    isBase64Encoded: hasBody && !isText,
  };
}

const JSON_TYPE: [string, string] = ['content-type', 'application/json'];

export function gatewayMessage(statusCode: number, message: string): HttpResponse {
  return { statusCode, headers: [JSON_TYPE], body: Buffer.from(JSON.stringify({ message })) };
}

export const INTERNAL_ERROR = () => gatewayMessage(500, 'Internal Server Error');

/** What API Gateway sends back for a function's result (or its failure). */
export function fromInvokeResult(result: InvokeResult): HttpResponse {
  if (!result.ok) return INTERNAL_ERROR();
  const value = result.value;
  const structured =
    typeof value === 'object' && value !== null && !Array.isArray(value) && 'statusCode' in value;
  if (!structured) {
    // Without a statusCode, API Gateway assumes 200, JSON, and the result itself as the body.
    const body = typeof value === 'string' ? value : JSON.stringify(value);
    return { statusCode: 200, headers: [JSON_TYPE], body: Buffer.from(body) };
  }
  const response = value as {
    statusCode: unknown;
    headers?: Record<string, unknown>;
    cookies?: unknown[];
    body?: unknown;
    isBase64Encoded?: unknown;
  };
  const status = Number(response.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) return INTERNAL_ERROR();
  const headers: [string, string][] = [];
  for (const [name, headerValue] of Object.entries(response.headers ?? {})) {
    if (headerValue === undefined || headerValue === null) continue;
    headers.push([name.toLowerCase(), String(headerValue)]);
  }
  for (const cookie of response.cookies ?? []) headers.push(['set-cookie', String(cookie)]);
  const rawBody = response.body === undefined || response.body === null ? '' : String(response.body);
  const body = response.isBase64Encoded === true ? Buffer.from(rawBody, 'base64') : Buffer.from(rawBody);
  return { statusCode: status, headers, body };
}
