import { existsSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveValue } from '../../local/intrinsics';
import { localContext } from '../../local/local-context';
import { type CfnResource, loadTemplate, resourcesOfType } from '../../local/template';

/**
 * Static checks of template.yaml against docs/api.md: routes, auth, functions, permissions,
 * tables, buckets and event sources.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const template = loadTemplate(join(ROOT, 'template.yaml'));
const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/POOL-ID';
const ctx = localContext(template, {
  stackName: 'tmpl',
  refs: { UserPool: 'POOL-ID', UserPoolClient: 'CLIENT-ID' },
  getAtts: {
    'UserPool.ProviderURL': 'cognito-idp.us-east-1.amazonaws.com/POOL-ID',
    'UserPool.ProviderName': 'cognito-idp.us-east-1.amazonaws.com/POOL-ID',
  },
});
const resolve = (value: unknown) => resolveValue(value, ctx);

// The API contract (docs/api.md): route → handler, per API.
const CONTRACT = [
  { api: 'TodosApi', method: 'GET', path: '/todos', handler: 'listTodos' },
  { api: 'TodosApi', method: 'POST', path: '/todos', handler: 'createTodo' },
  { api: 'TodosApi', method: 'GET', path: '/todos/{todoId}', handler: 'getTodo' },
  { api: 'TodosApi', method: 'PATCH', path: '/todos/{todoId}', handler: 'updateTodo' },
  { api: 'TodosApi', method: 'POST', path: '/todos/{todoId}/complete', handler: 'completeTodo' },
  { api: 'TodosApi', method: 'PUT', path: '/todos/{todoId}/notes', handler: 'setTodoNotes' },
  { api: 'TodosApi', method: 'DELETE', path: '/todos/{todoId}', handler: 'deleteTodo' },
  { api: 'TodosApi', method: 'DELETE', path: '/todos', handler: 'clearCompleted' },
  { api: 'TodosApi', method: 'GET', path: '/account/export', handler: 'exportAccount' },
  { api: 'TodosApi', method: 'DELETE', path: '/account', handler: 'deleteAccount' },
  { api: 'FilesApi', method: 'GET', path: '/todos/{todoId}/files', handler: 'listFiles' },
  { api: 'FilesApi', method: 'POST', path: '/todos/{todoId}/files', handler: 'createUpload' },
  { api: 'FilesApi', method: 'GET', path: '/todos/{todoId}/files/{fileId}', handler: 'getFile' },
  { api: 'FilesApi', method: 'DELETE', path: '/todos/{todoId}/files/{fileId}', handler: 'deleteFile' },
  { api: 'FilesApi', method: 'POST', path: '/todos/{todoId}/files/{fileId}/parts', handler: 'presignParts' },
  { api: 'FilesApi', method: 'GET', path: '/todos/{todoId}/files/{fileId}/parts', handler: 'listParts' },
  {
    api: 'FilesApi',
    method: 'POST',
    path: '/todos/{todoId}/files/{fileId}/complete',
    handler: 'completeUpload',
  },
  { api: 'FilesApi', method: 'GET', path: '/usage', handler: 'getUsage' },
];
const EVENT_HANDLERS = ['fileUploaded', 'todoDeleted', 'fileThumbnails', 'sendReminder'];
const READ_HANDLERS = ['listTodos', 'getTodo', 'listFiles', 'getFile', 'exportAccount'];
// The account routes share the todos API but reach attachments too; the todo routes never do.
const TODOS_ROUTE_HANDLERS = CONTRACT.filter((r) => r.api === 'TodosApi' && r.path.startsWith('/todos')).map(
  (r) => r.handler,
);
const READ_ONLY_ACTIONS = new Set([
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
  's3:GetObject',
  's3:ListBucket',
  'secretsmanager:GetSecretValue',
]);

type Props = Record<string, unknown>;
const functions = resourcesOfType(template, 'AWS::Serverless::Function');
const globals = (template.Globals?.Function ?? {}) as Props;
const props = (resource: CfnResource) => (resource.Properties ?? {}) as Props;
const table = (id: string) => props(template.Resources[id]!);
const kebab = (camel: string) => camel.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function entryPoints(resource: CfnResource): string[] {
  const build = (resource.Metadata?.BuildProperties ?? {}) as { EntryPoints?: string[] };
  return build.EntryPoints ?? [];
}

/** The function whose entry file is the contract handler's (listTodos → list-todos.ts). */
function functionFor(handler: string): [string, CfnResource] {
  const found = functions.find(([, fn]) =>
    entryPoints(fn).some((entry) => basename(entry, extname(entry)) === kebab(handler)),
  );
  if (!found) throw new Error(`No function has an entry point for ${handler}`);
  return found;
}

