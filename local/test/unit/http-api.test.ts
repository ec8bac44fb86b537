import { describe, expect, it } from 'vitest';
import { preflightHeaders, responseCorsHeaders } from '../../http-api/cors';
import { stringifyClaims } from '../../http-api/jwt-authorizer';
import { fromInvokeResult, toApiEvent } from '../../http-api/payload';
import { type HttpApiSpec, matchRoute, type RouteSpec } from '../../http-api/routes';
import { TokenBucket } from '../../http-api/throttle';

const route = (method: string, path: string): RouteSpec => ({
  routeKey: `${method} ${path}`,
  method,
  path,
  functionLogicalId: `${method}${path}`,
  payloadFormatVersion: '2.0',
  segments: path.split('/').filter(Boolean),
});

const api = (routes: RouteSpec[]): HttpApiSpec => ({
  logicalId: 'Api',
  apiId: 'abc',
  stageName: '$default',
  authorizers: {},
  routes,
});

describe('route selection', () => {
  const routes = api([
    route('GET', '/todos'),
    route('GET', '/todos/{todoId}'),
    route('POST', '/todos/{todoId}/complete'),
    route('ANY', '/todos/{todoId}'),
    route('GET', '/todos/special'),
    route('ANY', '/{proxy+}'),
  ]);

  it('prefers exact paths over variables, variables over greedy, methods over ANY', () => {
    expect(matchRoute(routes, 'GET', '/todos/special')?.route.routeKey).toBe('GET /todos/special');
    expect(matchRoute(routes, 'GET', '/todos/42')?.route.routeKey).toBe('GET /todos/{todoId}');
    expect(matchRoute(routes, 'DELETE', '/todos/42')?.route.routeKey).toBe('ANY /todos/{todoId}');
    expect(matchRoute(routes, 'GET', '/other/deep/path')?.route.routeKey).toBe('ANY /{proxy+}');
  });

  it('decodes path parameters and gives greedy ones the rest of the path', () => {
    expect(matchRoute(routes, 'POST', '/todos/a%20b/complete')?.pathParameters).toEqual({ todoId: 'a b' });
    expect(matchRoute(routes, 'PUT', '/x/y%2Fz')?.pathParameters).toEqual({ proxy: 'x/y/z' });
  });

  it('matches nothing for an undeclared method or path', () => {
    const narrow = api([route('GET', '/todos')]);
    expect(matchRoute(narrow, 'POST', '/todos')).toBeUndefined();
    expect(matchRoute(narrow, 'GET', '/todos/1')).toBeUndefined();
    expect(matchRoute(narrow, 'GET', '/todos/')).toBeUndefined();
  });
});

describe('CORS configuration', () => {
  const cors = {
    AllowOrigins: ['http://localhost:5173', 'https://*.example.com'],
    AllowMethods: ['GET', 'POST'],
    AllowHeaders: ['authorization', 'content-type'],
    MaxAge: 600,
  };

  it('allows a configured origin, method and headers, case-insensitively for headers', () => {
    expect(preflightHeaders(cors, 'http://localhost:5173', 'POST', 'Authorization, Content-Type')).toEqual({
      'access-control-allow-origin': 'http://localhost:5173',
      'access-control-allow-methods': 'GET,POST',
      'access-control-allow-headers': 'authorization,content-type',
      'access-control-max-age': '600',
    });
    expect(preflightHeaders(cors, 'https://app.example.com', 'GET', '')).not.toBeNull();
  });

  it('adds nothing for another origin, method or header', () => {
    expect(preflightHeaders(cors, 'http://localhost:3000', 'GET', '')).toBeNull();
    expect(preflightHeaders(cors, 'http://localhost:5173', 'DELETE', '')).toBeNull();
    expect(preflightHeaders(cors, 'http://localhost:5173', 'GET', 'x-secret')).toBeNull();
    expect(responseCorsHeaders(cors, 'http://localhost:3000')).toEqual({});
    expect(responseCorsHeaders(cors, undefined)).toEqual({});
  });
});

describe('payload format 2.0 results', () => {
  it('treats a result without statusCode as a 200 JSON body', () => {
    expect(fromInvokeResult({ ok: true, value: { a: 1 } })).toMatchObject({
      statusCode: 200,
      body: Buffer.from('{"a":1}'),
    });
    expect(fromInvokeResult({ ok: true, value: 'text' }).body.toString()).toBe('text');
    expect(fromInvokeResult({ ok: true, value: [1, 2] }).body.toString()).toBe('[1,2]');
  });

  it('answers 500 for a failed invocation or an invalid status code', () => {
    expect(fromInvokeResult({ ok: false, error: { errorType: 'Error', errorMessage: 'x' } }).statusCode).toBe(
      500,
    );
    expect(fromInvokeResult({ ok: true, value: { statusCode: 99 } }).statusCode).toBe(500);
  });

  it('omits empty optional fields from the event', () => {
    const event = toApiEvent(
      {
        method: 'GET',
        url: '/todos',
        rawHeaders: ['Host', 'localhost:3001'],
        body: Buffer.alloc(0),
        sourceIp: '127.0.0.1',
        protocol: 'HTTP/1.1',
      },
      {
        routeKey: 'GET /todos',
        pathParameters: {},
        apiId: 'abc',
        stage: '$default',
        accountId: '0',
        requestId: 'r=',
      },
    );
    expect(event).not.toHaveProperty('body');
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('pathParameters');
    expect(event).not.toHaveProperty('cookies');
    expect(event.isBase64Encoded).toBe(false);
    expect(event.rawQueryString).toBe('');
  });
});

describe('authorizer claims', () => {
  it('are strings, arrays rendered as API Gateway renders them', () => {
    expect(
      stringifyClaims({ sub: 'u', exp: 12, 'cognito:groups': ['a', 'b'], email_verified: true }),
    ).toEqual({
      sub: 'u',
      exp: '12',
      'cognito:groups': '[a b]',
      email_verified: 'true',
    });
  });
});

describe('route throttling', () => {
  it('lets a burst through, then the refill rate', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 10, () => now);
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
    now += 100; // 10 per second: one token back
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
  });
});
