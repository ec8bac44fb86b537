import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCursorCodec } from '../../backend/src/todos/cursor';
import { call } from './support/http';
import { useStackSession } from './support/stack-session';
import { claimsOf, signAsCognitoLocal, signWithStrangerKey, tamper } from './support/tokens';

/**
 * The whole runtime's API side, driven the way the web app drives it: the configuration it serves,
 * the resources it creates from template.yaml, the todos API behind the JWT authorizer and CORS,
 * and the cursor key it reads from its secret store.
 */
const app = useStackSession('local-stack-api');
const { todos, createTodo, dynamo } = app;

describe('resources and configuration from template.yaml', () => {
  it('serves /config.json with the local user pool, app client, API URLs and upload limit', async () => {
    const reply = await call(`${app.stack.webUrl}/config.json`);
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      region: 'us-east-1',
      userPoolId: app.stack.userPoolId,
      userPoolClientId: app.stack.userPoolClientId,
      todosApiUrl: app.stack.todosApiUrl,
      filesApiUrl: app.stack.filesApiUrl,
      maxUploadBytes: 5368709120,
      authFlow: 'USER_PASSWORD_AUTH',
      cognitoEndpoint: app.stack.cognitoEndpoint,
    });
  });

  it('serves the web app through Vite, with client-side routes falling back to index.html', async () => {
    expect(app.stack.webMode).toBe('vite');
    const page = await fetch(`${app.stack.webUrl}/some/client/route`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/@vite/client');
  });

  it('creates the tables with their keys and the todos stream, and the bucket named from the stack id', async () => {
    expect(app.stack.tables).toEqual({
      TodosTable: 'todo-local-TodosTable',
      FilesTable: 'todo-local-FilesTable',
    });
    expect(app.stack.buckets.AttachmentsBucket).toMatch(/^todo-000000000000-[0-9a-f]{12}-attachments$/);
    const client = dynamo();
    const { DescribeTableCommand } = await import('@aws-sdk/client-dynamodb');
    const { Table } = await client.send(new DescribeTableCommand({ TableName: app.stack.tables.TodosTable }));
    client.destroy();
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'userId', KeyType: 'HASH' },
      { AttributeName: 'todoId', KeyType: 'RANGE' },
    ]);
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'OLD_IMAGE' });
  });

  it('issues tokens whose issuer is cognito-local and whose client is the app client', () => {
    const claims = claimsOf(app.alice.accessToken);
    expect(claims.iss).toBe(`${app.stack.cognitoEndpoint}/${app.stack.userPoolId}`);
    expect(claims.client_id).toBe(app.stack.userPoolClientId);
    expect(claims.token_use).toBe('access');
  });
});

describe('todos API', () => {
  it('runs a todo through create, read, edit, complete, notes and delete', async () => {
    const created = await call(todos(), {
      method: 'POST',
      token: app.alice.accessToken,
      body: { title: 'Buy milk', description: 'semi-skimmed', dueDate: '2030-01-02' },
    });
    expect(created.status).toBe(201);
    const todo = created.json as { todoId: string; title: string; completed: boolean };
    expect(todo).toMatchObject({ title: 'Buy milk', completed: false });

    const list = await call(todos('?q=MILK'), { token: app.alice.accessToken });
    expect(list.status).toBe(200);
    expect((list.json as { items: { todoId: string }[] }).items.map((t) => t.todoId)).toContain(todo.todoId);

    const edited = await call(todos(`/${todo.todoId}`), {
      method: 'PATCH',
      token: app.alice.accessToken,
      body: { title: 'Buy oat milk' },
    });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ title: 'Buy oat milk' });

    const completed = await call(todos(`/${todo.todoId}/complete`), {
      method: 'POST',
      token: app.alice.accessToken,
    });
    expect(completed.status).toBe(200);
    expect(completed.json).toMatchObject({ completed: true });

    const notes = await call(todos(`/${todo.todoId}/notes`), {
      method: 'PUT',
      token: app.alice.accessToken,
      body: { notes: 'from the corner shop' },
    });
    expect(notes.status).toBe(200);

    const read = await call(todos(`/${todo.todoId}`), { token: app.alice.accessToken });
    expect(read.json).toMatchObject({
      title: 'Buy oat milk',
      completed: true,
      notes: 'from the corner shop',
    });

    // Another user sees it as absent.
    expect((await call(todos(`/${todo.todoId}`), { token: app.bob.accessToken })).status).toBe(404);

    const deleted = await call(todos(`/${todo.todoId}`), { method: 'DELETE', token: app.alice.accessToken });
    expect(deleted.status).toBe(204);
    expect((await call(todos(`/${todo.todoId}`), { token: app.alice.accessToken })).status).toBe(404);
  });

  it("returns the handler's own 404 for an unknown todo id, with API Gateway's request id header", async () => {
    const reply = await call(todos('/not-a-ulid'), { token: app.alice.accessToken });
    expect(reply.status).toBe(404);
    expect(reply.headers.get('apigw-requestid')).toMatch(/=$/);
    expect(reply.json).toMatchObject({ error: { code: expect.any(String) } });
  });

  it('answers 404 with API Gateway body for a route the template does not declare', async () => {
    const reply = await call(`${app.stack.todosApiUrl}/nope`, { token: app.alice.accessToken });
    expect(reply.status).toBe(404);
    expect(reply.json).toEqual({ message: 'Not Found' });
  });
});