interface Statement {
  Effect: string;
  Action?: string | string[];
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
}

function inlineStatements(resource: CfnResource): Statement[] {
  const policies = (props(resource).Policies ?? []) as unknown[];
  return policies.flatMap((policy) => {
    const statement = (policy as { Statement?: unknown }).Statement;
    if (statement === undefined) return [];
    return (Array.isArray(statement) ? statement : [statement]) as Statement[];
  });
}
const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
const allowedActions = (resource: CfnResource) =>
  inlineStatements(resource)
    .filter((s) => s.Effect === 'Allow')
    .flatMap((s) => asList(s.Action));

describe('template: HTTP APIs', () => {
  it.each(CONTRACT)('$method $path is served by $handler on $api', ({ api, method, path, handler }) => {
    // Arrange
    const [, fn] = functionFor(handler);
    // Act
    const events = Object.values(
      (props(fn).Events ?? {}) as Record<string, { Type: string; Properties: Props }>,
    );
    const routes = events
      .filter((e) => e.Type === 'HttpApi')
      .map((e) => ({
        api: (e.Properties.ApiId as { Ref?: string })?.Ref,
        method: e.Properties.Method,
        path: e.Properties.Path,
      }));
    // Assert
    expect(routes).toContainEqual({ api, method, path });
  });

  it('serves no route beyond the contract, and none on an implicit API', () => {
    // Act
    const routes = functions.flatMap(([, fn]) =>
      Object.values((props(fn).Events ?? {}) as Record<string, { Type: string; Properties: Props }>)
        .filter((e) => e.Type === 'HttpApi')
        .map(
          (e) =>
            `${(e.Properties.ApiId as { Ref?: string })?.Ref} ${e.Properties.Method} ${e.Properties.Path}`,
        ),
    );
    // Assert
    expect(routes.sort()).toEqual(CONTRACT.map((r) => `${r.api} ${r.method} ${r.path}`).sort());
  });

  it.each(['TodosApi', 'FilesApi'])(
    '%s requires a Cognito JWT by default: issuer from the user pool, audience the app client',
    (api) => {
      // Arrange
      const resource = template.Resources[api]!;
      expect(resource.Type).toBe('AWS::Serverless::HttpApi');
      // Act
      const auth = resolve(props(resource).Auth) as {
        DefaultAuthorizer?: string;
        Authorizers?: Record<
          string,
          { IdentitySource?: string; JwtConfiguration?: { issuer?: string; audience?: string[] } }
        >;
      };
      // Assert
      expect(auth.DefaultAuthorizer).toBeDefined();
      const authorizer = auth.Authorizers?.[auth.DefaultAuthorizer!];
      expect(authorizer?.IdentitySource).toBe('$request.header.Authorization');
      expect(authorizer?.JwtConfiguration?.issuer).toBe(ISSUER);
      expect(authorizer?.JwtConfiguration?.audience).toEqual(['CLIENT-ID']);
    },
  );

  it('lets no route opt out of the authorizer', () => {
    // Act
    const optedOut = functions.flatMap(([id, fn]) =>
      Object.entries((props(fn).Events ?? {}) as Record<string, { Type: string; Properties: Props }>)
        .filter(([, e]) => e.Type === 'HttpApi' && e.Properties.Auth !== undefined)
        .filter(([, e]) => (e.Properties.Auth as { Authorizer?: string }).Authorizer !== undefined)
        .map(([name]) => `${id}.${name}`),
    );
    // Assert
    expect(optedOut).toEqual([]);
  });
});

