import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveValue } from '../../local/intrinsics';
import { localContext } from '../../local/local-context';
import { type CfnResource, loadTemplate } from '../../local/template';

/** Reminders in template.yaml: schedule group, scheduler role, SendReminder, and who may do what. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const template = loadTemplate(join(ROOT, 'template.yaml'));
const ctx = localContext(template, { stackName: 'tmpl', refs: { UserPool: 'POOL-ID' } });
const resolve = (value: unknown) => resolveValue(value, ctx);
const resource = (id: string) => template.Resources[id] as CfnResource;
const props = (id: string) => (resource(id).Properties ?? {}) as Record<string, unknown>;

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
  Principal?: unknown;
}
const asList = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
const statementsOf = (id: string): Statement[] =>
  ((props(id).Policies ?? []) as { Statement?: Statement[] }[]).flatMap((p) => p.Statement ?? []);
const statementsWith = (id: string, prefix: string) =>
  statementsOf(id).filter((s) => asList(s.Action).some((a) => a.startsWith(prefix)));

const GROUP = String(resolve({ Ref: 'ReminderScheduleGroup' }));
const GROUP_SCHEDULES = `arn:aws:scheduler:us-east-1:000000000000:schedule/${GROUP}/*`;
const ROLE_ARN = resolve({ 'Fn::GetAtt': ['ReminderSchedulerRole', 'Arn'] });
const SENDER_ARN = resolve({ 'Fn::GetAtt': ['SendReminderFunction', 'Arn'] });
const SCHEDULING = ['CreateTodoFunction', 'UpdateTodoFunction', 'CompleteTodoFunction'];

describe('template: reminders', () => {
  it('has one schedule group for the stack, named from the stack id', () => {
    expect(resource('ReminderScheduleGroup').Type).toBe('AWS::Scheduler::ScheduleGroup');
    expect(GROUP).toMatch(/^todo-[0-9a-f]{12}-reminders$/);
  });

  it('lets only EventBridge Scheduler assume the scheduler role, for schedules of this group', () => {
    const trust = (props('ReminderSchedulerRole').AssumeRolePolicyDocument as { Statement: Statement[] })
      .Statement;
    expect(trust).toHaveLength(1);
    expect(trust[0]?.Principal).toEqual({ Service: 'scheduler.amazonaws.com' });
    expect(resolve(trust[0]?.Condition?.ArnLike?.['aws:SourceArn'])).toBe(GROUP_SCHEDULES);
  });

  it('lets the scheduler role invoke SendReminderFunction and nothing else', () => {
    const policies = props('ReminderSchedulerRole').Policies as {
      PolicyDocument: { Statement: Statement[] };
    }[];
    const statements = policies.flatMap((p) => p.PolicyDocument.Statement);
    expect(statements).toHaveLength(1);
    expect(asList(statements[0]!.Action)).toEqual(['lambda:InvokeFunction']);
    expect(resolve(statements[0]!.Resource)).toBe(SENDER_ARN);
  });

  it.each(SCHEDULING)(
    '%s manages schedules only in its group and passes only the scheduler role, to Scheduler',
    (id) => {
      const scheduling = statementsWith(id, 'scheduler:');
      const passing = statementsWith(id, 'iam:');
      const env = resolve((props(id).Environment as { Variables: unknown }).Variables) as Record<
        string,
        string
      >;
      expect(scheduling.flatMap((s) => asList(s.Action)).sort()).toEqual([
        'scheduler:CreateSchedule',
        'scheduler:DeleteSchedule',
        'scheduler:UpdateSchedule',
      ]);
      expect(scheduling.map((s) => resolve(s.Resource))).toEqual([GROUP_SCHEDULES]);
      expect(passing.flatMap((s) => asList(s.Action))).toEqual(['iam:PassRole']);
      expect(passing.map((s) => resolve(s.Resource))).toEqual([ROLE_ARN]);
      expect(passing[0]?.Condition).toEqual({
        StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' },
      });
      expect(env).toMatchObject({
        REMINDER_SCHEDULE_GROUP: GROUP,
        REMINDER_TARGET_ARN: SENDER_ARN,
        REMINDER_ROLE_ARN: ROLE_ARN,
      });
    },
  );

  it('lets todoDeleted only delete schedules of its group (it cancels, never creates)', () => {
    const scheduling = statementsWith('TodoDeletedFunction', 'scheduler:');
    expect(scheduling.flatMap((s) => asList(s.Action))).toEqual(['scheduler:DeleteSchedule']);
    expect(scheduling.map((s) => resolve(s.Resource))).toEqual([GROUP_SCHEDULES]);
    expect(statementsWith('TodoDeletedFunction', 'iam:')).toEqual([]);
  });

  it('gives no other function any scheduler or PassRole permission', () => {
    const others = Object.entries(template.Resources)
      .filter(
        ([id, r]) =>
          r.Type === 'AWS::Serverless::Function' && ![...SCHEDULING, 'TodoDeletedFunction'].includes(id),
      )
      .map(([id]) => id);
    for (const id of others) {
      expect(statementsWith(id, 'scheduler:'), id).toEqual([]);
      expect(statementsWith(id, 'iam:'), id).toEqual([]);
    }
  });

  it('lets SendReminder read todos, look up users and send email only from the sender parameter', () => {
    const statements = statementsOf('SendReminderFunction');
    const ses = statementsWith('SendReminderFunction', 'ses:');
    const env = resolve((props('SendReminderFunction').Environment as { Variables: unknown }).Variables);
    expect(statements.flatMap((s) => asList(s.Action)).sort()).toEqual([
      'cognito-idp:AdminGetUser',
      'dynamodb:GetItem',
      'ses:SendEmail',
    ]);
    expect(ses[0]?.Condition).toEqual({
      StringEquals: { 'ses:FromAddress': { Ref: 'ReminderSenderAddress' } },
    });
    expect(env).toMatchObject({ REMINDER_SENDER: 'reminders@example.com', USER_POOL_ID: 'POOL-ID' });
    expect(Object.keys(template.Parameters ?? {})).toContain('ReminderSenderAddress');
  });
});
