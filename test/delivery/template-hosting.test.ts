// cfn-lint over the whole template runs in test/template/cfn-lint.test.ts.
import { describe, expect, it } from 'vitest';
import { type CfnResource, loadTemplate } from '../../local/template';

const template = loadTemplate('template.yaml');
const resources = template.Resources;

type Obj = Record<string, unknown>;
const props = (id: string): Obj => {
  const resource = resources[id];
  if (!resource) throw new Error(`No resource ${id}`);
  return (resource.Properties ?? {}) as Obj;
};
const at = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, key) => (v as Obj | undefined)?.[key], value);

const MANAGED_CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const MANAGED_CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const DISTRIBUTION = 'FrontendDistribution';
const distributionConfig = at(props(DISTRIBUTION), 'DistributionConfig') as Obj;
const behaviors = [
  distributionConfig.DefaultCacheBehavior as Obj,
  ...((distributionConfig.CacheBehaviors as Obj[] | undefined) ?? []),
];

/** The cache behavior CloudFront picks for a request path (first matching pattern, else default). */
function behaviorFor(path: string): Obj {
  for (const behavior of (distributionConfig.CacheBehaviors as Obj[] | undefined) ?? []) {
    const pattern = String(behavior.PathPattern).replace(/^\/?/, '/');
    const regex = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    if (regex.test(path)) return behavior;
  }
  return distributionConfig.DefaultCacheBehavior as Obj;
}

/** DeletionPolicy / UpdateReplacePolicy of a resource for a stage, evaluating `Fn::If [IsProd, …]`. */
function policy(resource: CfnResource, attribute: 'DeletionPolicy' | 'UpdateReplacePolicy', prod: boolean) {
  const value = resource[attribute];
  if (value === undefined) return 'Delete';
  if (typeof value === 'string') return value;
  const [condition, whenTrue, whenFalse] = at(value, 'Fn::If') as [string, string, string];
  expect(condition).toBe('IsProd');
  return prod ? whenTrue : whenFalse;
}

describe('template: conditions and parameters', () => {
  it('IsProd is Stage == prod and AllowLocalhost needs an explicit "true", never on prod', () => {
    expect(template.Conditions?.IsProd).toEqual({ 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] });
    expect(template.Conditions?.AllowLocalhost).toEqual({
      'Fn::And': [
        { 'Fn::Equals': [{ Ref: 'AllowLocalhostOrigin' }, 'true'] },
        { 'Fn::Not': [{ Condition: 'IsProd' }] },
      ],
    });
    expect(template.Parameters?.AllowLocalhostOrigin).toMatchObject({
      Default: 'false',
      AllowedValues: ['true', 'false'],
    });
    const localhost = template.Parameters?.LocalhostOrigin;
    expect(localhost?.Default).toBe('http://localhost:5173');
    const pattern = new RegExp(String(localhost?.AllowedPattern));
    expect(pattern.test('http://localhost:5173')).toBe(true);
    expect(pattern.test('https://evil.example')).toBe(false);
    expect(pattern.test('http://localhost.evil.example:80')).toBe(false);
  });
});

