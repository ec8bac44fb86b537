import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { expectError, expectNoInternals } from '../../test/support/assertions';
import { type ApiEventOptions, apiEvent, call } from '../../test/support/events';
import { captureStdout } from '../../test/support/stdout';
import { CreateTodoBody } from '../todos/schemas';

// Log every level here, so the checks on what the access log prints are not vacuous.
vi.hoisted(() => {
  process.env.LOG_LEVEL = 'debug';
});
const { callerId, httpHandler, ok, parseBody } = await import('./http');
afterAll(() => {
  process.env.LOG_LEVEL = 'error';
});

const reached = vi.fn();
/** A route that reads the caller and a CreateTodoBody, and echoes both. */
const echo = httpHandler(async (event) => {
  const caller = callerId(event);
  const body = parseBody(event, CreateTodoBody);
  reached();
  return ok({ caller, body });
});
const send = (options: ApiEventOptions) =>
  call(echo, apiEvent({ method: 'POST', path: '/todos', userId: 'user-1', ...options }));

let stdout: ReturnType<typeof captureStdout>;
beforeEach(() => {
  reached.mockClear();
  stdout = captureStdout();
});
afterEach(() => stdout.restore());

describe('http layer: content type', () => {
  it.each([
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/jsonp',
  ])('answers 415 for a %s body', async (contentType) => {
    // Act
    const result = await send({ body: { title: 'x' }, contentType });
    // Assert
    expectError(result, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(reached).not.toHaveBeenCalled();
  });

  it('answers 415 for a body sent without any content type', async () => {
    // Act
    const result = await send({ body: { title: 'x' }, contentType: null });
    // Assert
    expectError(result, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON',
    'application/merge-patch+json',
  ])('accepts a %s body', async (contentType) => {
    // Act
    const result = await send({ body: { title: 'Buy milk' }, contentType });
    // Assert
    expect(result.status).toBe(200);
    expect(result.body.body).toEqual({ title: 'Buy milk' });
  });

  it('finds the content type whatever the case of the header name', async () => {
    // Act
    const result = await send({
      rawBody: '{"title":"Buy milk"}',
      contentType: null,
      headers: { 'Content-Type': 'application/json' },
    });
    // Assert
    expect(result.status).toBe(200);
  });
});

describe('http layer: body parsing', () => {
  it.each(['{"title": "x",}', '{"title": ', "{'title': 'x'}", 'undefined', '{"title":"x"}}'])(
    'answers 400 MALFORMED_JSON for %j',
    async (rawBody) => {
      // Act
      const result = await send({ rawBody });
      // Assert
      expectError(result, 400, 'MALFORMED_JSON');
      expectNoInternals(result, ['SyntaxError', 'Unexpected token', 'position']);
      expect(reached).not.toHaveBeenCalled();
    },
  );

  it('decodes a base64-encoded body as UTF-8 before parsing it', async () => {
    // Act
    const result = await send({ body: { title: 'Café ☕ 日本', description: 'ü' }, base64: true });
    // Assert
    expect(result.status).toBe(200);
    expect(result.body.body).toEqual({ title: 'Café ☕ 日本', description: 'ü' });
  });

  it('answers 400 MALFORMED_JSON for a base64-encoded body that is not JSON', async () => {
    // Act
    const result = await send({ rawBody: 'title=x', base64: true });
    // Assert
    expectError(result, 400, 'MALFORMED_JSON');
  });

  it('answers 400 when the body is missing', async () => {
    // Act
    const result = await send({});
    // Assert
    expectError(result, 400, 'VALIDATION_ERROR');
  });

  it.each(['[]', 'null', '"Buy milk"', '42', 'true'])(
    'answers 400 when the JSON body %s is not an object',
    async (rawBody) => {
      // Act
      const result = await send({ rawBody });
      // Assert
      expectError(result, 400, 'VALIDATION_ERROR');
    },
  );

  it('names each invalid field in the details of a 400', async () => {
    // Act
    const result = await send({ body: { title: 7, dueDate: '2025-02-30', owner: 'x' } });
    // Assert
    expectError(result, 400, 'VALIDATION_ERROR');
    const paths = result.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['title', 'dueDate']));
    expect(JSON.stringify(result.body.error.details)).toContain('owner');
  });

  it('rejects a "__proto__" key as an unknown field instead of letting it through', async () => {
    // Act
    const result = await send({ rawBody: '{"title":"x","__proto__":{"admin":true}}' });
    // Assert
    expectError(result, 400, 'VALIDATION_ERROR');
  });
});

describe('http layer: caller', () => {
  it('answers 401 when the JWT has no sub claim, before reading the body', async () => {
    // Act
    const result = await send({ userId: null, rawBody: 'not json', contentType: 'text/plain' });
    // Assert
    expectError(result, 401, 'UNAUTHORIZED');
    expect(reached).not.toHaveBeenCalled();
  });

  it('answers 401 when the sub claim is empty', async () => {
    // Act
    const result = await send({ userId: '', body: { title: 'x' } });
    // Assert
    expectError(result, 401, 'UNAUTHORIZED');
  });

  it('answers 401 when the request carries no authorizer context at all', async () => {
    // Arrange
    const event = apiEvent({ method: 'POST', body: { title: 'x' } });
    delete (event.requestContext as { authorizer?: unknown }).authorizer;
    // Act
    const result = await call(echo, event);
    // Assert
    expectError(result, 401, 'UNAUTHORIZED');
  });

  it('takes the caller from the token only, never from a header or the body', async () => {
    // Act
    const result = await send({ body: { title: 'x' }, headers: { 'x-user-id': 'intruder' } });
    // Assert
    expect(result.body.caller).toBe('user-1');
  });
});

describe('http layer: responses and logs', () => {
  it('marks JSON responses as uncacheable JSON', async () => {
    // Act
    const success = await send({ body: { title: 'x' } });
    const failure = await send({ rawBody: '{' });
    // Assert
    for (const result of [success, failure]) {
      expect(result.headers['content-type']).toMatch(/^application\/json/);
      expect(result.headers['cache-control']).toBe('no-store');
    }
  });

  it('writes one access log line with route and status, and never the bearer token', async () => {
    // Act
    await send({ body: { title: 'x' }, headers: { authorization: 'Bearer eyJ.SECRET-TOKEN.sig' } });
    // Assert
    expect(stdout.text()).not.toContain('SECRET-TOKEN');
    const access = stdout.lines().filter((line) => line.message === 'request');
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({ status: 200, route: 'POST /todos' });
  });

  it('turns an unexpected exception into a generic 500, logged for operators', async () => {
    // Arrange
    const failing = httpHandler(async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'Item')");
    });
    // Act
    const result = await call(failing, apiEvent({}));
    // Assert
    expectError(result, 500, 'INTERNAL_ERROR');
    expectNoInternals(result, ['TypeError', 'Cannot read properties', 'Item']);
    expect(stdout.text()).toContain('Cannot read properties');
  });
});
