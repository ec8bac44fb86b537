import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutBucketCorsCommand, type S3Client } from '@aws-sdk/client-s3';
import { type IntrinsicContext, resolveValue } from '../intrinsics';
import { type CfnTemplate, resourcesOfType } from '../template';

/**
 * Creates the template's tables and buckets on the local emulators, from the template itself
 * (keys, indexes, streams, TTL, CORS) rather than from a second hand-written list.
 */
export interface ProvisionedTable {
  logicalId: string;
  tableName: string;
  streamArn?: string;
}

type TableProps = {
  AttributeDefinitions: AttributeDefinition[];
  KeySchema: CreateTableCommandInput['KeySchema'];
  GlobalSecondaryIndexes?: CreateTableCommandInput['GlobalSecondaryIndexes'];
  LocalSecondaryIndexes?: CreateTableCommandInput['LocalSecondaryIndexes'];
  StreamSpecification?: { StreamViewType: 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES' | 'KEYS_ONLY' };
  TimeToLiveSpecification?: { AttributeName: string; Enabled: boolean };
};

export async function createTables(
  client: DynamoDBClient,
  template: CfnTemplate,
  ctx: IntrinsicContext,
  tableName: (logicalId: string) => string,
): Promise<ProvisionedTable[]> {
  // Tables are independent: create them side by side (DynamoDB Local is slow on its first requests).
  return Promise.all(
    resourcesOfType(template, 'AWS::DynamoDB::Table').map(([logicalId, resource]) =>
      createTable(client, ctx, tableName, logicalId, resource.Properties ?? {}),
    ),
  );
}

async function createTable(
  client: DynamoDBClient,
  ctx: IntrinsicContext,
  tableName: (logicalId: string) => string,
  logicalId: string,
  properties: Record<string, unknown>,
): Promise<ProvisionedTable> {
  const props = resolveValue(properties, ctx) as TableProps;
  const name = tableName(logicalId);
  const input: CreateTableCommandInput = {
    TableName: name,
    AttributeDefinitions: props.AttributeDefinitions,
    KeySchema: props.KeySchema,
    BillingMode: 'PAY_PER_REQUEST',
    ...(props.GlobalSecondaryIndexes ? { GlobalSecondaryIndexes: props.GlobalSecondaryIndexes } : {}),
    ...(props.LocalSecondaryIndexes ? { LocalSecondaryIndexes: props.LocalSecondaryIndexes } : {}),
    ...(props.StreamSpecification
      ? {
          StreamSpecification: {
            StreamEnabled: true,
            StreamViewType: props.StreamSpecification.StreamViewType,
          },
        }
      : {}),
  };
  try {
    await client.send(new CreateTableCommand(input));
  } catch (error) {
    // Data persists across restarts: an existing table is kept as it is.
    if (!(error instanceof ResourceInUseException) && (error as Error).name !== 'ResourceInUseException')
      throw error;
  }
  if (props.TimeToLiveSpecification?.Enabled) {
    try {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: {
            AttributeName: props.TimeToLiveSpecification.AttributeName,
            Enabled: true,
          },
        }),
      );
    } catch (error) {
      // Already enabled on a persisted table.
      if (!/already enabled/i.test((error as Error).message)) throw error;
    }
  }
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  return {
    logicalId,
    tableName: name,
    ...(Table?.LatestStreamArn ? { streamArn: Table.LatestStreamArn } : {}),
  };
}

interface CorsRule {
  AllowedOrigins: string[];
  AllowedMethods: string[];
  AllowedHeaders?: string[];
  ExposedHeaders?: string[];
  MaxAge?: number;
}

export interface ProvisionedBucket {
  logicalId: string;
  bucketName: string;
}

/** Creates each bucket with its CORS rules; `bucketName` gives the local name of a logical id. */
export async function createBuckets(
  client: S3Client,
  template: CfnTemplate,
  ctx: IntrinsicContext,
  bucketName: (logicalId: string) => string,
): Promise<ProvisionedBucket[]> {
  const buckets: ProvisionedBucket[] = [];
  for (const [logicalId, resource] of resourcesOfType(template, 'AWS::S3::Bucket')) {
    const name = bucketName(logicalId);
    try {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    } catch (error) {
      const code = (error as Error).name;
      if (code !== 'BucketAlreadyOwnedByYou' && code !== 'BucketAlreadyExists') throw error;
    }
    const cors = resolveValue(resource.Properties?.CorsConfiguration ?? null, ctx) as {
      CorsRules: CorsRule[];
    } | null;
    if (cors?.CorsRules?.length) {
      await client.send(
        new PutBucketCorsCommand({
          Bucket: name,
          CORSConfiguration: {
            CORSRules: cors.CorsRules.map((rule) => ({
              AllowedOrigins: rule.AllowedOrigins,
              AllowedMethods: rule.AllowedMethods,
              ...(rule.AllowedHeaders ? { AllowedHeaders: rule.AllowedHeaders } : {}),
              ...(rule.ExposedHeaders ? { ExposeHeaders: rule.ExposedHeaders } : {}),
              ...(rule.MaxAge !== undefined ? { MaxAgeSeconds: rule.MaxAge } : {}),
            })),
          },
        }),
      );
    }
    buckets.push({ logicalId, bucketName: name });
  }
  return buckets;
}

