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
import { type IntrinsicContext, resolveValue } from './intrinsics';
import { type CfnTemplate, resourcesOfType } from './template';

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
  const tables: ProvisionedTable[] = [];
  for (const [logicalId, resource] of resourcesOfType(template, 'AWS::DynamoDB::Table')) {
    const props = resolveValue(resource.Properties ?? {}, ctx) as TableProps;
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
    tables.push({
      logicalId,
      tableName: name,
      ...(Table?.LatestStreamArn ? { streamArn: Table.LatestStreamArn } : {}),
    });
  }
  return tables;
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