describe('template: functions', () => {
  const allHandlers = [...CONTRACT.map((r) => r.handler), ...EVENT_HANDLERS];

  it.each(allHandlers)(
    "%s's entry point exists under backend/ and its Handler names that file",
    (handler) => {
      // Arrange
      const [, fn] = functionFor(handler);
      const codeUri = String(props(fn).CodeUri ?? globals.CodeUri);
      // Act
      const [entry] = entryPoints(fn);
      // Assert
      expect(entryPoints(fn)).toHaveLength(1);
      expect(codeUri.replace(/\/$/, '')).toBe('backend');
      expect(existsSync(join(ROOT, codeUri, entry!))).toBe(true);
      expect(props(fn).Handler).toBe(`${basename(entry!, extname(entry!))}.handler`);
      expect(fn.Metadata?.BuildMethod).toBe('esbuild');
    },
  );

  it.each(functions)('%s runs on nodejs22.x or newer, on arm64', (_, fn) => {
    // Act
    const runtime = String(props(fn).Runtime ?? globals.Runtime);
    const architectures = props(fn).Architectures ?? globals.Architectures;
    // Assert
    const major = Number(/^nodejs(\d+)\.x$/.exec(runtime)?.[1]);
    expect(major).toBeGreaterThanOrEqual(22);
    expect(architectures).toEqual(['arm64']);
  });

  describe('each module loads with exactly the environment the template gives its function', () => {
    const saved = { ...process.env };
    afterEach(() => {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    });

    it.each(allHandlers)('%s', async (handler) => {
      // Arrange
      const [, fn] = functionFor(handler);
      const variables = {
        ...((resolve(globals.Environment) as { Variables?: Props } | undefined)?.Variables ?? {}),
        ...((resolve(props(fn).Environment) as { Variables?: Props } | undefined)?.Variables ?? {}),
      };
      for (const key of [
        'TODOS_TABLE',
        'FILES_TABLE',
        'ATTACHMENTS_BUCKET',
        'MAX_UPLOAD_BYTES',
        'MAX_FILES_PER_TODO',
        'MAX_TODOS_PER_USER',
        'URL_TTL_SECONDS',
        'CURSOR_SECRET',
        'REMINDER_SCHEDULE_GROUP',
        'REMINDER_TARGET_ARN',
        'REMINDER_ROLE_ARN',
        'REMINDER_SENDER',
        'USER_POOL_ID',
        'APP_URL',
      ]) {
        delete process.env[key];
      }
      Object.assign(
        process.env,
        Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(v)])),
      );
      vi.resetModules();
      // Act
      const module = (await import(join(ROOT, 'backend', entryPoints(fn)[0]!))) as { handler?: unknown };
      // Assert
      expect(typeof module.handler).toBe('function');
    });
  });
});

