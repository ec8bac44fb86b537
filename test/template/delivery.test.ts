import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveValue } from '../../local/intrinsics';
import { localContext } from '../../local/local-context';
import { loadTemplate, resourcesOfType } from '../../local/template';

/**
 * The deploy-facing parts of template.yaml: what production keeps, how Cognito signs in and mails,
 * the alarms on failed work, the APIs' access logs and the roles' permissions boundary.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const template = loadTemplate(join(ROOT, 'template.yaml'));
type Props = Record<string, unknown>;

/** The template as CloudFormation resolves it for the given parameters. */
function resolvedAs(parameters: Record<string, string>) {
  const ctx = localContext(template, { stackName: 'todo-x', parameters });
  return (value: unknown) => resolveValue(value as never, ctx);
}
const prod = resolvedAs({ Stage: 'prod' });
const branch = resolvedAs({ Stage: 'feature-x' });
const resource = (id: string) => {
  const r = template.Resources[id];
  if (!r) throw new Error(`template.yaml has no ${id}`);
  return r as typeof r & { DeletionPolicy?: unknown; UpdateReplacePolicy?: unknown };
};
const props = (id: string) => (resource(id).Properties ?? {}) as Props;

describe('template: the user pool', () => {
  it('on prod has deletion protection and is retained on delete and on replacement', () => {
    expect(prod(props('UserPool').DeletionProtection)).toBe('ACTIVE');
    expect(prod(resource('UserPool').DeletionPolicy)).toBe('Retain');
    expect(prod(resource('UserPool').UpdateReplacePolicy)).toBe('Retain');
  });

  it('on a branch stack is disposable', () => {
    expect(branch(props('UserPool').DeletionProtection)).toBe('INACTIVE');
    expect(branch(resource('UserPool').DeletionPolicy)).toBe('Delete');
  });

  it('sends email through SES as the SesFromAddress sender when it is set, else Cognito default', () => {
    const ses = resolvedAs({ SesFromAddress: 'todo@example.com' });
    expect(ses(props('UserPool').EmailConfiguration)).toEqual({
      EmailSendingAccount: 'DEVELOPER',
      From: 'todo@example.com',
      SourceArn: 'arn:aws:ses:us-east-1:000000000000:identity/todo@example.com',
    });
    expect(branch(props('UserPool').EmailConfiguration)).toBeUndefined();
    expect(template.Parameters?.SesFromAddress?.Default).toBe('');
  });

  it('the deployed app client allows only SRP and refresh, never USER_PASSWORD_AUTH', () => {
    expect(props('UserPoolClient').ExplicitAuthFlows).toEqual([
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
    ]);
  });
});

describe('template: failed work raises an alarm', () => {
  const queues = resourcesOfType(template, 'AWS::SQS::Queue').map(([id]) => id);
  const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(
    ([, r]) => (r.Properties ?? {}) as Props,
  );

  it('there are both dead-letter queues', () => {
    expect(queues).toEqual(
      expect.arrayContaining(['TodoDeletedDeadLetterQueue', 'FileUploadedDeadLetterQueue']),
    );
  });

  it.each(queues.filter((q) => q.includes('DeadLetter')))(
    '%s has an alarm on one visible message',
    (queue) => {
      const alarm = alarms.find(
        (a) =>
          JSON.stringify(a.Dimensions) ===
          JSON.stringify([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }]),
      );
      expect(alarm).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        TreatMissingData: 'notBreaching',
      });
      expect(resolvedAs({ AlarmTopicArn: 'arn:aws:sns:us-east-1:1:t' })(alarm!.AlarmActions)).toEqual([
        'arn:aws:sns:us-east-1:1:t',
      ]);
    },
  );
});

describe('template: API access logs', () => {
  it.each(resourcesOfType(template, 'AWS::Serverless::HttpApi').map(([id]) => id))(
    '%s writes JSON access logs to its own log group with a retention',
    (api) => {
      const settings = props(api).AccessLogSettings as {
        DestinationArn: { 'Fn::GetAtt': [string, string] };
        Format: string;
      };
      const [group, attribute] = settings.DestinationArn['Fn::GetAtt'];
      expect(attribute).toBe('Arn');
      expect(resource(group).Type).toBe('AWS::Logs::LogGroup');
      expect(props(group).RetentionInDays).toEqual({ Ref: 'LogRetentionDays' });
      const line = JSON.parse(settings.Format) as Record<string, string>;
      expect(line).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
      // Never a token: the caller is identified by the sub claim only.
      expect(settings.Format).not.toMatch(/header\.Authorization|\$context\.authorizer\.claims\.(?!sub)/i);
    },
  );
});

describe('template: permissions boundary', () => {
  it('every function role carries PermissionsBoundaryArn when it is set', () => {
    const globals = (template.Globals?.Function ?? {}) as Props;
    expect(
      resolvedAs({ PermissionsBoundaryArn: 'arn:aws:iam::1:policy/b' })(globals.PermissionsBoundary),
    ).toBe('arn:aws:iam::1:policy/b');
    expect(branch(globals.PermissionsBoundary)).toBeUndefined();
    for (const [id, fn] of resourcesOfType(template, 'AWS::Serverless::Function')) {
      // A function of its own must not drop the boundary (or name another one).
      expect((fn.Properties as Props | undefined)?.PermissionsBoundary, id).toBeUndefined();
    }
  });

  it('every role written in the template carries the same boundary', () => {
    for (const [id, role] of resourcesOfType(template, 'AWS::IAM::Role')) {
      expect((role.Properties as Props).PermissionsBoundary, id).toEqual({
        'Fn::If': ['HasPermissionsBoundary', { Ref: 'PermissionsBoundaryArn' }, { Ref: 'AWS::NoValue' }],
      });
    }
  });
});
