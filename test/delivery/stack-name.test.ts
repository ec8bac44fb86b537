import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  githubOutput,
  MAX_STACK_NAME_LENGTH,
  RESERVED_STAGES,
  STACK_NAME_PATTERN,
  STAGE_PATTERN,
  slugify,
  stackTarget,
} from '../../scripts/stack-name';
import { parseToml, type TomlTable } from './toml';

function expectValid(branch: string) {
  const target = stackTarget(branch);
  expect(target.stackName).toMatch(STACK_NAME_PATTERN);
  expect(target.stackName.length).toBeLessThanOrEqual(128);
  expect(target.stackName.length).toBeLessThanOrEqual(MAX_STACK_NAME_LENGTH);
  expect(target.stage).toMatch(STAGE_PATTERN);
  expect(target.stage.length).toBeLessThanOrEqual(40);
  if (target.stage === 'prod') expect(branch).toBe('main');
  return target;
}

describe('stackTarget', () => {
  it('maps main to the production stack and stage', () => {
    expect(stackTarget('main')).toEqual({
      branch: 'main',
      stackName: 'todo-prod',
      stage: 'prod',
      production: true,
      configEnv: 'prod',
    });
  });

  it('keeps a branch that is already a valid slug, without a hash', () => {
    expect(stackTarget('fix-123')).toMatchObject({
      stackName: 'todo-fix-123',
      stage: 'fix-123',
      production: false,
      configEnv: 'default',
    });
  });

  it.each([
    ['slashes', 'feature/login-form', /^todo-feature-login-form--[0-9a-f]{8}$/],
    ['upper case', 'Feature-Login', /^todo-feature-login--[0-9a-f]{8}$/],
    ['dots', 'release/v1.2.3', /^todo-release-v1-2-3--[0-9a-f]{8}$/],
    ['leading digits', '123-hotfix', /^todo-123-hotfix$/],
    ['leading digits after a slash', '42/fix', /^todo-42-fix--[0-9a-f]{8}$/],
    ['accents', 'fix/café-crème', /^todo-fix-cafe-creme--[0-9a-f]{8}$/],
    ['non-Latin script', '機能/ログイン', /^todo-branch--[0-9a-f]{8}$/],
    ['emoji', '🚀-launch', /^todo-launch--[0-9a-f]{8}$/],
    [
      'underscores and symbols',
      'dependabot/npm_and_yarn/@aws-sdk+x',
      /^todo-dependabot-npm-and-yarn-aws-sdk-x--/,
    ],
    ['repeated and trailing separators', 'a//b--c-', /^todo-a-b-c--[0-9a-f]{8}$/],
  ])('normalises %s', (_, branch, expected) => {
    expect(expectValid(branch).stackName).toMatch(expected);
  });

  it('truncates very long names and keeps them unique', () => {
    const base = 'feature/'.padEnd(300, 'x');
    const a = expectValid(`${base}-a`);
    const b = expectValid(`${base}-b`);
    expect(a.stackName.length).toBe(MAX_STACK_NAME_LENGTH);
    expect(a.stackName).not.toBe(b.stackName);
    expect(a.stage).not.toBe(b.stage);
    expect(a.stage.length).toBe(40);
  });

  it('gives a plain branch that only fits the stack name a hashed stage', () => {
    const branch = 'a'.repeat(60);
    const target = expectValid(branch);
    expect(target.stackName).toBe(`todo-${branch}`);
    expect(target.stage).toMatch(/^a{30}--[0-9a-f]{8}$/);
  });

  it('never gives another branch the production stack or stage', () => {
    for (const branch of ['prod', 'Prod', 'PROD', 'Main', 'main/x', 'x/main', 'todo-prod']) {
      const target = expectValid(branch);
      expect(target.production).toBe(false);
      expect(target.stackName).not.toBe('todo-prod');
      expect(target.stage).not.toBe('prod');
    }
  });

  it('gives branches that normalise alike different stacks and stages', () => {
    const branches = [
      'feature/login',
      'feature-login',
      'Feature/Login',
      'feature.login',
      'feature_login',
      'feature//login',
      'feature/login/',
      'FEATURE-LOGIN',
      'féature/login',
      'feature-login--48fad082',
    ];
    const targets = branches.map(expectValid);
    expect(new Set(targets.map((t) => t.stackName)).size).toBe(branches.length);
    expect(new Set(targets.map((t) => t.stage)).size).toBe(branches.length);
  });

  it('stays valid and unique over many generated branch names', () => {
    let seed = 42;
    const random = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    const alphabet = ['a', 'Z', '0', '9', '-', '_', '.', '/', 'é', 'ß', '日', '🙂', 'x'];
    const branches = new Set<string>();
    for (let attempt = 0; branches.size < 2000 && attempt < 10_000; attempt++) {
      const length = 1 + Math.floor(random() * 200);
      let name = '';
      for (let i = 0; i < length; i++) name += alphabet[Math.floor(random() * alphabet.length)];
      if (name !== 'main') branches.add(name);
    }
    expect(branches.size).toBe(2000);
    const names = new Set<string>();
    const stages = new Set<string>();
    for (const branch of branches) {
      const target = expectValid(branch);
      names.add(target.stackName);
      stages.add(target.stage);
    }
    expect(names.size).toBe(branches.size);
    expect(stages.size).toBe(branches.size);
  });

  it('is deterministic', () => {
    expect(stackTarget('feature/Login')).toEqual(stackTarget('feature/Login'));
  });

  it('accepts a full ref and rejects an empty name', () => {
    expect(stackTarget('refs/heads/fix-1').stackName).toBe('todo-fix-1');
    expect(() => stackTarget('')).toThrow(/branch name is required/);
  });

  it('slugifies to lower-case ASCII words joined by single dashes', () => {
    expect(slugify('  Ünïcödé/Branch__Name..v2 ')).toBe('unicode-branch-name-v2');
  });
});

