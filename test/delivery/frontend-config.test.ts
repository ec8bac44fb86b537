import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../local/template';
import {
  frontendConfig,
  hostingOutputs,
  parseStackOutputs,
  writeFrontendConfig,
} from '../../scripts/write-frontend-config';

const outputs = {
  TodosApiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com',
  FilesApiUrl: 'https://def456.execute-api.eu-west-1.amazonaws.com/',
  UserPoolId: 'eu-west-1_AbCdEf',
  UserPoolClientId: '1a2b3c4d5e6f7g8h9i0j',
  AttachmentsBucketName: 'todo-123456789012-abcdef123456-attachments',
  MaxUploadBytes: '10485760',
  Region: 'eu-west-1',
  FrontendBucketName: 'todo-feature-x-frontendbucket-1abc',
  DistributionId: 'E1ABCDEF234567',
  AppUrl: 'https://d1234abcd.cloudfront.net',
};
const describeStacks = {
  Stacks: [
    {
      StackName: 'todo-feature-x',
      StackStatus: 'UPDATE_COMPLETE',
      Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({
        OutputKey,
        OutputValue,
        Description: '…',
      })),
    },
  ],
};

describe('write-frontend-config', () => {
  it('reads describe-stacks output, a bare Outputs list or a flat object alike', () => {
    expect(parseStackOutputs(describeStacks)).toEqual(outputs);
    expect(parseStackOutputs(describeStacks.Stacks[0]!.Outputs)).toEqual(outputs);
    expect(parseStackOutputs(outputs)).toEqual(outputs);
  });

  it('builds exactly the keys the web app reads, for SRP sign-in', () => {
    expect(frontendConfig(outputs)).toEqual({
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_AbCdEf',
      userPoolClientId: '1a2b3c4d5e6f7g8h9i0j',
      todosApiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com',
      filesApiUrl: 'https://def456.execute-api.eu-west-1.amazonaws.com',
      maxUploadBytes: 10485760,
      authFlow: 'USER_SRP_AUTH',
    });
  });

  it('refuses incomplete or implausible outputs', () => {
    const { UserPoolId: _, ...withoutPool } = outputs;
    expect(() => frontendConfig(withoutPool)).toThrow(/UserPoolId is missing/);
    expect(() => frontendConfig({ ...outputs, MaxUploadBytes: 'ten' })).toThrow(/MaxUploadBytes/);
    expect(() => frontendConfig({ ...outputs, TodosApiUrl: 'http://x.example' })).toThrow(/https/);
    expect(() => parseStackOutputs({ Stacks: [] })).toThrow(/one stack/);
  });

  it('returns what the upload needs', () => {
    expect(hostingOutputs(outputs)).toEqual({
      frontendBucket: outputs.FrontendBucketName,
      distributionId: outputs.DistributionId,
      appUrl: outputs.AppUrl,
    });
  });

  it('reads only outputs the template declares', () => {
    const declared = Object.keys(loadTemplate('template.yaml').Outputs ?? {});
    expect(declared).toEqual(expect.arrayContaining(Object.keys(outputs)));
  });

  it('writes config.json and prints step outputs from the command line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-'));
    writeFileSync(join(dir, 'stack.json'), JSON.stringify(describeStacks));
    const result = spawnSync(
      'node_modules/.bin/tsx',
      ['scripts/write-frontend-config.ts', join(dir, 'stack.json'), join(dir, 'config.json')],
      { encoding: 'utf8' },
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([
      `frontend-bucket=${outputs.FrontendBucketName}`,
      `distribution-id=${outputs.DistributionId}`,
      `app-url=${outputs.AppUrl}`,
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toEqual(frontendConfig(outputs));
    expect(writeFrontendConfig(join(dir, 'stack.json'), join(dir, 'again.json'))).toEqual(
      hostingOutputs(outputs),
    );
  }, 30_000);
});