describe('template: least-privilege permissions', () => {
  it.each(functions)('%s has inline policies only (or a scoped SAM template) and no custom role', (_, fn) => {
    // Act
    const policies = (props(fn).Policies ?? []) as unknown[];
    // Assert
    expect(props(fn).Role).toBeUndefined();
    expect(policies.length).toBeGreaterThan(0);
    for (const policy of policies) {
      expect(typeof policy).toBe('object');
      const keys = Object.keys(policy as object);
      if (!keys.includes('Statement')) expect(keys).toEqual(['SQSSendMessagePolicy']);
    }
  });

  it.each(functions)('%s allows no "*" and no wildcard actions, and names every resource', (_, fn) => {
    // Act
    const statements = inlineStatements(fn);
    // Assert
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.NotAction).toBeUndefined();
      expect(statement.NotResource).toBeUndefined();
      for (const action of asList(statement.Action)) {
        expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
      }
      const resources = asList(resolve(statement.Resource) as string | string[]);
      expect(resources.length).toBeGreaterThan(0);
      for (const resource of resources) {
        expect(resource).toMatch(/^arn:aws:/);
        // The only wildcards allowed: every object of one named bucket (under a fixed prefix), every schedule of one named
        // group, and every SES identity when a condition pins the sender (test/template/reminders.test.ts).
        const pinnedSender = (statement as { Condition?: unknown }).Condition !== undefined;
        expect(
          resource
            .replace(/^(arn:aws:s3:::[a-z0-9.-]+(\/[a-z0-9-]+)*)\/\*$/, '$1')
            .replace(/^(arn:aws:scheduler:[a-z0-9-]+:\d+:schedule\/[A-Za-z0-9-_.]+)\/\*$/, '$1')
            .replace(/^(arn:aws:ses:[a-z0-9-]+:\d+:identity)\/\*$/, pinnedSender ? '$1' : '$&'),
        ).not.toContain('*');
      }
    }
  });

  it.each(READ_HANDLERS)('%s (a read handler) has no write action', (handler) => {
    // Arrange
    const [, fn] = functionFor(handler);
    // Act
    const actions = allowedActions(fn);
    // Assert
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) expect(READ_ONLY_ACTIONS).toContain(action);
  });

  it.each(TODOS_ROUTE_HANDLERS)('%s (a todos route) has no S3 permission', (handler) => {
    // Arrange
    const [, fn] = functionFor(handler);
    // Act
    const actions = allowedActions(fn);
    // Assert
    expect(actions.filter((a) => a.startsWith('s3:'))).toEqual([]);
  });

  it.each(functions)('%s is granted only tables it is told about in its environment', (_, fn) => {
    // Arrange
    const env = ((props(fn).Environment as { Variables?: Props } | undefined)?.Variables ?? {}) as Props;
    const tablesInEnv = Object.values(env).map((v) => (v as { Ref?: string })?.Ref);
    // Act
    const granted = inlineStatements(fn)
      .flatMap((s) => asList(s.Resource))
      .map((r) => (r as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt']?.[0])
      .filter(
        (id): id is string => id !== undefined && template.Resources[id]?.Type === 'AWS::DynamoDB::Table',
      );
    // Assert
    for (const table of granted) expect(tablesInEnv).toContain(table);
  });
});

describe('template: tables', () => {
  it.each([
    ['TodosTable', 'userId', 'todoId'],
    ['FilesTable', 'todoId', 'fileId'],
  ])('%s is keyed by %s and %s (strings), on demand, with PITR and encryption at rest', (id, hash, range) => {
    // Act
    const p = table(id);
    // Assert
    expect(template.Resources[id]?.Type).toBe('AWS::DynamoDB::Table');
    expect(p.KeySchema).toEqual([
      { AttributeName: hash, KeyType: 'HASH' },
      { AttributeName: range, KeyType: 'RANGE' },
    ]);
    expect(p.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: hash, AttributeType: 'S' },
        { AttributeName: range, AttributeType: 'S' },
      ]),
    );
    expect(p.BillingMode).toBe('PAY_PER_REQUEST');
    expect(p.PointInTimeRecoverySpecification).toMatchObject({ PointInTimeRecoveryEnabled: true });
    expect(p.SSESpecification).toMatchObject({ SSEEnabled: true });
  });

  it('TodosTable streams old images, which the todo-deleted handler needs', () => {
    expect(['OLD_IMAGE', 'NEW_AND_OLD_IMAGES']).toContain(
      (table('TodosTable').StreamSpecification as { StreamViewType?: string })?.StreamViewType,
    );
  });

  it('FilesTable has no TTL (a record only goes with its counters) and indexes pending uploads by owner and expiry', () => {
    // Act
    const files = table('FilesTable');
    const indexes = (files.GlobalSecondaryIndexes ?? []) as { IndexName: string; KeySchema: unknown }[];
    // Assert
    expect(files.TimeToLiveSpecification).toBeUndefined();
    expect(indexes.find((i) => i.IndexName === 'PendingByOwner')?.KeySchema).toEqual([
      { AttributeName: 'pendingOwner', KeyType: 'HASH' },
      { AttributeName: 'expiresAt', KeyType: 'RANGE' },
    ]);
  });
});