describe('template: frontend hosting', () => {
  it('keeps the frontend bucket private, encrypted and owner-enforced', () => {
    const bucket = props('FrontendBucket');
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(at(bucket, 'OwnershipControls', 'Rules')).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    expect(bucket.WebsiteConfiguration).toBeUndefined();
    expect(bucket.AccessControl).toBeUndefined();
    expect(bucket.BucketEncryption).toBeDefined();
  });

  it('serves the bucket through an origin access control, not a public website or OAI', () => {
    const oac = at(props('FrontendOriginAccessControl'), 'OriginAccessControlConfig') as Obj;
    expect(oac).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    const origins = distributionConfig.Origins as Obj[];
    expect(origins).toHaveLength(1);
    expect(origins[0]).toMatchObject({
      DomainName: { 'Fn::GetAtt': ['FrontendBucket', 'RegionalDomainName'] },
      OriginAccessControlId: { 'Fn::GetAtt': ['FrontendOriginAccessControl', 'Id'] },
      S3OriginConfig: { OriginAccessIdentity: '' },
    });
  });

  it('lets only this distribution read the bucket', () => {
    const statements = at(props('FrontendBucketPolicy'), 'PolicyDocument', 'Statement') as Obj[];
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 's3:GetObject',
    });
    const sourceArn = JSON.stringify(at(allows[0], 'Condition', 'StringEquals', 'AWS:SourceArn'));
    expect(sourceArn).toContain(`distribution/\${${DISTRIBUTION}}`);
  });

  it('is HTTPS only, compressed, with index.html as root object and an SPA fallback', () => {
    expect(distributionConfig.Enabled).toBe(true);
    expect(distributionConfig.DefaultRootObject).toBe('index.html');
    for (const behavior of behaviors) {
      expect(['redirect-to-https', 'https-only']).toContain(behavior.ViewerProtocolPolicy);
      expect(behavior.Compress).toBe(true);
      expect(behavior.AllowedMethods).toEqual(['GET', 'HEAD']);
    }
    const errors = distributionConfig.CustomErrorResponses as Obj[];
    for (const code of [403, 404]) {
      expect(errors).toContainEqual(
        expect.objectContaining({ ErrorCode: code, ResponseCode: 200, ResponsePagePath: '/index.html' }),
      );
    }
    expect(at(distributionConfig, 'ViewerCertificate', 'CloudFrontDefaultCertificate')).toBe(true);
  });

  it('caches hashed assets for long and never index.html or config.json', () => {
    for (const path of ['/', '/index.html', '/config.json', '/todos/01HX']) {
      expect(behaviorFor(path).CachePolicyId, path).toBe(MANAGED_CACHING_DISABLED);
    }
    expect(behaviorFor('/assets/index-4f2a9c1b.js').CachePolicyId).toBe(MANAGED_CACHING_OPTIMIZED);
  });

  it('attaches the security headers policy to every behavior', () => {
    for (const behavior of behaviors) {
      expect(behavior.ResponseHeadersPolicyId).toEqual({ Ref: 'FrontendSecurityHeadersPolicy' });
    }
  });

  it('outputs the bucket, the distribution and the app URL', () => {
    expect(template.Outputs?.FrontendBucketName?.Value).toEqual({ Ref: 'FrontendBucket' });
    expect(template.Outputs?.DistributionId?.Value).toEqual({ Ref: DISTRIBUTION });
    expect(template.Outputs?.AppUrl?.Value).toEqual({ 'Fn::Sub': `https://\${${DISTRIBUTION}.DomainName}` });
  });
});

describe('template: security headers', () => {
  const config = at(
    props('FrontendSecurityHeadersPolicy'),
    'ResponseHeadersPolicyConfig',
    'SecurityHeadersConfig',
  ) as Obj;
  const cspSub = at(config, 'ContentSecurityPolicy', 'ContentSecurityPolicy', 'Fn::Sub') as [string, Obj];
  const directives = new Map(
    cspSub[0]
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
  const attachmentsBucketName = (at(props('AttachmentsBucket'), 'BucketName', 'Fn::Sub') as [string, Obj])[0];

  it('overrides the origin and is well-formed', () => {
    expect(at(config, 'ContentSecurityPolicy', 'Override')).toBe(true);
    expect(cspSub[0].length).toBeLessThan(1783); // CloudFront's limit for the header value
    expect(cspSub[1].Suffix).toEqual(at(props('AttachmentsBucket'), 'BucketName', 'Fn::Sub', '1', 'Suffix'));
  });

  it('allows only self, the API origins, Cognito and the attachments bucket', () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'self'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual([
      "'self'",
      `https://*.execute-api.\${AWS::Region}.\${AWS::URLSuffix}`,
      `https://cognito-idp.\${AWS::Region}.\${AWS::URLSuffix}`,
      `https://s3.\${AWS::Region}.\${AWS::URLSuffix}/${attachmentsBucketName}/`,
      `https://${attachmentsBucketName}.s3.\${AWS::Region}.\${AWS::URLSuffix}`,
    ]);
    const allowed = new Set(["'self'", "'none'", 'data:', 'blob:', ...directives.get('connect-src')!]);
    for (const [name, sources] of directives) {
      for (const source of sources) expect(allowed, `${name} ${source}`).toContain(source);
    }
  });

  it('sets HSTS, nosniff, DENY framing and a strict referrer policy', () => {
    expect(at(config, 'StrictTransportSecurity')).toMatchObject({ Override: true, IncludeSubdomains: true });
    expect(Number(at(config, 'StrictTransportSecurity', 'AccessControlMaxAgeSec'))).toBeGreaterThanOrEqual(
      31536000,
    );
    expect(at(config, 'ContentTypeOptions', 'Override')).toBe(true);
    expect(at(config, 'FrameOptions')).toMatchObject({ FrameOption: 'DENY', Override: true });
    expect(['no-referrer', 'same-origin', 'strict-origin']).toContain(
      at(config, 'ReferrerPolicy', 'ReferrerPolicy'),
    );
  });
});

