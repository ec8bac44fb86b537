import { randomUUID } from 'node:crypto';
import { defaultParameters, type IntrinsicContext, resolveValue } from './intrinsics';
import type { CfnTemplate } from './template';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';

export interface LocalContextOptions {
  stackName: string;
  /** Stable per data directory so that names derived from the stack id survive restarts. */
  stackUuid?: string;
  parameters?: Record<string, string>;
  /** Local values of resources beyond tables and buckets (user pool id, client id, API URLs...). */
  refs?: Record<string, string>;
  getAtts?: Record<string, string>;
  /** Value for `{{resolve:secretsmanager:...}}` references. */
  secret?: string;
}

/**
 * The intrinsic-function context of a local stack: pseudo parameters with local values, tables
 * named after their logical ids, buckets named by their template BucketName, everything else
 * from `refs` / `getAtts`.
 */
export function localContext(template: CfnTemplate, options: LocalContextOptions): IntrinsicContext {
  const uuid = options.stackUuid ?? randomUUID();
  const pseudo = {
    Region: LOCAL_REGION,
    AccountId: LOCAL_ACCOUNT,
    StackName: options.stackName,
    StackId: `arn:aws:cloudformation:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stack/${options.stackName}/${uuid}`,
    Partition: 'aws',
    URLSuffix: 'amazonaws.com',
    NotificationARNs: '',
  };
  const ctx: IntrinsicContext = {
    template,
    parameters: defaultParameters(template, options.parameters),
    pseudo,
    ref(logicalId) {
      if (options.refs?.[logicalId] !== undefined) return options.refs[logicalId];
      const resource = template.Resources[logicalId];
      if (!resource) throw new Error(`Unknown resource ${logicalId}`);
      if (resource.Type === 'AWS::DynamoDB::Table') return `${options.stackName}-${logicalId}`;
      // A schedule group's Ref is its name.
      if (resource.Type === 'AWS::Scheduler::ScheduleGroup' && resource.Properties?.Name !== undefined) {
        return String(resolveValueLazy(resource.Properties.Name));
      }
      // Ref of a secret is its ARN, as on AWS; the local secret store answers to it.
      if (resource.Type === 'AWS::SecretsManager::Secret') {
        const declared = resource.Properties?.Name;
        const name =
          declared !== undefined ? String(resolveValueLazy(declared)) : `${options.stackName}-${logicalId}`;
        return `arn:aws:secretsmanager:${LOCAL_REGION}:${LOCAL_ACCOUNT}:secret:${name}`;
      }
      if (resource.Type === 'AWS::S3::Bucket') {
        const declared = resource.Properties?.BucketName;
        return declared !== undefined
          ? String(resolveValueLazy(declared))
          : `${options.stackName}-${logicalId}`.toLowerCase();
      }
      return `${options.stackName}-${logicalId}`;
    },
    getAtt(logicalId, attribute) {
      const key = `${logicalId}.${attribute}`;
      if (options.getAtts?.[key] !== undefined) return options.getAtts[key];
      const name = ctx.ref(logicalId);
      if (attribute === 'Arn') {
        const type = template.Resources[logicalId]?.Type;
        if (type === 'AWS::DynamoDB::Table')
          return `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${name}`;
        if (type === 'AWS::S3::Bucket') return `arn:aws:s3:::${name}`;
        if (type === 'AWS::SQS::Queue') return `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${name}`;
        if (type === 'AWS::Serverless::Function' || type === 'AWS::Lambda::Function')
          return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${name}`;
        if (type === 'AWS::IAM::Role') return `arn:aws:iam::${LOCAL_ACCOUNT}:role/${name}`;
        if (type === 'AWS::Scheduler::ScheduleGroup')
          return `arn:aws:scheduler:${LOCAL_REGION}:${LOCAL_ACCOUNT}:schedule-group/${name}`;
      }
      if (attribute === 'QueueName') return name;
      return `${name}.${attribute}`;
    },
    dynamicReference: () => options.secret ?? 'local-secret',
  };
  // Bucket names may use intrinsics themselves (e.g. derived from AWS::StackId).
  function resolveValueLazy(value: unknown) {
    return resolveValue(value, ctx);
  }
  return ctx;
}