describe('template: buckets', () => {
  const buckets = resourcesOfType(template, 'AWS::S3::Bucket');
  const attachments = () => props(template.Resources.AttachmentsBucket!);

  it.each(buckets)('%s blocks every kind of public access and encrypts at rest', (_, bucket) => {
    // Act
    const p = props(bucket);
    // Assert
    expect(p.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const rules = (
      p.BucketEncryption as {
        ServerSideEncryptionConfiguration?: { ServerSideEncryptionByDefault?: { SSEAlgorithm?: string } }[];
      }
    )?.ServerSideEncryptionConfiguration;
    expect(['AES256', 'aws:kms', 'aws:kms:dsse']).toContain(
      rules?.[0]?.ServerSideEncryptionByDefault?.SSEAlgorithm,
    );
  });

  it('no bucket policy allows anyone (Principal "*")', () => {
    // Act
    const statements = resourcesOfType(template, 'AWS::S3::BucketPolicy').flatMap(
      ([, p]) =>
        asList((props(p).PolicyDocument as { Statement?: unknown } | undefined)?.Statement) as {
          Effect: string;
          Principal?: unknown;
        }[],
    );
    // Assert
    for (const s of statements.filter((x) => x.Effect === 'Allow')) {
      expect(JSON.stringify(s.Principal ?? '*')).not.toMatch(/^"\*"$|"AWS":"\*"|"AWS":\["\*"\]/);
    }
  });

  it('the attachments bucket allows browser PUT and GET through CORS, with the Content-Type header', () => {
    // Act
    const rules =
      (
        attachments().CorsConfiguration as {
          CorsRules?: { AllowedMethods: string[]; AllowedHeaders?: string[] }[];
        }
      )?.CorsRules ?? [];
    // Assert
    const methods = rules.flatMap((r) => r.AllowedMethods);
    expect(methods).toEqual(expect.arrayContaining(['PUT', 'GET']));
    const headers = rules.flatMap((r) => (r.AllowedHeaders ?? []).map((h) => h.toLowerCase()));
    expect(headers.some((h) => h === 'content-type' || h === '*')).toBe(true);
  });

  it('the attachments bucket allows the signed upload headers and exposes ETag to the browser', () => {
    // Act
    const rules =
      (
        attachments().CorsConfiguration as {
          CorsRules?: { AllowedHeaders?: string[]; ExposedHeaders?: string[] }[];
        }
      )?.CorsRules ?? [];
    // Assert
    const headers = rules.flatMap((r) => (r.AllowedHeaders ?? []).map((h) => h.toLowerCase()));
    expect(headers).toEqual(expect.arrayContaining(['if-none-match', 'x-amz-tagging', 'content-type']));
    expect(rules.flatMap((r) => r.ExposedHeaders ?? [])).toContain('ETag');
  });

  it('the attachments bucket expires objects still tagged pending=true after a day', () => {
    // Act
    const rules =
      (
        attachments().LifecycleConfiguration as {
          Rules?: {
            Status: string;
            TagFilters?: { Key: string; Value: string }[];
            ExpirationInDays?: number;
          }[];
        }
      )?.Rules ?? [];
    // Assert
    const expiry = rules.find((r) => r.Status === 'Enabled' && r.TagFilters);
    expect(expiry?.TagFilters).toEqual([{ Key: 'pending', Value: 'true' }]);
    expect(expiry?.ExpirationInDays).toBe(1);
  });

  it('the attachments bucket aborts incomplete multipart uploads', () => {
    // Act
    const rules =
      (
        attachments().LifecycleConfiguration as {
          Rules?: { Status: string; AbortIncompleteMultipartUpload?: { DaysAfterInitiation: number } }[];
        }
      )?.Rules ?? [];
    // Assert
    const abort = rules.find((r) => r.Status === 'Enabled' && r.AbortIncompleteMultipartUpload);
    expect(abort?.AbortIncompleteMultipartUpload?.DaysAfterInitiation).toBeGreaterThanOrEqual(1);
  });
});

describe('template: event sources', () => {
  const events = (handler: string) =>
    Object.values(
      (props(functionFor(handler)[1]).Events ?? {}) as Record<string, { Type: string; Properties: Props }>,
    );

  it('todoDeleted reads the TodosTable stream, filtered to REMOVE, reporting batch item failures', () => {
    // Act
    const stream = events('todoDeleted').find((e) => e.Type === 'DynamoDB');
    // Assert
    expect(stream?.Properties.Stream).toEqual({ 'Fn::GetAtt': ['TodosTable', 'StreamArn'] });
    expect(stream?.Properties.FunctionResponseTypes).toContain('ReportBatchItemFailures');
    const filters = (stream?.Properties.FilterCriteria as { Filters?: { Pattern: string }[] })?.Filters ?? [];
    expect(filters.map((f) => JSON.parse(f.Pattern))).toEqual([{ eventName: ['REMOVE'] }]);
  });

  it('fileThumbnails reads the FilesTable stream: image uploads turning available, and removals', () => {
    // Act
    const stream = events('fileThumbnails').find((e) => e.Type === 'DynamoDB');
    // Assert
    expect(stream?.Properties.Stream).toEqual({ 'Fn::GetAtt': ['FilesTable', 'StreamArn'] });
    expect(stream?.Properties.FunctionResponseTypes).toContain('ReportBatchItemFailures');
    expect((table('FilesTable').StreamSpecification as { StreamViewType?: string })?.StreamViewType).toBe(
      'NEW_AND_OLD_IMAGES',
    );
    const filters = (stream?.Properties.FilterCriteria as { Filters?: { Pattern: string }[] })?.Filters ?? [];
    expect(filters.map((f) => JSON.parse(f.Pattern).eventName)).toEqual([['MODIFY'], ['REMOVE']]);
  });

  it('fileThumbnails writes only under thumbnails/ and loads sharp from an arm64 layer, not its bundle', () => {
    // Arrange
    const [, fn] = functionFor('fileThumbnails');
    // Act
    const writes = inlineStatements(fn).filter((s) =>
      asList(s.Action).some((a) => a === 's3:PutObject' || a === 's3:DeleteObject'),
    );
    const layer = template.Resources.SharpLayer!;
    // Assert
    expect(writes.map((s) => resolve(s.Resource))).toEqual([
      expect.stringMatching(/^arn:aws:s3:::[a-z0-9.-]+\/thumbnails\/\*$/),
    ]);
    expect(props(fn).Layers).toEqual([{ Ref: 'SharpLayer' }]);
    expect((fn.Metadata?.BuildProperties as { External?: string[] } | undefined)?.External).toEqual([
      'sharp',
    ]);
    expect(layer.Type).toBe('AWS::Serverless::LayerVersion');
    expect(layer.Metadata).toMatchObject({ BuildMethod: 'makefile', BuildArchitecture: 'arm64' });
    expect(props(layer).CompatibleArchitectures).toEqual(['arm64']);
  });

  it('fileUploaded is invoked by S3 ObjectCreated events of the attachments bucket', () => {
    // Act
    const s3 = events('fileUploaded').find((e) => e.Type === 'S3');
    // Assert
    expect(s3?.Properties.Bucket).toEqual({ Ref: 'AttachmentsBucket' });
    expect(asList(s3?.Properties.Events as string | string[])).toEqual(
      expect.arrayContaining([expect.stringMatching(/^s3:ObjectCreated:/)]),
    );
  });
});
