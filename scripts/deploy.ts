/**
 * `npm run deploy`: what .github/workflows/deploy.yml does, from a developer's shell with their own
 * AWS credentials (AWS_PROFILE / AWS_REGION or the CLI's defaults). Needs the AWS CLI and SAM CLI.
 *
 *   npm run deploy                                  # the current git branch's stack
 *   npm run deploy -- --branch feature/x            # another branch's stack
 *   npm run deploy -- --branch main --production    # the prod stack (refused without the flag)
 *   npx tsx scripts/deploy.ts wait-for-stack <name> # used by the workflows before touching a stack
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { type StackTarget, stackTarget } from './stack-name';
import { writeFrontendConfig } from './write-frontend-config';

export const FRONTEND_DIST = 'frontend/dist';
export const CACHE_CONTROL = {
  /** Vite content-hashes everything under assets/: a changed file gets a new name. */
  hashedAssets: 'public, max-age=31536000, immutable',
  /** index.html and config.json name the current build: always revalidate. */
  entryPoints: 'no-cache',
  /** Anything else at the root (favicon, robots.txt): unhashed, so only briefly. */
  other: 'public, max-age=300',
} as const;

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}
export type Runner = (command: string, args: string[], options?: { capture?: boolean }) => RunResult;

/** Runs a command with node_modules/.bin on PATH (sam build finds esbuild there). */
export const run: Runner = (command, args, options = {}) => {
  const result = spawnSync(command, args, {
    stdio: options.capture ? ['inherit', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
    env: { ...process.env, PATH: [resolve('node_modules/.bin'), process.env.PATH].join(delimiter) },
  });
  if (result.error) throw result.error;
  return { status: result.status ?? 1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
};

function check(result: RunResult, what: string): RunResult {
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status})\n${result.stderr}`);
  return result;
}

export const BUILT_TEMPLATE = '.aws-sam/build/template.yaml';

export function samDeployArgs(target: StackTarget): string[] {
  const args = [
    'deploy',
    '--config-env',
    target.configEnv,
    '--stack-name',
    target.stackName,
    '--s3-prefix',
    target.stackName,
    '--no-confirm-changeset',
    '--no-fail-on-empty-changeset',
    // The bundles scripts/sam-build.ts made from package-lock.json, never a `sam build`.
    '--template-file',
    BUILT_TEMPLATE,
  ];
  // Production takes its parameters from samconfig.toml's prod environment; a branch only
  // names its stage, everything else is the template's (disposable) defaults.
  if (!target.production) {
    args.push('--parameter-overrides', `Stage=${target.stage}`);
    args.push('--tags', `app=serverless-todo stage=${target.stage}`);
  }
  return args;
}

/**
 * `aws` argument lists that upload a built web app. Hashed assets go first and are never deleted
 * (a tab still running the previous build can load its chunks); index.html goes last, so no
 * client sees a page whose assets are not there yet.
 */
export function uploadCommands(dist: string, bucket: string): string[][] {
  const commands: string[][] = [];
  if (existsSync(join(dist, 'assets'))) {
    commands.push([
      's3',
      'sync',
      join(dist, 'assets'),
      `s3://${bucket}/assets`,
      '--cache-control',
      CACHE_CONTROL.hashedAssets,
      '--only-show-errors',
    ]);
  }
  commands.push(
    [
      's3',
      'sync',
      dist,
      `s3://${bucket}`,
      '--delete',
      '--exclude',
      'assets/*',
      '--exclude',
      'index.html',
      '--exclude',
      'config.json',
      '--cache-control',
      CACHE_CONTROL.other,
      '--only-show-errors',
    ],
    [
      's3',
      'cp',
      join(dist, 'config.json'),
      `s3://${bucket}/config.json`,
      '--cache-control',
      CACHE_CONTROL.entryPoints,
      '--content-type',
      'application/json',
      '--only-show-errors',
    ],
    [
      's3',
      'cp',
      join(dist, 'index.html'),
      `s3://${bucket}/index.html`,
      '--cache-control',
      CACHE_CONTROL.entryPoints,
      '--content-type',
      'text/html; charset=utf-8',
      '--only-show-errors',
    ],
  );
  return commands;
}

/** Stack states in which another operation is still running and will end by itself. */
function isBusy(status: string): boolean {
  // REVIEW_IN_PROGRESS is a created-but-never-executed change set: it never ends by itself,
  // and a new deploy can proceed from it.
  return status.endsWith('_IN_PROGRESS') && status !== 'REVIEW_IN_PROGRESS';
}

