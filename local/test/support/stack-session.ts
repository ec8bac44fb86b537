import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect } from 'vitest';
import { createMemoryLogger } from '../../log';
import { type LocalStack, startLocalStack } from '../../stack/start-local-stack';
import { signUpAndSignIn, type Tokens } from './cognito';
import { call } from './http';

/**
 * The whole runtime for one test file: started in this process on free ports with a fresh data
 * directory and two signed-up users before the file's tests, stopped after them with its log kept
 * in test-artifacts. Its helpers drive the runtime the way the web app does and always reach the
 * current stack, so a test may restart it on the same data.
 */
export const PASSWORD = 'Correct-horse-1';

export interface Ticket {
  file: { fileId: string; status: string };
  upload: { url: string; method: string; headers: Record<string, string> };
}

export interface StackSession {
  /** Replaced when a test restarts the runtime. */
  stack: LocalStack;
  dataDir: string;
  log: ReturnType<typeof createMemoryLogger>;
  alice: Tokens;
  bob: Tokens;
  todos(path?: string): string;
  files(todoId: string, path?: string): string;
  createTodo(token: string, title: string): Promise<string>;
  requestUpload(token: string, todoId: string, content: string, fileName?: string): Promise<Ticket>;
  /** PUTs to a presigned upload URL with the headers the files API signs into it. */
  put(url: string, body: string, contentType?: string): Promise<Response>;
  fileStatus(
    token: string,
    todoId: string,
    fileId: string,
  ): Promise<{ status: string; downloadUrl: string | null }>;
  /** An S3 client with the emulator's own keys, which the proxy accepts. */
  s3Admin(): S3Client;
  dynamo(): DynamoDBClient;
}

/** Registers the hooks that start and stop the runtime; `logName` names its log file. */
export function useStackSession(logName: string): StackSession {
  const log = createMemoryLogger('debug');
  const session: StackSession = {
    log,
    todos: (path = '') => `${session.stack.todosApiUrl}/todos${path}`,
    files: (todoId, path = '') => `${session.stack.filesApiUrl}/todos/${todoId}/files${path}`,
    async createTodo(token, title) {
      const reply = await call(session.todos(), { method: 'POST', token, body: { title } });
      expect(reply.status).toBe(201);
      return (reply.json as { todoId: string }).todoId;
    },
    async requestUpload(token, todoId, content, fileName = 'notes.txt') {
      const reply = await call(session.files(todoId), {
        method: 'POST',
        token,
        body: { fileName, contentType: 'text/plain', size: Buffer.byteLength(content) },
      });
      expect(reply.status).toBe(201);
      return reply.json as Ticket;
    },
    // The headers the files API hands out with the URL: type, create-once and the pending tag are signed.
    put: (url, body, contentType = 'text/plain') =>
      fetch(url, {
        method: 'PUT',
        headers: { 'content-type': contentType, 'if-none-match': '*', 'x-amz-tagging': 'pending=true' },
        body,
      }),
    async fileStatus(token, todoId, fileId) {
      const reply = await call(session.files(todoId, `/${fileId}`), { token });
      return reply.json as { status: string; downloadUrl: string | null };
    },
    s3Admin: () =>
      new S3Client({
        endpoint: session.stack.s3Endpoint,
        region: session.stack.region,
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        requestChecksumCalculation: 'WHEN_REQUIRED',
      }),
    dynamo: () =>
      new DynamoDBClient({
        endpoint: session.stack.dynamodbEndpoint,
        region: session.stack.region,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
  } as StackSession;

  beforeAll(async () => {
    session.dataDir = mkdtempSync(join(tmpdir(), 'local-stack-'));
    session.stack = await startLocalStack({
      dataDir: session.dataDir,
      freePorts: true,
      webPort: 0,
      logger: log,
      s3RetryDelaysMs: [100, 200],
    });
    session.alice = await signUpAndSignIn(session.stack, 'alice@example.com', PASSWORD);
    session.bob = await signUpAndSignIn(session.stack, 'bob@example.com', PASSWORD);
  });

  afterAll(async () => {
    // The runtime's own output, for whoever has to find out why a test here failed.
    mkdirSync('test-artifacts', { recursive: true });
    writeFileSync(`test-artifacts/${logName}.log`, `${log.lines.join('\n')}\n`);
    await session.stack?.stop();
    if (session.dataDir) rmSync(session.dataDir, { recursive: true, force: true });
  });

  return session;
}