describe('JWT authorizer', () => {
  const invocations = () => app.stack.functions.get('SetTodoNotesFunction')!.invocations;
  const notesUrl = () => todos('/01J00000000000000000000000/notes');

  async function expectRefused(token: string | undefined, description: RegExp | null) {
    const reply = await call(notesUrl(), {
      method: 'PUT',
      body: { notes: 'x' },
      ...(token === undefined ? {} : { headers: { authorization: token } }),
    });
    expect(reply.status).toBe(401);
    expect(reply.json).toEqual({ message: 'Unauthorized' });
    const challenge = reply.headers.get('www-authenticate') ?? '';
    if (description) expect(challenge).toMatch(description);
    else expect(challenge).toBe('Bearer');
  }

  it('refuses a missing token before any handler runs', async () => {
    const before = invocations();
    await expectRefused(undefined, null);
    expect(invocations()).toBe(before);
  });

  it('refuses a malformed token', async () => {
    await expectRefused('Bearer not.a.jwt', /malformed/);
    await expectRefused('Bearer ', null);
  });

  it('refuses an expired token', async () => {
    const claims = claimsOf(app.alice.accessToken);
    const expired = await signAsCognitoLocal({
      ...claims,
      iat: claims.iat! - 7200,
      exp: Math.floor(Date.now() / 1000) - 60,
    });
    await expectRefused(`Bearer ${expired}`, /the token has expired/);
  });

  it('refuses a tampered token and one signed with another key', async () => {
    await expectRefused(
      `Bearer ${tamper(app.alice.accessToken, { sub: claimsOf(app.bob.accessToken).sub })}`,
      /signature/,
    );
    await expectRefused(`Bearer ${await signWithStrangerKey(claimsOf(app.alice.accessToken))}`, /signature/);
  });

  it('refuses a token from another issuer and one for another client', async () => {
    const before = invocations();
    const claims = claimsOf(app.alice.accessToken);
    const otherIssuer = await signAsCognitoLocal({
      ...claims,
      iss: `${app.stack.cognitoEndpoint}/local_Other000`,
    });
    await expectRefused(`Bearer ${otherIssuer}`, /issuer/);
    const otherClient = await signAsCognitoLocal({ ...claims, client_id: 'another-client' });
    await expectRefused(`Bearer ${otherClient}`, /audience/);
    expect(invocations()).toBe(before);
  });

  it('accepts the ID token too, whose aud is the app client, as API Gateway does', async () => {
    const reply = await call(todos(), { token: app.alice.idToken });
    expect(reply.status).toBe(200);
  });
});

describe('CORS as the template configures it', () => {
  it('answers the web app origin preflight without calling the authorizer or a function', async () => {
    const origin = app.stack.webUrl!;
    const reply = await fetch(todos(), {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(reply.status).toBe(204);
    expect(reply.headers.get('access-control-allow-origin')).toBe(origin);
    expect(reply.headers.get('access-control-allow-methods')).toBe('GET,POST,PUT,PATCH,DELETE');
    expect(reply.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    expect(reply.headers.get('access-control-max-age')).toBe('600');
  });

  it('gives another origin no CORS headers', async () => {
    const reply = await fetch(todos(), {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(reply.headers.get('access-control-allow-origin')).toBeNull();
    const get = await call(todos(), {
      token: app.alice.accessToken,
      headers: { origin: 'http://evil.example' },
    });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets the browser read responses, refusals included', async () => {
    const origin = app.stack.webUrl!;
    const ok = await call(todos(), { token: app.alice.accessToken, headers: { origin } });
    expect(ok.headers.get('access-control-allow-origin')).toBe(origin);
    const refused = await call(todos(), { headers: { origin } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(origin);
  });
});

describe('cursor signing key from the runtime’s secret store', () => {
  it('pages with cursors signed by the key the local Secrets Manager serves, read through the SDK', async () => {
    await createTodo(app.bob.accessToken, 'first page');
    await createTodo(app.bob.accessToken, 'second page');
    const first = await call(todos('?limit=1'), { token: app.bob.accessToken });
    expect(first.status).toBe(200);
    const { items, nextCursor } = first.json as { items: { todoId: string }[]; nextCursor: string };
    expect(nextCursor).toEqual(expect.any(String));
    const second = await call(todos(`?limit=1&cursor=${encodeURIComponent(nextCursor)}`), {
      token: app.bob.accessToken,
    });
    expect(second.status).toBe(200);
    expect((second.json as { items: { todoId: string }[] }).items[0]?.todoId).not.toBe(items[0]?.todoId);
    // The handler's key is the data directory's secret, which only the secret store hands out.
    const { secret } = JSON.parse(readFileSync(join(app.dataDir, 'state.json'), 'utf8')) as {
      secret: string;
    };
    const sub = String(claimsOf(app.bob.accessToken).sub);
    // A cursor is bound to its listing too: this is the default listing's scope (list-service.ts).
    const scope = JSON.stringify({ status: 'all', sort: 'created', words: [] });
    const forged = (key: string) => createCursorCodec(key).encode(sub, { todoId: items[0]!.todoId }, scope);
    const own = await call(todos(`?limit=1&cursor=${encodeURIComponent(forged(secret))}`), {
      token: app.bob.accessToken,
    });
    expect(own.status).toBe(200);
    const other = await call(todos(`?limit=1&cursor=${encodeURIComponent(forged('another-key'))}`), {
      token: app.bob.accessToken,
    });
    expect(other.status).toBe(400);
    expect(app.log.lines.join('\n')).not.toContain(secret);
  });
});