export function stackStatus(runner: Runner, stackName: string): string | null {
  const result = runner(
    'aws',
    [
      'cloudformation',
      'describe-stacks',
      '--stack-name',
      stackName,
      '--query',
      'Stacks[0].StackStatus',
      '--output',
      'text',
    ],
    { capture: true },
  );
  if (result.status !== 0) {
    if (/does not exist/.test(result.stderr)) return null;
    throw new Error(`describe-stacks ${stackName} failed: ${result.stderr.trim()}`);
  }
  return result.stdout.trim();
}

/**
 * Waits until no operation runs on the stack (a cancelled workflow run leaves CloudFormation
 * working), and removes a stack whose first create failed (ROLLBACK_COMPLETE cannot be updated).
 * Returns the status it ended with, or null when there is no stack.
 */
export async function waitForStableStack(
  runner: Runner,
  stackName: string,
  { pollMs = 15_000, timeoutMs = 45 * 60_000, sleep = defaultSleep, log = console.log } = {},
): Promise<string | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = stackStatus(runner, stackName);
    if (status === 'ROLLBACK_COMPLETE') {
      log(`${stackName}: first deploy had failed (ROLLBACK_COMPLETE); deleting it`);
      check(runner('aws', ['cloudformation', 'delete-stack', '--stack-name', stackName]), 'delete-stack');
      check(
        runner('aws', ['cloudformation', 'wait', 'stack-delete-complete', '--stack-name', stackName]),
        'wait stack-delete-complete',
      );
      return null;
    }
    if (status === null || !isBusy(status)) return status;
    if (Date.now() > deadline) throw new Error(`${stackName} is still ${status}; giving up`);
    log(`${stackName} is ${status}; waiting`);
    await sleep(pollMs);
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

function currentBranch(): string {
  const result = check(run('git', ['rev-parse', '--abbrev-ref', 'HEAD'], { capture: true }), 'git rev-parse');
  const branch = result.stdout.trim();
  if (branch === 'HEAD') throw new Error('Detached HEAD: pass --branch <name>');
  return branch;
}

function requireTool(command: string, hint: string): void {
  const result = spawnSync(command, ['--version'], { stdio: 'ignore' });
  if (result.error || result.status !== 0) throw new Error(`${command} is not installed: ${hint}`);
}

async function deploy(options: { branch?: string; production?: boolean }): Promise<void> {
  const target = stackTarget(options.branch ?? currentBranch());
  if (target.production && !options.production) {
    throw new Error(`${target.branch} deploys production (${target.stackName}); add --production to do so`);
  }
  requireTool('aws', 'https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html');
  requireTool(
    'sam',
    'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/install-sam-cli.html',
  );
  console.log(`Deploying branch ${target.branch} as stack ${target.stackName} (stage ${target.stage})`);

  await waitForStableStack(run, target.stackName);
  check(run('npx', ['tsx', 'scripts/sam-build.ts']), 'build functions from package-lock.json');
  check(run('sam', samDeployArgs(target)), 'sam deploy');
  if (target.production) {
    check(
      run('aws', [
        'cloudformation',
        'update-termination-protection',
        '--enable-termination-protection',
        '--stack-name',
        target.stackName,
      ]),
      'update-termination-protection',
    );
  }

  const described = check(
    run('aws', ['cloudformation', 'describe-stacks', '--stack-name', target.stackName, '--output', 'json'], {
      capture: true,
    }),
    'describe-stacks',
  );
  const stackJson = join(mkdtempSync(join(tmpdir(), 'todo-deploy-')), 'stack.json');
  writeFileSync(stackJson, described.stdout);

  check(run('npx', ['vite', 'build', '--config', 'frontend/vite.config.ts']), 'vite build');
  const hosting = writeFrontendConfig(stackJson, join(FRONTEND_DIST, 'config.json'));
  for (const args of uploadCommands(FRONTEND_DIST, hosting.frontendBucket)) {
    check(run('aws', args), `aws ${args.slice(0, 2).join(' ')}`);
  }
  check(
    run('aws', [
      'cloudfront',
      'create-invalidation',
      '--distribution-id',
      hosting.distributionId,
      '--paths',
      '/*',
      '--query',
      'Invalidation.Id',
      '--output',
      'text',
    ]),
    'create-invalidation',
  );
  console.log(`\n${target.stackName} is live: ${hosting.appUrl}`);
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'wait-for-stack') {
    const stackName = argv[1];
    if (!stackName) throw new Error('Usage: tsx scripts/deploy.ts wait-for-stack <stack-name>');
    const status = await waitForStableStack(run, stackName);
    console.log(`${stackName}: ${status ?? 'no stack'}`);
    return;
  }
  const { values } = parseArgs({
    args: argv,
    options: { branch: { type: 'string' }, production: { type: 'boolean', default: false } },
  });
  await deploy({ ...(values.branch ? { branch: values.branch } : {}), production: values.production });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
