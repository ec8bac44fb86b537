import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetUserCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalEmail } from '../emulators/ses-v2-local';
import { createMemoryLogger } from '../log';
import { type LocalStack, startLocalStack } from '../stack/start-local-stack';
import { cognitoClient, signIn, signUpAndSignIn, type Tokens } from './support/cognito';
import { call, until } from './support/http';

/**
 * Reminders through the whole runtime: a todo's remindAt becomes a schedule in the local
 * EventBridge Scheduler (checked against the template), which fires SendReminder at its time, which
 * mails the owner through the local SES; the email is in the inbox at `${sesEndpoint}/store`.
 */
const PASSWORD = 'Correct-horse-1';
const log = createMemoryLogger('debug');
let dataDir: string;
let stack: LocalStack;
let carol: Tokens;

const todos = (path = '') => `${stack.todosApiUrl}/todos${path}`;
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function inbox(): Promise<LocalEmail[]> {
  const reply = await call(`${stack.sesEndpoint}/store`);
  expect(reply.status).toBe(200);
  return (reply.json as { emails: LocalEmail[] }).emails;
}

async function createTodo(token: string, body: Record<string, unknown>) {
  const reply = await call(todos(), { method: 'POST', token, body });
  expect(reply.status).toBe(201);
  return reply.json as { todoId: string; title: string; remindAt: string | null };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'local-reminders-'));
  stack = await startLocalStack({ dataDir, freePorts: true, webPort: 0, logger: log });
  carol = await signUpAndSignIn(stack, 'carol@example.com', PASSWORD);
});

