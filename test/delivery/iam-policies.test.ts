import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  IAM_DIR,
  NO_PRODUCTION_BUCKET,
  PLACEHOLDERS,
  policyFiles,
  render,
  subjectsFromPrefix,
  type Values,
  validate,
} from '../../scripts/iam-policies';
import { decide, list, type PolicyDocument } from './support/iam-eval';

const ACCOUNT = '123456789012';
const PROD_BUCKET = `todo-${ACCOUNT}-0a1b2c3d4e5f-attachments`;
const VALUES: Values = {
  ACCOUNT_ID: ACCOUNT,
  PRODUCTION_SUBJECT: 'repo:owner-123/repo-456:environment:production',
  PREVIEW_SUBJECT: 'repo:owner-123/repo-456:environment:preview',
  PRODUCTION_ATTACHMENTS_BUCKET: PROD_BUCKET,
};
const raw = (file: string) => readFileSync(join(IAM_DIR, file), 'utf8');
const policy = (name: string) => JSON.parse(render(raw(`${name}.json`), VALUES)) as PolicyDocument;
const preview = policy('preview-permissions');
const production = policy('production-permissions');
const boundary = policy('preview-boundary');
const BOUNDARY_ARN = `arn:aws:iam::${ACCOUNT}:policy/todo-preview-boundary`;

// What the production stack owns, by name or (for generated ids) by the tags CloudFormation adds.
const PROD_TAGS = { 'aws:ResourceTag/aws:cloudformation:stack-name': 'todo-prod' };
const PROD_RESOURCES: [string, string, Record<string, string>?][] = [
  ['cloudformation:DeleteStack', `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/todo-prod/abc`],
  ['cloudformation:UpdateStack', `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/todo-prod/abc`],
  ['dynamodb:DeleteTable', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/todo-prod-TodosTable-X1`],
  ['dynamodb:Scan', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/todo-prod-FilesTable-X2`],
  ['s3:DeleteObject', `arn:aws:s3:::${PROD_BUCKET}/u/t/f`],
  ['s3:DeleteBucket', `arn:aws:s3:::${PROD_BUCKET}`],
  ['s3:PutObject', 'arn:aws:s3:::todo-prod-frontendbucket-1x2y/index.html'],
  ['lambda:UpdateFunctionCode', `arn:aws:lambda:us-east-1:${ACCOUNT}:function:todo-prod-ListTodosFunction-X`],
  [
    'secretsmanager:GetSecretValue',
    `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:todo-prod/cursor-AbC`,
  ],
  ['iam:PutRolePolicy', `arn:aws:iam::${ACCOUNT}:role/todo-prod-ListTodosFunctionRole-X`],
  ['cognito-idp:DeleteUserPool', `arn:aws:cognito-idp:us-east-1:${ACCOUNT}:userpool/us-east-1_Ab`, PROD_TAGS],
  ['cloudfront:DeleteDistribution', `arn:aws:cloudfront::${ACCOUNT}:distribution/E123`, PROD_TAGS],
  ['apigateway:DELETE', 'arn:aws:apigateway:us-east-1::/apis/abc123', PROD_TAGS],
];

