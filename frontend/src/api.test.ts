import { describe, expect, it, vi } from 'vitest';
import { Api, type TokenSource } from './api';
import { ApiError, NetworkError, SessionExpiredError, UploadCancelledError } from './errors';

const config = { todosApiUrl: 'https://todos.test', filesApiUrl: 'https://files.test' };

function tokens(initial = 't1', refreshed = 't2'): TokenSource & { refresh: ReturnType<typeof vi.fn> } {
  return { getAccessToken: vi.fn(async () => initial), refresh: vi.fn(async () => refreshed) };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function setup(...responses: (Response | Error)[]) {
  const fetchFn = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => {
    const next = responses.shift();
    if (!next) throw new Error('unexpected request');
    if (next instanceof Error) throw next;
    return next;
  });
  const source = tokens();
  const api = new Api(config, source, { fetch: fetchFn as typeof fetch });
  const request = (i = 0) => {
    const [url, init] = fetchFn.mock.calls[i] ?? [];
    return {
      url: String(url),
      init: init as RequestInit,
      headers: (init?.headers ?? {}) as Record<string, string>,
    };
  };
  return { api, fetchFn, source, request };
}

describe('Api requests', () => {
  it('sends the access token as a bearer token and JSON bodies with their content type', async () => {
    const { api, request } = setup(json(201, { todoId: '1', title: 'x' }));
    await api.createTodo({ title: 'x', dueDate: null });
    const { url, init, headers } = request();
    expect(url).toBe('https://todos.test/todos');
    expect(init.method).toBe('POST');
    expect(headers.authorization).toBe('Bearer t1');
    expect(headers['content-type']).toBe('application/json');
    expect(JSON.parse(String(init.body))).toEqual({ title: 'x', dueDate: null });
  });

  it('sends only the list parameters that are set (the API rejects unknown or empty ones)', async () => {
    const { api, request } = setup(
      json(200, { items: [], nextCursor: null }),
      json(200, { items: [], nextCursor: null }),
    );
    await api.listTodos({ status: 'all', q: '  ' });
    await api.listTodos({ status: 'open', q: 'milk', limit: 20, cursor: 'abc' });
    expect(request(0).url).toBe('https://todos.test/todos?status=all');
    expect(request(1).url).toBe('https://todos.test/todos?status=open&q=milk&limit=20&cursor=abc');
  });

  it('uses the files API for attachments and escapes ids in paths', async () => {
    const { api, request } = setup(
      json(200, { items: [], nextCursor: null }),
      new Response(null, { status: 204 }),
    );
    await api.listFiles('a/b');
    await expect(api.deleteFile('t', 'f')).resolves.toBeUndefined();
    expect(request(0).url).toBe('https://files.test/todos/a%2Fb/files');
    expect(request(1).url).toBe('https://files.test/todos/t/files/f');
    expect(request(1).init.method).toBe('DELETE');
  });

  it('asks for application/octet-stream when the browser knows no type', async () => {
    const { api, request } = setup(json(201, { file: {}, upload: {} }));
    await api.createUpload('t', { name: 'data.bin', type: '', size: 3 });
    expect(JSON.parse(String(request().init.body))).toEqual({
      fileName: 'data.bin',
      contentType: 'application/octet-stream',
      size: 3,
    });
  });

  it('turns the error body into an ApiError with its code, message and field details', async () => {
    const { api } = setup(
      json(400, {
        error: {
          code: 'VALIDATION_ERROR',
          message: 'Invalid request body.',
          details: [{ path: 'title', message: 'Too long.' }],
        },
      }),
    );
    const error = await api.createTodo({ title: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'VALIDATION_ERROR',
      details: [{ path: 'title', message: 'Too long.' }],
    });
  });

  it('copes with an error that has no JSON body', async () => {
    const { api } = setup(new Response('Bad gateway', { status: 502, statusText: 'Bad Gateway' }));
    await expect(api.getTodo('1')).rejects.toMatchObject({ status: 502, code: 'HTTP_502' });
  });

  it('retries once with fresh tokens after a 401', async () => {
    const { api, source, request } = setup(
      json(401, { message: 'Unauthorized' }),
      json(200, { todoId: '1' }),
    );
    await expect(api.getTodo('1')).resolves.toEqual({ todoId: '1' });
    expect(source.refresh).toHaveBeenCalledTimes(1);
    expect(request(1).headers.authorization).toBe('Bearer t2');
  });

  it('reports the session as expired when the retry is refused too', async () => {
    const { api } = setup(json(401, {}), json(401, {}));
    await expect(api.getTodo('1')).rejects.toBeInstanceOf(SessionExpiredError);
  });

  it('reports a request that got no answer as a network error', async () => {
    const { api } = setup(new TypeError('Failed to fetch'));
    await expect(api.getTodo('1')).rejects.toBeInstanceOf(NetworkError);
  });
});