afterAll(async () => {
  mkdirSync('test-artifacts', { recursive: true });
  writeFileSync('test-artifacts/local-reminders-and-account.log', `${log.lines.join('\n')}\n`);
  await stack?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('reminders on the local runtime', () => {
  it('gives the local inbox as sesEndpoint, which answers at /store', async () => {
    expect(stack.info.sesEndpoint).toMatch(/^http:\/\/localhost:\d+$/);
    expect(Array.isArray(await inbox())).toBe(true);
  });

  it("emails the owner at the reminder's time, and sends nothing for a todo completed before it", async () => {
    // Arrange: two reminders a few seconds ahead; one todo is completed before its time.
    const due = await createTodo(carol.idToken, {
      title: 'Water the plants',
      dueDate: '2099-05-01',
      remindAt: inSeconds(8), // room for cold starts on a busy machine
    });
    const done = await createTodo(carol.idToken, { title: 'Already done', remindAt: inSeconds(5) });
    const completed = await call(todos(`/${done.todoId}/complete`), { method: 'POST', token: carol.idToken });
    expect(completed.status).toBe(200);
    const remindAt = Date.parse(due.remindAt!);
    // Act
    const email = await until(
      'the reminder email',
      async () => (await inbox()).find((e) => e.subject === 'Reminder: Water the plants'),
      30_000,
      250,
    );
    const lateByMs = Date.now() - remindAt;
    // Assert
    expect(email.destination.to).toEqual(['carol@example.com']);
    expect(email.body.text).toContain('Due: 2099-05-01');
    expect(email.body.text).toContain(`${stack.webUrl}/todos/${due.todoId}`);
    expect(email.at * 1000).toBeGreaterThanOrEqual(Math.floor(remindAt / 1000) * 1000);
    expect(lateByMs).toBeLessThan(15_000);
    expect((await inbox()).filter((e) => e.subject === 'Reminder: Already done')).toEqual([]);
    expect(log.lines.some((l) => l.includes('Email to carol@example.com: Reminder: Water the plants'))).toBe(
      true,
    );
  });

  it('sends only at the new time when a reminder is moved, and nothing when it is cleared', async () => {
    const moved = await createTodo(carol.idToken, { title: 'Moved reminder', remindAt: inSeconds(6) });
    const cleared = await createTodo(carol.idToken, { title: 'Cleared reminder', remindAt: inSeconds(6) });
    const first = Date.parse(moved.remindAt!);
    const later = inSeconds(12);
    await call(todos(`/${moved.todoId}`), {
      method: 'PATCH',
      token: carol.idToken,
      body: { remindAt: later },
    });
    await call(todos(`/${cleared.todoId}`), {
      method: 'PATCH',
      token: carol.idToken,
      body: { remindAt: null },
    });
    await sleep(Math.max(0, first + 3000 - Date.now()));
    const atTheOldTime = (await inbox()).filter((e) => e.subject.startsWith('Reminder: Moved'));
    const email = await until(
      'the moved reminder',
      async () => (await inbox()).find((e) => e.subject === 'Reminder: Moved reminder'),
      30_000,
      250,
    );
    expect(atTheOldTime).toEqual([]);
    expect(email.at * 1000).toBeGreaterThanOrEqual(Math.floor(Date.parse(later) / 1000) * 1000);
    expect((await inbox()).filter((e) => e.subject === 'Reminder: Cleared reminder')).toEqual([]);
  });
});

describe('account on the local runtime', () => {
  const LOCAL = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const subOf = (token: string) =>
    (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string }).sub;

  async function tableItems(logicalId: string) {
    const client = new DynamoDBClient({
      endpoint: stack.dynamodbEndpoint,
      region: stack.region,
      credentials: LOCAL,
    });
    const items: Record<string, { S?: string }>[] = [];
    let start: Record<string, never> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({ TableName: stack.tables[logicalId], ExclusiveStartKey: start }),
      );
      items.push(...((page.Items ?? []) as Record<string, { S?: string }>[]));
      start = page.LastEvaluatedKey as typeof start;
    } while (start);
    client.destroy();
    return items;
  }

  async function bucketKeys() {
    const client = new S3Client({
      endpoint: stack.s3Endpoint,
      region: stack.region,
      forcePathStyle: true,
      credentials: LOCAL,
    });
    const page = await client.send(new ListObjectsV2Command({ Bucket: Object.values(stack.buckets)[0] }));
    client.destroy();
    return (page.Contents ?? []).map((o) => o.Key ?? '');
  }

  async function uploadFile(token: string, todoId: string, content: string) {
    const files = `${stack.filesApiUrl}/todos/${todoId}/files`;
    const ticket = await call(files, {
      method: 'POST',
      token,
      body: { fileName: 'note.txt', contentType: 'text/plain', size: Buffer.byteLength(content) },
    });
    expect(ticket.status).toBe(201);
    const { file, upload } = ticket.json as {
      file: { fileId: string };
      upload: { url: string; headers: Record<string, string> };
    };
    expect((await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: content })).status).toBe(
      200,
    );
    await until('the file to be available', async () => {
      const reply = await call(`${files}/${file.fileId}`, { token });
      return (reply.json as { status: string }).status === 'available' ? true : undefined;
    });
    return file.fileId;
  }

  it('exports every todo with its files, whose download URLs give back the exact bytes', async () => {
    const erin = await signUpAndSignIn(stack, 'erin@example.com', PASSWORD);
    const plain = await createTodo(erin.idToken, { title: 'Plain' });
    const withFile = await createTodo(erin.idToken, { title: 'With a file' });
    const fileId = await uploadFile(erin.idToken, withFile.todoId, 'exact bytes ✓');
    const reply = await call(`${stack.todosApiUrl}/account/export`, { token: erin.idToken });
    const body = reply.json as {
      todos: { todoId: string; title: string; files: { fileId: string; downloadUrl: string }[] }[];
      nextCursor: string | null;
    };
    expect(reply.status).toBe(200);
    expect(body.nextCursor).toBeNull();
    expect(body.todos.map((t) => t.todoId).sort()).toEqual([plain.todoId, withFile.todoId].sort());
    const file = body.todos.find((t) => t.todoId === withFile.todoId)?.files[0];
    expect(file?.fileId).toBe(fileId);
    expect(await (await fetch(file!.downloadUrl)).text()).toBe('exact bytes ✓');
  });

  it('deletes every todo, file record and object of the caller, then the user; tokens stop working; a repeat is harmless', async () => {
    // Arrange: todos, files (one still pending), a reminder; and another user who must keep everything.
    const dave = await signUpAndSignIn(stack, 'dave@example.com', PASSWORD);
    const sub = subOf(dave.idToken);
    const todoIds: string[] = [];
    for (let i = 0; i < 30; i++)
      todoIds.push((await createTodo(dave.idToken, { title: `Dave ${i}` })).todoId);
    await createTodo(dave.idToken, { title: 'Reminded', remindAt: inSeconds(3600) });
    await uploadFile(dave.idToken, todoIds[0]!, 'one');
    await uploadFile(dave.idToken, todoIds[1]!, 'two');
    await call(`${stack.filesApiUrl}/todos/${todoIds[2]}/files`, {
      method: 'POST',
      token: dave.idToken,
      body: { fileName: 'pending.txt', contentType: 'text/plain', size: 3 },
    });
    const carolsBefore = (await tableItems('TodosTable')).filter(
      (i) => i.userId?.S === subOf(carol.idToken),
    ).length;
    // Act: call until done, as the web app does.
    const replies: { status: number; done: boolean }[] = [];
    for (let i = 0; i < 20; i++) {
      const reply = await call(`${stack.todosApiUrl}/account`, { method: 'DELETE', token: dave.idToken });
      replies.push({ status: reply.status, done: (reply.json as { done: boolean }).done });
      if (replies.at(-1)?.done) break;
    }
    const repeat = await call(`${stack.todosApiUrl}/account`, { method: 'DELETE', token: dave.idToken });
    // Assert: nothing of dave in either table or the bucket; carol untouched.
    expect(replies.every((r) => r.status === 202)).toBe(true);
    expect(replies.at(-1)?.done).toBe(true);
    expect(repeat.status).toBe(202);
    expect((repeat.json as { done: boolean }).done).toBe(true);
    expect((await tableItems('TodosTable')).filter((i) => i.userId?.S === sub)).toEqual([]);
    // A token issued before the deletion still passes the authorizer until it expires: it can add nothing.
    const late = await call(`${stack.todosApiUrl}/todos`, {
      method: 'POST',
      token: dave.idToken,
      body: { title: 'After deletion' },
    });
    expect(late.status).toBe(401);
    expect((await tableItems('TodosTable')).filter((i) => JSON.stringify(i).includes(sub))).toEqual([]);
    expect((await tableItems('FilesTable')).filter((i) => i.userId?.S === sub)).toEqual([]);
    expect((await bucketKeys()).filter((k) => k.startsWith(`${sub}/`))).toEqual([]);
    expect((await tableItems('TodosTable')).filter((i) => i.userId?.S === subOf(carol.idToken)).length).toBe(
      carolsBefore,
    );
    // The user is gone: no sign-in, no refresh, the access token refused by the user pool.
    const cognito = cognitoClient(stack);
    const refresh = await cognito
      .send(
        new InitiateAuthCommand({
          ClientId: stack.userPoolClientId!,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: dave.refreshToken },
        }),
      )
      .catch((e: Error) => e.name);
    const getUser = await cognito
      .send(new GetUserCommand({ AccessToken: dave.accessToken }))
      .catch((e: Error) => e.name);
    cognito.destroy();
    expect(refresh).toBe('NotAuthorizedException');
    expect(getUser).not.toHaveProperty('Username');
    await expect(signIn(stack, 'dave@example.com', PASSWORD)).rejects.toThrow();
  });
});