describe('template: APIs and buckets', () => {
  const distributionOrigin = { 'Fn::Sub': `https://\${${DISTRIBUTION}.DomainName}` };
  const localhostWhenAllowed = {
    'Fn::If': ['AllowLocalhost', { Ref: 'LocalhostOrigin' }, { Ref: 'AWS::NoValue' }],
  };

  it.each(['TodosApi', 'FilesApi'])('%s allows only the app origin (and localhost when allowed)', (api) => {
    expect(at(props(api), 'CorsConfiguration', 'AllowOrigins')).toEqual([
      distributionOrigin,
      localhostWhenAllowed,
    ]);
  });

  it.each(['TodosApi', 'FilesApi'])('%s is throttled', (api) => {
    const settings = at(props(api), 'DefaultRouteSettings') as Obj;
    expect(settings.ThrottlingBurstLimit).toBeGreaterThan(0);
    expect(settings.ThrottlingRateLimit).toBeGreaterThan(0);
  });

  it('lets the attachments bucket CORS allow the app origin (and localhost when allowed)', () => {
    const rules = at(props('AttachmentsBucket'), 'CorsConfiguration', 'CorsRules') as Obj[];
    for (const rule of rules) expect(rule.AllowedOrigins).toEqual([distributionOrigin, localhostWhenAllowed]);
  });

  it.each([
    ['AttachmentsBucket', 'AttachmentsBucketPolicy'],
    ['FrontendBucket', 'FrontendBucketPolicy'],
  ])('%s denies any request without TLS', (bucket, policyId) => {
    expect(props(policyId).Bucket).toEqual({ Ref: bucket });
    const statements = at(props(policyId), 'PolicyDocument', 'Statement') as Obj[];
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [{ 'Fn::GetAtt': [bucket, 'Arn'] }, { 'Fn::Sub': `\${${bucket}.Arn}/*` }],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it('keeps every bucket private', () => {
    const buckets = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::S3::Bucket');
    expect(buckets.map(([id]) => id).sort()).toEqual(['AttachmentsBucket', 'FrontendBucket']);
    for (const [id] of buckets) {
      expect(Object.values(props(id).PublicAccessBlockConfiguration as Obj), id).toEqual([
        true,
        true,
        true,
        true,
      ]);
    }
  });
});

describe('template: retention', () => {
  // The user pool too: every todo and file is keyed by its users' sub.
  const retainedOnProd = ['TodosTable', 'FilesTable', 'AttachmentsBucket', 'UserPool'];

  it('retains nothing on a branch stage', () => {
    for (const [id, resource] of Object.entries(resources)) {
      expect(policy(resource, 'DeletionPolicy', false), id).toBe('Delete');
      expect(policy(resource, 'UpdateReplacePolicy', false), id).toBe('Delete');
    }
  });

  it('retains exactly the tables, the attachments bucket and the user pool on prod', () => {
    const retained = Object.entries(resources)
      .filter(([, r]) => policy(r, 'DeletionPolicy', true) === 'Retain')
      .map(([id]) => id);
    expect(retained.sort()).toEqual([...retainedOnProd].sort());
    for (const id of retainedOnProd)
      expect(policy(resources[id]!, 'UpdateReplacePolicy', true)).toBe('Retain');
  });

  it('turns on table deletion protection only on prod', () => {
    for (const id of ['TodosTable', 'FilesTable']) {
      expect(props(id).DeletionProtectionEnabled).toEqual({ 'Fn::If': ['IsProd', true, false] });
    }
  });
});
