import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalEmail } from '../emulators/ses-v2-local';
import { createMemoryLogger } from '../log';
import { type LocalStack, startLocalStack } from '../stack/start-local-stack';
import { signUpAndSignIn, type Tokens } from './support/cognito';
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
