import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localContext } from '../../local-context';
import { ScheduleRunner } from '../../scheduler/schedule-runner';
import { atTime, ScheduleStore } from '../../scheduler/schedule-store';
import { schedulerRules } from '../../scheduler/scheduler-rules';
import { type RunningScheduler, startSchedulerServer } from '../../scheduler/scheduler-server';
import { loadTemplate } from '../../template';

const template = loadTemplate(fileURLToPath(new URL('../../../template.yaml', import.meta.url)));
const ctx = localContext(template, {
  stackName: 'todo-local',
  stackUuid: '11111111-2222-3333-4444-555555555555',
});
const rules = schedulerRules(template, ctx);
const GROUP = 'todo-555555555555-reminders';
const ROLE = 'arn:aws:iam::000000000000:role/todo-local-ReminderSchedulerRole';
const TARGET = 'arn:aws:lambda:us-east-1:000000000000:function:todo-local-SendReminderFunction';

const dir = mkdtempSync(join(tmpdir(), 'scheduler-'));
let server: RunningScheduler;
let store: ScheduleStore;
let client: SchedulerClient;
beforeAll(async () => {
  store = new ScheduleStore(join(dir, 'schedules.json'));
  server = await startSchedulerServer({
    store,
    port: 0,
    host: '127.0.0.1',
    publicHost: '127.0.0.1',
    region: 'us-east-1',
    accountId: '000000000000',
    rules,
  });
  client = new SchedulerClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const schedule = (name: string, at: string, overrides: Partial<CreateScheduleCommandInput> = {}) =>
  new CreateScheduleCommand({
    Name: name,
    GroupName: GROUP,
    ScheduleExpression: `at(${at})`,
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    Target: { Arn: TARGET, RoleArn: ROLE, Input: JSON.stringify({ n: name }) },
    ...overrides,
  });

describe('local EventBridge Scheduler', () => {
  it("reads the template's schedule group and the role that may invoke only SendReminder", () => {
    expect([...rules.groups]).toEqual([GROUP]);
    expect([...rules.roles.entries()].map(([role, targets]) => [role, [...targets]])).toEqual([
      [ROLE, [TARGET]],
    ]);
  });

  it('refuses what the template does not allow: another group, role or target', async () => {
    const refused = async (command: CreateScheduleCommand) =>
      ((await client.send(command).catch((e: unknown) => e)) as Error).name;
    expect(await refused(schedule('a', '2099-01-01T00:00:00', { GroupName: 'default' }))).toBe(
      'ResourceNotFoundException',
    );
    expect(
      await refused(schedule('b', '2099-01-01T00:00:00', { Target: { Arn: TARGET, RoleArn: `${ROLE}x` } })),
    ).toBe('ValidationException');
    expect(
      await refused(schedule('c', '2099-01-01T00:00:00', { Target: { Arn: `${TARGET}x`, RoleArn: ROLE } })),
    ).toBe('ValidationException');
    expect(await refused(schedule('d', '2099-01-01T00:00:00', { ScheduleExpression: 'rate(1 hour)' }))).toBe(
      'ValidationException',
    );
    expect(store.all()).toEqual([]);
  });

  it('answers ConflictException for an existing name and ResourceNotFoundException deleting a missing one', async () => {
    await client.send(schedule('dup', '2099-01-01T00:00:00'));
    const again = await client.send(schedule('dup', '2099-01-01T00:00:00')).catch((e: Error) => e.name);
    const missing = await client
      .send(new DeleteScheduleCommand({ Name: 'nope', GroupName: GROUP }))
      .catch((e: Error) => e.name);
    await client.send(new DeleteScheduleCommand({ Name: 'dup', GroupName: GROUP }));
    expect(again).toBe('ConflictException');
    expect(missing).toBe('ResourceNotFoundException');
    expect(store.get(GROUP, 'dup')).toBeUndefined();
  });

  it('keeps schedules across a restart (in the data directory)', async () => {
    await client.send(schedule('kept', '2099-01-01T00:00:00'));
    expect(new ScheduleStore(join(dir, 'schedules.json')).get(GROUP, 'kept')?.dueAt).toBe(
      atTime('at(2099-01-01T00:00:00)'),
    );
    await client.send(new DeleteScheduleCommand({ Name: 'kept', GroupName: GROUP }));
  });

  it('fires a due schedule once with its Input as the event, then deletes it; a future one waits', async () => {
    await client.send(schedule('due', '2020-01-01T00:00:00'));
    await client.send(schedule('future', '2099-01-01T00:00:00'));
    const events: unknown[] = [];
    const runner = new ScheduleRunner({
      store,
      targets: new Map([
        [
          TARGET,
          {
            logicalId: 'SendReminderFunction',
            maxRetries: 0,
            invoke: async (e) => {
              events.push(e);
              return { ok: true, value: null };
            },
          },
        ],
      ]),
      log: () => {},
    });
    await runner.tick();
    await runner.tick();
    expect(events).toEqual([{ n: 'due' }]);
    expect(store.get(GROUP, 'due')).toBeUndefined();
    expect(store.get(GROUP, 'future')).toBeDefined();
  });

  it('retries a failed invocation up to the retries allowed', async () => {
    await client.send(schedule('flaky', '2020-01-01T00:00:00'));
    let calls = 0;
    const runner = new ScheduleRunner({
      store,
      retryDelayMs: 1,
      targets: new Map([
        [
          TARGET,
          {
            logicalId: 'SendReminderFunction',
            maxRetries: 2,
            invoke: async () =>
              ++calls < 3
                ? { ok: false as const, error: { errorType: 'Error', errorMessage: 'boom', trace: [] } }
                : { ok: true as const, value: null },
          },
        ],
      ]),
      log: () => {},
    });
    await runner.tick();
    expect(calls).toBe(3);
    expect(store.get(GROUP, 'flaky')).toBeUndefined();
  });
});