describe('deploy/iam policy files', () => {
  it('are the five documented files, each valid JSON with only known placeholders', () => {
    expect(policyFiles()).toEqual([
      'preview-boundary.json',
      'preview-permissions.json',
      'preview-trust.json',
      'production-permissions.json',
      'production-trust.json',
    ]);
    for (const file of policyFiles()) {
      const text = raw(file);
      expect(() => JSON.parse(text)).not.toThrow();
      const placeholders = new Set(text.match(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/g) ?? []);
      for (const p of placeholders) expect(PLACEHOLDERS).toContain(p);
      // The subject format is the repository's own: no file assumes `repo:OWNER/REPO`.
      expect(text).not.toMatch(/repo:/);
    }
  });

  it.each(policyFiles())(
    '%s: every statement is well-formed, and none allows every action on every resource',
    (file) => {
      const doc = JSON.parse(render(raw(file), VALUES)) as PolicyDocument;
      expect(doc.Version).toBe('2012-10-17');
      expect(doc.Statement.length).toBeGreaterThan(0);
      const sids = doc.Statement.map((s) => s.Sid);
      expect(new Set(sids).size).toBe(sids.length);
      for (const s of doc.Statement) {
        expect(['Allow', 'Deny']).toContain(s.Effect);
        expect(s.NotAction).toBeUndefined();
        expect(s.NotResource).toBeUndefined();
        expect(list(s.Action).length).toBeGreaterThan(0);
        for (const action of list(s.Action)) expect(action).toMatch(/^(\*|[a-z0-9-]+:[A-Za-z*]+)$/);
        if (s.Effect === 'Allow') {
          const everyAction = list(s.Action).includes('*');
          const everyResource = list(s.Resource).includes('*');
          expect(everyAction && everyResource, `${s.Sid} allows */*`).toBe(false);
          expect(everyAction, `${s.Sid} allows every action`).toBe(false);
        }
      }
    },
  );

  it('the production role trusts only the production environment; the preview role only preview', () => {
    const trust = (name: string) => policy(name).Statement;
    for (const [name, subject] of [
      ['production-trust', VALUES.PRODUCTION_SUBJECT],
      ['preview-trust', VALUES.PREVIEW_SUBJECT],
    ] as const) {
      const statements = trust(name);
      expect(statements).toHaveLength(1);
      const [s] = statements;
      expect(s!.Action).toBe('sts:AssumeRoleWithWebIdentity');
      expect(s!.Principal).toEqual({
        Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
      });
      // StringEquals: one exact subject, no pattern that a second environment could match.
      expect(s!.Condition).toEqual({
        StringEquals: {
          'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
          'token.actions.githubusercontent.com:sub': subject,
        },
      });
    }
  });

  it.each(PROD_RESOURCES)('the preview role is denied %s on production (%s)', (action, resource, context) => {
    expect(decide(preview, action, resource, context ?? {})).toBe('Deny');
    // And roles a preview stack creates cannot reach it either.
    expect(decide(boundary, action, resource, context ?? {})).not.toBe('Allow');
  });

  it('the preview role still deploys and deletes branch stacks', () => {
    const branch = `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/todo-feature-x/abc`;
    expect(decide(preview, 'cloudformation:DeleteStack', branch)).toBe('Allow');
    expect(
      decide(preview, 'dynamodb:DeleteTable', `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/todo-feature-x-T`),
    ).toBe('Allow');
    expect(decide(preview, 's3:DeleteObject', `arn:aws:s3:::todo-${ACCOUNT}-ffff-attachments/k`)).toBe(
      'Allow',
    );
  });

  it('the preview role creates roles only with the permissions boundary, and only with service policies', () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/todo-feature-x-ListTodosFunctionRole-1`;
    const withBoundary = { 'iam:PermissionsBoundary': BOUNDARY_ARN };
    expect(decide(preview, 'iam:CreateRole', role)).toBe('ImplicitDeny');
    expect(
      decide(preview, 'iam:CreateRole', role, {
        'iam:PermissionsBoundary': 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    ).toBe('ImplicitDeny');
    expect(decide(preview, 'iam:CreateRole', role, withBoundary)).toBe('Allow');
    expect(decide(preview, 'iam:PutRolePolicy', role)).toBe('ImplicitDeny');
    expect(
      decide(preview, 'iam:AttachRolePolicy', role, {
        ...withBoundary,
        'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    ).toBe('Deny');
    expect(
      decide(preview, 'iam:AttachRolePolicy', role, {
        ...withBoundary,
        'iam:PolicyARN': 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
      }),
    ).toBe('Allow');
    expect(decide(preview, 'iam:DeleteRolePermissionsBoundary', role)).toBe('Deny');
    expect(decide(preview, 'iam:CreatePolicyVersion', BOUNDARY_ARN)).toBe('Deny');
    // Neither deploy role can touch the deploy roles themselves.
    for (const doc of [preview, production]) {
      expect(
        decide(doc, 'iam:UpdateAssumeRolePolicy', `arn:aws:iam::${ACCOUNT}:role/todo-github-preview`),
      ).toBe('Deny');
    }
  });

  it('the production role cannot attach AdministratorAccess either, and reaches only todo-prod*', () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/todo-prod-ListTodosFunctionRole-1`;
    expect(
      decide(production, 'iam:AttachRolePolicy', role, {
        'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    ).toBe('Deny');
    expect(
      decide(
        production,
        'cloudformation:UpdateStack',
        `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/todo-prod/x`,
      ),
    ).toBe('Allow');
    expect(
      decide(
        production,
        'cloudformation:DeleteStack',
        `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/todo-feature-x/x`,
      ),
    ).toBe('ImplicitDeny');
  });
});

describe('scripts/iam-policies.ts', () => {
  it('fills every placeholder and refuses a file with an unknown one', () => {
    for (const file of policyFiles())
      expect(render(raw(file), VALUES)).not.toMatch(/ACCOUNT_ID|_SUBJECT|PRODUCTION_/);
    expect(() => render('{"a": "SOMETHING_ELSE"}', VALUES)).toThrow(/SOMETHING_ELSE/);
  });

  it('takes subjects verbatim, in the id-based form too, and refuses wildcards or a shared subject', () => {
    expect(subjectsFromPrefix('repo:owner-123/repo-456')).toEqual({
      production: 'repo:owner-123/repo-456:environment:production',
      preview: 'repo:owner-123/repo-456:environment:preview',
    });
    expect(() => subjectsFromPrefix('repo:o/*')).toThrow();
    expect(() => validate({ ...VALUES, PREVIEW_SUBJECT: 'repo:o/r:*' })).toThrow(/literal/);
    expect(() => validate({ ...VALUES, PREVIEW_SUBJECT: VALUES.PRODUCTION_SUBJECT })).toThrow(/differ/);
    expect(() => validate({ ...VALUES, ACCOUNT_ID: 'ACCOUNT' })).toThrow(/account/);
    expect(() => validate({ ...VALUES, PRODUCTION_ATTACHMENTS_BUCKET: NO_PRODUCTION_BUCKET })).not.toThrow();
  });
});
