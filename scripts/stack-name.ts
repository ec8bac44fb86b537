/**
 * Turns a git branch name into the CloudFormation stack name and `Stage` parameter of its stack.
 *
 *   npx tsx scripts/stack-name.ts "feature/Login"                 → todo-feature-login--1a2b3c4d
 *   npx tsx scripts/stack-name.ts --github-output "feature/Login" → stack-name=…, stage=…, …
 *
 * Rules:
 *  - `main` is production: stack `todo-prod`, stage `prod` (the stage that retains data).
 *  - Any other branch: lower-case ASCII letters, digits and single dashes. A branch already in that
 *    form keeps its name; any other (slashes, upper case, dots, accents, non-ASCII, too long, or
 *    a reserved name) gets `--` and a hash of the original name appended.
 *  - No branch stack or stage starts with `prod` (`prod-x` → `todo-b-prod-x--<hash>`): the
 *    preview deploy role is denied every resource named `todo-prod*`.
 *  - Reserved: every stage and stack samconfig.toml deploys as a shared environment (`prod`, the
 *    shared sandbox `dev`), so a branch named `dev` cannot redeploy the sandbox or, once
 *    deleted, tear it down. Plain names never
 *    contain `--`, so a plain name and a hashed one can never be equal.
 *  - Stack names match `[a-zA-Z][-a-zA-Z0-9]*` (the `todo-` prefix covers leading digits) and
 *    stages match the template's `^[a-z0-9][a-z0-9-]{0,39}$`.
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';

export const PRODUCTION_BRANCH = 'main';
export const PRODUCTION_STAGE = 'prod';
export const STACK_PREFIX = 'todo';
/**
 * CloudFormation allows 128 characters; 120 leaves room for the names the template derives from
 * the stack name (the user pool is `<stack>-users`, and Cognito allows 128).
 */
export const MAX_STACK_NAME_LENGTH = 120;
/** The template's `Stage` parameter pattern. */
export const MAX_STAGE_LENGTH = 40;
export const STACK_NAME_PATTERN = /^[a-zA-Z][-a-zA-Z0-9]*$/;
export const STAGE_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;
const HASH_LENGTH = 8;
/**
 * Stages of the shared stacks in samconfig.toml (stack `todo-<stage>`); a test checks that this
 * covers every environment, stack name and Stage there.
 */
export const RESERVED_STAGES: readonly string[] = [PRODUCTION_STAGE, 'dev'];

export interface StackTarget {
  branch: string;
  stackName: string;
  stage: string;
  production: boolean;
  /** samconfig.toml environment to deploy with. */
  configEnv: 'prod' | 'default';
}

/** Lower-case ASCII slug: accents dropped, every other run of characters becomes one dash. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function shortHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, HASH_LENGTH);
}

/** `slug` if it may stand alone within `max`, else a prefix of it plus `--<hash>`. */
function fitName(slug: string, max: number, plain: boolean, hash: string): string {
  if (plain && slug.length <= max) return slug;
  const head = slug.slice(0, max - HASH_LENGTH - 2).replace(/-+$/, '');
  return `${head}--${hash}`;
}

export function stackTarget(rawBranch: string): StackTarget {
  const branch = rawBranch.trim().replace(/^refs\/heads\//, '');
  if (!branch) throw new Error('A branch name is required');
  if (branch === PRODUCTION_BRANCH) {
    return {
      branch,
      stackName: `${STACK_PREFIX}-${PRODUCTION_STAGE}`,
      stage: PRODUCTION_STAGE,
      production: true,
      configEnv: 'prod',
    };
  }
  const slugged = slugify(branch) || 'branch';
  // The preview deploy role is denied everything named `todo-prod*` (deploy/iam): a branch stack
  // must never be named like that, so `prod…` slugs get a `b-` in front (and a hash).
  const slug = slugged.startsWith(PRODUCTION_STAGE) ? `b-${slugged}` : slugged;
  // Only a branch that is its own slug keeps its name; shared environments' names are reserved.
  const plain = slug === branch && !RESERVED_STAGES.includes(slug);
  const hash = shortHash(branch);
  const body = fitName(slug, MAX_STACK_NAME_LENGTH - STACK_PREFIX.length - 1, plain, hash);
  return {
    branch,
    stackName: `${STACK_PREFIX}-${body}`,
    stage: fitName(slug, MAX_STAGE_LENGTH, plain, hash),
    production: false,
    configEnv: 'default',
  };
}

/** `key=value` lines for `$GITHUB_OUTPUT`. */
export function githubOutput(target: StackTarget): string {
  return [
    `stack-name=${target.stackName}`,
    `stage=${target.stage}`,
    `production=${target.production}`,
    `config-env=${target.configEnv}`,
  ].join('\n');
}

function main(argv: string[]): void {
  const asOutput = argv.includes('--github-output');
  const branches = argv.filter((a) => a !== '--github-output');
  if (branches.length !== 1) {
    console.error('Usage: tsx scripts/stack-name.ts [--github-output] <branch>');
    process.exit(2);
  }
  const target = stackTarget(branches[0]!);
  console.log(asOutput ? githubOutput(target) : target.stackName);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2));
}
