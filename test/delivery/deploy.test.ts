import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../local/template';
import {
  CACHE_CONTROL,
  type Runner,
  type RunResult,
  samDeployArgs,
  uploadCommands,
  waitForStableStack,
} from '../../scripts/deploy';
import { stackTarget } from '../../scripts/stack-name';
import { parseToml, type TomlTable } from './toml';

const template = loadTemplate('template.yaml');
const samconfig = parseToml(readFileSync('samconfig.toml', 'utf8'));
const section = (env: string, command: string) =>
  ((samconfig[env] as TomlTable | undefined)?.[command] as TomlTable | undefined)?.parameters as
    | TomlTable
    | undefined;

function overrides(value: unknown): Record<string, string> {
  return Object.fromEntries([...String(value).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

/** A parameter value CloudFormation would accept, judged by the template's own constraints. */
function acceptable(name: string, value: string): boolean {
  const parameter = template.Parameters?.[name];
  if (!parameter) return false;
  const allowedValues = parameter.AllowedValues as unknown[] | undefined;
  if (allowedValues && !allowedValues.map(String).includes(value)) return false;
  if (parameter.AllowedPattern && !new RegExp(String(parameter.AllowedPattern)).test(value)) return false;
  if (parameter.Type === 'Number') {
    const n = Number(value);
    if (Number.isNaN(n)) return false;
    if (parameter.MinValue !== undefined && n < Number(parameter.MinValue)) return false;
    if (parameter.MaxValue !== undefined && n > Number(parameter.MaxValue)) return false;
  }
  return true;
}

describe('samconfig.toml', () => {
  it('is version 0.1 with default, dev and prod environments', () => {
    expect(samconfig.version).toBe(0.1);
    expect(Object.keys(samconfig).filter((k) => k !== 'version')).toEqual(['default', 'dev', 'prod']);
  });

  it.each(['default', 'dev', 'prod'])('%s deploys without prompts and with valid parameters', (env) => {
    const deploy = section(env, 'deploy')!;
    expect(deploy).toMatchObject({
      capabilities: 'CAPABILITY_IAM',
      confirm_changeset: false,
      fail_on_empty_changeset: false,
      resolve_s3: true,
    });
    expect(section(env, 'global')?.stack_name).toEqual(expect.stringMatching(/^todo-/));
    const values = overrides(deploy.parameter_overrides);
    expect(Object.keys(values)).toContain('Stage');
    for (const [name, value] of Object.entries(values))
      expect(acceptable(name, value), `${name}=${value}`).toBe(true);
  });

  it('names prod the way the stack-name script names main, and gives it the prod stage', () => {
    const main = stackTarget('main');
    expect(section('prod', 'global')?.stack_name).toBe(main.stackName);
    expect(section('prod', 'deploy')?.s3_prefix).toBe(main.stackName);
    expect(overrides(section('prod', 'deploy')?.parameter_overrides)).toMatchObject({
      Stage: main.stage,
      AllowLocalhostOrigin: 'false',
    });
  });

  it('keeps the prod stage out of the other environments', () => {
    for (const env of ['default', 'dev']) {
      expect(overrides(section(env, 'deploy')?.parameter_overrides).Stage).not.toBe('prod');
    }
  });

  it('lints on sam validate', () => {
    expect(section('default', 'validate')?.lint).toBe(true);
  });
});

describe('samDeployArgs', () => {
  it('deploys a branch with its own stack, stage and no prompts', () => {
    const target = stackTarget('feature/Login');
    expect(samDeployArgs(target)).toEqual([
      'deploy',
      '--config-env',
      'default',
      '--stack-name',
      target.stackName,
      '--s3-prefix',
      target.stackName,
      '--no-confirm-changeset',
      '--no-fail-on-empty-changeset',
      '--template-file',
      '.aws-sam/build/template.yaml',
      '--parameter-overrides',
      `Stage=${target.stage}`,
      '--tags',
      `app=serverless-todo stage=${target.stage}`,
    ]);
  });

  it('deploys main with the prod environment of samconfig.toml', () => {
    const args = samDeployArgs(stackTarget('main'));
    expect(args.slice(0, 5)).toEqual(['deploy', '--config-env', 'prod', '--stack-name', 'todo-prod']);
    expect(args).not.toContain('--parameter-overrides');
  });
});

describe('uploadCommands', () => {
  const dist = mkdtempSync(join(tmpdir(), 'dist-'));
  mkdirSync(join(dist, 'assets'));
  for (const file of ['index.html', 'config.json', 'favicon.svg', 'assets/index-1a2b3c4d.js']) {
    writeFileSync(join(dist, file), '');
  }
  const commands = uploadCommands(dist, 'bucket');
  const cacheControl = (command: string[]) => command[command.indexOf('--cache-control') + 1];

  it('uploads hashed assets first, immutable for a year, and never deletes old ones', () => {
    expect(commands[0]!.slice(0, 4)).toEqual(['s3', 'sync', join(dist, 'assets'), 's3://bucket/assets']);
    expect(cacheControl(commands[0]!)).toBe('public, max-age=31536000, immutable');
    expect(commands[0]).not.toContain('--delete');
  });

  it('uploads config.json and then index.html last, both no-cache', () => {
    const [config, index] = commands.slice(-2);
    expect(config!.slice(0, 4)).toEqual(['s3', 'cp', join(dist, 'config.json'), 's3://bucket/config.json']);
    expect(index!.slice(0, 4)).toEqual(['s3', 'cp', join(dist, 'index.html'), 's3://bucket/index.html']);
    expect(cacheControl(config!)).toBe('no-cache');
    expect(cacheControl(index!)).toBe('no-cache');
    expect(config).toContain('application/json');
    expect(index).toContain('text/html; charset=utf-8');
  });

  it('gives other root files a short lifetime and leaves the rest to their own commands', () => {
    const rest = commands[1]!;
    expect(rest.slice(0, 5)).toEqual(['s3', 'sync', dist, 's3://bucket', '--delete']);
    expect(cacheControl(rest)).toBe(CACHE_CONTROL.other);
    for (const excluded of ['assets/*', 'index.html', 'config.json']) {
      expect(rest[rest.indexOf(excluded) - 1]).toBe('--exclude');
    }
  });
});

describe('waitForStableStack', () => {
  function fakeAws(statuses: (string | null)[]) {
    const calls: string[][] = [];
    const runner: Runner = (command, args): RunResult => {
      calls.push([command, ...args]);
      if (args[1] === 'describe-stacks') {
        const status = statuses.length > 1 ? statuses.shift()! : statuses[0]!;
        return status === null
          ? { status: 255, stdout: '', stderr: 'Stack with id x does not exist' }
          : { status: 0, stdout: `${status}\n`, stderr: '' };
      }
      return { status: 0, stdout: '', stderr: '' };
    };
    return { runner, calls };
  }
  const noSleep = { sleep: async () => {}, log: () => {} };

  it('waits while another operation runs', async () => {
    const { runner, calls } = fakeAws([
      'UPDATE_IN_PROGRESS',
      'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'UPDATE_COMPLETE',
    ]);
    expect(await waitForStableStack(runner, 's', noSleep)).toBe('UPDATE_COMPLETE');
    expect(calls).toHaveLength(3);
  });

  it('reports a missing stack as null', async () => {
    expect(await waitForStableStack(fakeAws([null]).runner, 's', noSleep)).toBeNull();
  });

  it('does not wait for a change set that was never executed', async () => {
    expect(await waitForStableStack(fakeAws(['REVIEW_IN_PROGRESS']).runner, 's', noSleep)).toBe(
      'REVIEW_IN_PROGRESS',
    );
  });

  it('deletes a stack whose first create failed', async () => {
    const { runner, calls } = fakeAws(['ROLLBACK_COMPLETE']);
    expect(await waitForStableStack(runner, 's', noSleep)).toBeNull();
    expect(calls.slice(1)).toEqual([
      ['aws', 'cloudformation', 'delete-stack', '--stack-name', 's'],
      ['aws', 'cloudformation', 'wait', 'stack-delete-complete', '--stack-name', 's'],
    ]);
  });

  it('gives up after its timeout', async () => {
    const { runner } = fakeAws(['UPDATE_IN_PROGRESS']);
    await expect(waitForStableStack(runner, 's', { ...noSleep, timeoutMs: -1 })).rejects.toThrow(/giving up/);
  });

  it('surfaces other errors', async () => {
    const runner: Runner = () => ({ status: 255, stdout: '', stderr: 'ExpiredToken' });
    await expect(waitForStableStack(runner, 's', noSleep)).rejects.toThrow(/ExpiredToken/);
  });
});
