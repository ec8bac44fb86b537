import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import type { DataDir } from '../data-dir';
import { recordRuntime } from '../data-dir';
import { type CodeNotice, startCognito } from '../emulators/cognito-local';
import { startDynamoDb } from '../emulators/dynamodb-local';
import { S3RVER_CREDENTIALS, startS3 } from '../emulators/s3rver';
import { startSecretsManager } from '../emulators/secrets-manager';
import type { S3ObjectEvent } from '../event-sources/s3-notifications';
import { type IntrinsicContext, resolveValue } from '../intrinsics';
import { LOCAL_REGION } from '../local-context';
import type { Logger } from '../log';
import { freePort, type ListenHosts } from '../ports';
import type { BucketCorsRule } from '../s3-proxy/bucket-cors';
import { startS3Proxy } from '../s3-proxy/server';
import { type CfnTemplate, resourcesOfType } from '../template';
import type { Cleanup } from './cleanup';
import type { EmulatorHealth } from './emulator-health';
import { createBuckets, createTables, createUserPools } from './provision';
import { supervise } from './supervise';

/**
 * The three emulators, each started and given the template's resources: DynamoDB Local with the
 * tables, s3rver behind the signature-checking proxy with the buckets, cognito-local with the
 * user pools and app clients. Each registers its own cleanup as soon as it runs.
 */
export interface EmulatorContext {
  template: CfnTemplate;
  ctx: IntrinsicContext;
  data: DataDir;
  cleanup: Cleanup;
  log: Logger;
  /** Address to listen on (all interfaces when containers must reach the emulators). */
  host: ListenHosts;
  /** Host name in URLs handed out (presigned URLs, the token issuer, config.json). */
  publicHost: string;
  /** Emulators that are down; their supervisors keep it current. */
  health: EmulatorHealth;
  /** Logs how long the start took so far (with --verbose). */
  took(what: string): void;
}

export async function startLocalDynamoDb(e: EmulatorContext, port: number, getAtts: Record<string, string>) {
  // The serial collector costs DynamoDB Local about a quarter less CPU per request on small machines.
  const dynamodb = await supervise(
    'DynamoDB Local',
    () => startDynamoDb({ port, dataDir: e.data.dynamodb, jvmArgs: ['-XX:+UseSerialGC'] }),
    {
      log: e.log,
      health: e.health,
      onStarted: (running) => {
        const javaPid = running.process.pid;
        recordRuntime(e.data.root, { pid: process.pid, ...(javaPid ? { javaPid } : {}) });
      },
    },
  );
  const pid = dynamodb.current().process.pid ?? null;
  // A crash of this process must not leave Java running: kill it on the way out, whatever the cause.
  const killOnExit = () => dynamodb.current().process.kill('SIGKILL');
  process.once('exit', killOnExit);
  e.cleanup.add('DynamoDB Local', async () => {
    await dynamodb.stop();
    process.off('exit', killOnExit);
  });
  e.took('DynamoDB Local up');
  const client = new DynamoDBClient({
    endpoint: dynamodb.current().endpoint,
    region: LOCAL_REGION,
    credentials: S3RVER_CREDENTIALS,
  });
  const tables = await createTables(client, e.template, e.ctx, (id) => e.ctx.ref(id));
  client.destroy();
  e.took('tables ready');
  for (const table of tables) if (table.streamArn) getAtts[`${table.logicalId}.StreamArn`] = table.streamArn;
  return { endpoint: dynamodb.current().endpoint, tables, pid };
}

export async function startLocalS3(
  e: EmulatorContext,
  port: number,
  onObjectEvent: (event: S3ObjectEvent) => void,
) {
  // s3rver listens on an internal port; only the proxy, which checks signatures, is public.
  const s3rver = await startS3({ port: await freePort(), directory: e.data.s3 });
  e.cleanup.add('s3rver', () => s3rver.stop());
  const cors: Record<string, BucketCorsRule[]> = {};
  for (const [id, resource] of resourcesOfType(e.template, 'AWS::S3::Bucket')) {
    const config = resolveValue(resource.Properties?.CorsConfiguration ?? null, e.ctx) as {
      CorsRules?: BucketCorsRule[];
    } | null;
    if (config?.CorsRules) cors[e.ctx.ref(id)] = config.CorsRules;
  }
  const proxy = await startS3Proxy({
    port,
    host: e.host,
    upstreamPort: Number(new URL(s3rver.endpoint).port),
    storeDirectory: e.data.s3,
    credentials: { [S3RVER_CREDENTIALS.accessKeyId]: S3RVER_CREDENTIALS.secretAccessKey },
    region: LOCAL_REGION,
    cors,
    onRefused: (method, path, error) =>
      e.log.info('s3', `${method} ${path} → ${error.status} ${error.code}: ${error.message}`),
    // Completed multipart uploads are written by the proxy, which announces them once tagged.
    onObjectCreated: (event) => onObjectEvent(event),
  });
  e.cleanup.add('S3 proxy', () => proxy.stop());
  const endpoint = `http://${e.publicHost}:${proxy.port}`;
  // Buckets are created through the checking proxy, signed like any other client's requests.
  const client = new S3Client({
    endpoint,
    region: LOCAL_REGION,
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
  });
  const buckets = await createBuckets(client, e.template, e.ctx, (id) => e.ctx.ref(id));
  client.destroy();
  e.took('buckets ready');
  s3rver.server.on('event', (event) => {
    for (const record of event.Records) {
      // As on S3, an object is announced once written whole (with the tags the proxy adds).
      void proxy.settled(record.s3.bucket.name, record.s3.object.key).then(() =>
        onObjectEvent({
          eventName: record.eventName,
          bucket: record.s3.bucket.name,
          key: record.s3.object.key,
          ...(record.s3.object.size !== undefined ? { size: record.s3.object.size } : {}),
          ...(record.s3.object.eTag !== undefined ? { eTag: record.s3.object.eTag } : {}),
        }),
      );
    }
  });
  return { endpoint, buckets };
}

export async function startLocalCognito(
  e: EmulatorContext,
  port: number,
  refs: Record<string, string>,
  onCode: (notice: CodeNotice) => void,
) {
  const cognito = await startCognito({
    port,
    host: e.host,
    publicHost: e.publicHost,
    directory: e.data.cognito,
    onCode,
    onLog: (level, message) => e.log[level]('cognito', message),
    onDown: () => e.health.markDown('cognito-local'),
    onUp: () => {
      e.health.markUp('cognito-local');
      e.log.info('cognito', 'cognito-local is back, data kept');
    },
  });
  e.cleanup.add('cognito-local', () => cognito.stop());
  const pools = await createUserPools(cognito.call, e.template, e.ctx, refs);
  e.took('user pool ready');
  return { cognito, pools };
}

/** The template's secrets, served by the local secret store with the data directory's value. */
export async function startLocalSecretsManager(e: EmulatorContext) {
  const secrets = resourcesOfType(e.template, 'AWS::SecretsManager::Secret').map(([id]) => {
    const arn = e.ctx.ref(id);
    return { arn, name: arn.slice(arn.indexOf(':secret:') + ':secret:'.length), value: e.data.state.secret };
  });
  const server = await startSecretsManager({ secrets, host: e.host, publicHost: e.publicHost });
  e.cleanup.add('secret store', () => server.stop());
  return server;
}