describe('Api requests made as the page goes away', () => {
  it('PATCHes typed changes as a keepalive request with the last token, and answers the todo', async () => {
    const { api, request } = setup(json(200, { todoId: '1' }), json(200, { todoId: '1', notes: 'n' }));
    await api.getTodo('1');
    expect(await api.updateTodoOnExit('1', { notes: 'n' })).toEqual({ todoId: '1', notes: 'n' });
    const { url, init, headers } = request(1);
    expect(url).toBe('https://todos.test/todos/1');
    expect(init.method).toBe('PATCH');
    expect(init.keepalive).toBe(true);
    expect(headers.authorization).toBe('Bearer t1');
    expect(headers['content-type']).toBe('application/json');
    expect(JSON.parse(String(init.body))).toEqual({ notes: 'n' });
  });

  it('DELETEs the same way, and rejects a refused PATCH with the server’s error', async () => {
    const { api, request } = setup(
      json(200, { todoId: '1' }),
      new Response(null, { status: 204 }),
      json(400, { error: { code: 'VALIDATION_ERROR', message: 'Invalid request body.' } }),
    );
    await api.getTodo('1');
    api.deleteTodoOnExit('1');
    expect(request(1).init).toMatchObject({ method: 'DELETE', keepalive: true });
    expect(request(1).headers.authorization).toBe('Bearer t1');
    await expect(api.updateTodoOnExit('1', { title: '' })).rejects.toMatchObject({ status: 400 });
  });

  it('sends nothing before any request has given it a token', async () => {
    const { api, fetchFn } = setup();
    await expect(api.updateTodoOnExit('1', { notes: 'n' })).rejects.toBeInstanceOf(SessionExpiredError);
    api.deleteTodoOnExit('1');
    expect(fetchFn).not.toHaveBeenCalled();
  });
});

/** Just enough XMLHttpRequest to watch what uploadBytes does with it. */
class FakeXhr {
  static last: FakeXhr;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  status = 0;
  aborted = false;
  upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  responseHeaders: Record<string, string> = {};
  getResponseHeader(name: string) {
    return this.responseHeaders[name.toLowerCase()] ?? null;
  }
}

describe('Api.uploadBytes', () => {
  const upload = {
    url: 'https://bucket.test/key?sig',
    method: 'PUT' as const,
    headers: { 'Content-Type': 'text/plain' },
    expiresAt: '',
  };
  const api = new Api(config, tokens(), { createXhr: () => new FakeXhr() as unknown as XMLHttpRequest });
  const body = new Blob(['hello world']);

  it('PUTs the bytes to the presigned URL with exactly the signed headers and reports progress', async () => {
    const onProgress = vi.fn();
    const done = api.uploadBytes(upload, body, { onProgress });
    const xhr = FakeXhr.last;
    expect(xhr).toMatchObject({
      method: 'PUT',
      url: upload.url,
      headers: { 'Content-Type': 'text/plain' },
      body,
    });
    xhr.upload.onprogress?.({ loaded: 5, total: 11, lengthComputable: true } as ProgressEvent);
    xhr.status = 200;
    xhr.onload?.();
    await done;
    expect(onProgress.mock.calls.map(([p]) => p)).toEqual([
      { loaded: 5, total: 11 },
      { loaded: 11, total: 11 },
    ]);
  });

  it('aborts the request when cancelled', async () => {
    const controller = new AbortController();
    const done = api.uploadBytes(upload, body, { signal: controller.signal });
    controller.abort();
    await expect(done).rejects.toBeInstanceOf(UploadCancelledError);
    expect(FakeXhr.last.aborted).toBe(true);
  });

  it('fails with the status S3 answered, or as a network error', async () => {
    const refused = api.uploadBytes(upload, body);
    FakeXhr.last.status = 403;
    FakeXhr.last.onload?.();
    await expect(refused).rejects.toMatchObject({ status: 403, code: 'UPLOAD_FAILED' });

    const dropped = api.uploadBytes(upload, body);
    FakeXhr.last.onerror?.();
    await expect(dropped).rejects.toBeInstanceOf(NetworkError);
  });
});

describe('Api.uploadPart', () => {
  const part = {
    partNumber: 2,
    url: 'https://bucket.test/key?partNumber=2&uploadId=u',
    method: 'PUT' as const,
    size: 5,
    headers: {},
    expiresAt: '',
  };
  const api = new Api(config, tokens(), { createXhr: () => new FakeXhr() as unknown as XMLHttpRequest });

  it('PUTs one slice and answers the ETag S3 sent back', async () => {
    const slice = new Blob(['hello world']).slice(0, 5);
    const done = api.uploadPart(part, slice);
    const xhr = FakeXhr.last;
    expect(xhr).toMatchObject({ method: 'PUT', url: part.url, body: slice });
    xhr.status = 200;
    xhr.responseHeaders = { etag: '"abc"' };
    xhr.onload?.();
    await expect(done).resolves.toBe('"abc"');
  });

  it('refuses a part answer without an ETag (CORS not exposing it)', async () => {
    const done = api.uploadPart(part, new Blob(['hello']));
    FakeXhr.last.status = 200;
    FakeXhr.last.onload?.();
    await expect(done).rejects.toMatchObject({ code: 'UPLOAD_FAILED' });
  });
});