// ---------------------------------------------------------------- user pools

/** An API action of the Cognito user pools service (in process, or through an SDK client). */
export type CognitoCall = (
  action: string,
  input: Record<string, unknown>,
) => Promise<Record<string, unknown>>;

export interface ProvisionedUserPool {
  logicalId: string;
  userPoolId: string;
  clients: { logicalId: string; clientId: string }[];
}

export const LOCAL_AUTH_FLOW = 'ALLOW_USER_PASSWORD_AUTH';

export function withLocalAuthFlow(flows: unknown): string[] {
  const list = Array.isArray(flows) ? flows.map(String) : [];
  return list.includes(LOCAL_AUTH_FLOW) ? list : [...list, LOCAL_AUTH_FLOW];
}

/** CloudFormation property names that differ from the API's, or that the API does not take. */
function userPoolInput(props: Record<string, unknown>): Record<string, unknown> {
  const { UserPoolName, UserPoolTags, DeletionProtection, ...rest } = props;
  return { ...rest, PoolName: UserPoolName, ...(UserPoolTags ? { UserPoolTags } : {}) };
}

/**
 * Creates each user pool and its app clients (matched by name, so a kept data directory keeps its
 * ids and therefore its users and tokens), bringing existing ones up to date with the template.
 * `refs` receives each pool's and client's id under its logical id, as `Ref` resolves on AWS.
 */
export async function createUserPools(
  call: CognitoCall,
  template: CfnTemplate,
  ctx: IntrinsicContext,
  refs: Record<string, string>,
): Promise<ProvisionedUserPool[]> {
  const pools: ProvisionedUserPool[] = [];
  const existing = ((await call('ListUserPools', { MaxResults: 60 })).UserPools ?? []) as {
    Id: string;
    Name: string;
  }[];
  for (const [logicalId, resource] of resourcesOfType(template, 'AWS::Cognito::UserPool')) {
    const input = userPoolInput(resolveValue(resource.Properties ?? {}, ctx) as Record<string, unknown>);
    const name = String(input.PoolName ?? `${ctx.pseudo.StackName}-${logicalId}`);
    input.PoolName = name;
    const found = existing.find((p) => p.Name === name);
    let userPoolId: string;
    if (found) {
      userPoolId = found.Id;
      const { PoolName, Schema, UsernameAttributes, UsernameConfiguration, AliasAttributes, ...mutable } =
        input;
      await call('UpdateUserPool', { ...mutable, UserPoolId: userPoolId });
    } else {
      const created = (await call('CreateUserPool', input)).UserPool as { Id: string };
      userPoolId = created.Id;
    }
    refs[logicalId] = userPoolId;
    pools.push({ logicalId, userPoolId, clients: [] });
  }
  for (const [logicalId, resource] of resourcesOfType(template, 'AWS::Cognito::UserPoolClient')) {
    const input = resolveValue(resource.Properties ?? {}, ctx) as Record<string, unknown>;
    const pool = pools.find((p) => p.userPoolId === input.UserPoolId);
    if (!pool) throw new Error(`${logicalId}: user pool ${String(input.UserPoolId)} is not in the template`);
    const name = String(input.ClientName ?? logicalId);
    input.ClientName = name;
    // cognito-local has no SRP, so the local client alone also allows USER_PASSWORD_AUTH; the
    // deployed client allows only SRP and refresh (template.yaml).
    input.ExplicitAuthFlows = withLocalAuthFlow(input.ExplicitAuthFlows);
    const clients = ((await call('ListUserPoolClients', { UserPoolId: pool.userPoolId, MaxResults: 60 }))
      .UserPoolClients ?? []) as { ClientId: string; ClientName: string }[];
    const found = clients.find((c) => c.ClientName === name);
    let clientId: string;
    if (found) {
      clientId = found.ClientId;
      const { GenerateSecret, ...mutable } = input;
      await call('UpdateUserPoolClient', { ...mutable, ClientId: clientId });
    } else {
      clientId = ((await call('CreateUserPoolClient', input)).UserPoolClient as { ClientId: string })
        .ClientId;
    }
    refs[logicalId] = clientId;
    pool.clients.push({ logicalId, clientId });
  }
  return pools;
}