describe('scripts/stack-name.ts command line', () => {
  const cli = (...args: string[]) =>
    spawnSync('node_modules/.bin/tsx', ['scripts/stack-name.ts', ...args], { encoding: 'utf8' });

  it('prints the stack name', () => {
    const result = cli('feature/Login');
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(stackTarget('feature/Login').stackName);
  });

  it('prints GitHub step outputs', () => {
    const result = cli('--github-output', 'main');
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(githubOutput(stackTarget('main')));
    expect(result.stdout).toContain('stack-name=todo-prod\nstage=prod\nproduction=true\nconfig-env=prod');
  });

  it('fails without a branch', () => {
    expect(cli().status).toBe(2);
  });
});

describe('names of shared environments (samconfig.toml)', () => {
  const samconfig = parseToml(readFileSync('samconfig.toml', 'utf8'));
  const environments = Object.entries(samconfig).filter(([, v]) => typeof v === 'object') as [
    string,
    TomlTable,
  ][];
  const stackNames = environments.flatMap(([, env]) => {
    const name = ((env.global as TomlTable | undefined)?.parameters as TomlTable | undefined)?.stack_name;
    return typeof name === 'string' ? [name] : [];
  });
  const stages = environments.flatMap(([, env]) => {
    const overrides = ((env.deploy as TomlTable | undefined)?.parameters as TomlTable | undefined)
      ?.parameter_overrides;
    const stage = typeof overrides === 'string' ? /Stage="?([^"\s]+)/.exec(overrides)?.[1] : undefined;
    return stage ? [stage] : [];
  });

  it('finds the shared stacks and stages it protects', () => {
    expect(new Set(stackNames)).toEqual(new Set(['todo-dev', 'todo-prod']));
    expect(new Set(stages)).toEqual(new Set(['dev', 'prod']));
  });

  it('reserves every stage, stack and environment name samconfig.toml uses', () => {
    const reserved = new Set(RESERVED_STAGES);
    for (const stage of stages) expect(reserved).toContain(stage);
    for (const name of stackNames) expect(reserved).toContain(name.replace(/^todo-/, ''));
    for (const [env] of environments) if (env !== 'default') expect(reserved).toContain(env);
  });

  it.each(['dev', 'prod', 'todo-dev', 'todo-prod', 'default'])(
    'a branch named %s never gets a shared stack or stage',
    (branch) => {
      const target = stackTarget(branch);
      expect(target.production).toBe(false);
      expect(stackNames).not.toContain(target.stackName);
      expect(stages).not.toContain(target.stage);
      if ((RESERVED_STAGES as string[]).includes(branch)) expect(target.stackName).toMatch(/--[0-9a-f]{8}$/);
    },
  );

  it.each(['prod-x', 'production', 'products/new', 'Prod', 'PROD-1'])(
    'a branch %s gets no name the preview role is denied (todo-prod*)',
    (branch) => {
      const target = stackTarget(branch);
      expect(target.stackName.startsWith('todo-prod')).toBe(false);
      expect(target.stage.startsWith('prod')).toBe(false);
      expect(target.stackName).toMatch(/^todo-b-prod/);
    },
  );
});
