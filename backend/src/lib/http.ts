import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type * as z from 'zod/mini';
import { MalformedJsonError, UnauthorizedError, UnsupportedMediaTypeError, ValidationError } from './errors';
import { errorResponse } from './http-errors';
import { logger, setLogContext } from './logger';
import { parseWith } from './parse-with';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResult = APIGatewayProxyStructuredResultV2;

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): ApiResult {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

export const ok = (body: unknown) => json(200, body);
export const created = (body: unknown) => json(201, body);
export const noContent = (): ApiResult => ({ statusCode: 204, headers: { 'cache-control': 'no-store' } });

/** The caller is the token's `sub`, put there by the JWT authorizer; nothing else selects the user. */
export function callerId(event: ApiEvent): string {
  const sub = event.requestContext?.authorizer?.jwt?.claims?.sub;
  if (typeof sub !== 'string' || sub === '') throw new UnauthorizedError();
  return sub;
}

function headerValue(event: ApiEvent, name: string): string | undefined {
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** Decode, parse and validate a JSON body: 415 for non-JSON, 400 for malformed or invalid. */
export function parseBody<S extends z.ZodMiniType>(event: ApiEvent, schema: S): z.infer<S> {
  const raw = event.body;
  if (raw === undefined || raw === null || raw === '') {
    throw new ValidationError('A JSON request body is required.');
  }
  const contentType = headerValue(event, 'content-type');
  if (!contentType || !JSON_MEDIA_TYPE.test(contentType)) throw new UnsupportedMediaTypeError();
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new MalformedJsonError();
  }
  return parseWith(schema, value, 'request body');
}

export function parseQuery<S extends z.ZodMiniType>(event: ApiEvent, schema: S): z.infer<S> {
  return parseWith(schema, event.queryStringParameters ?? {}, 'query string');
}

type Handler = (event: ApiEvent, context: Context) => Promise<ApiResult>;

/**
 * Wraps a route: request-scoped log context, one access log line, and every thrown error
 * turned into the contract's error shape. Handlers only parse, call the domain and shape.
 */
export function httpHandler(route: Handler): Handler {
  return async (event, context) => {
    const started = Date.now();
    setLogContext({
      requestId: event.requestContext?.requestId,
      awsRequestId: context?.awsRequestId,
      route: event.routeKey,
    });
    let result: ApiResult;
    try {
      result = await route(event, context);
    } catch (error) {
      result = errorResponse(error);
    }
    logger.info('request', { status: result.statusCode, durationMs: Date.now() - started });
    return result;
  };
}
