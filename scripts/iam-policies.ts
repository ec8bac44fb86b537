/**
 * Fills the placeholders of deploy/iam/*.json for one AWS account and one GitHub repository, for
 * the one-time setup in docs/deploy.md:
 *
 *   npx tsx scripts/iam-policies.ts --account 123456789012 \
 *     --production-subject "<sub claim of a production job>" \
 *     --preview-subject "<sub claim of a preview job>" \
 *     [--production-bucket <AttachmentsBucketName output of todo-prod>] --out .iam
 *
 * The subjects are taken verbatim: GitHub's `sub` claim format depends on the repository (its
 * OIDC customization, and owner/repository ids for repositories created or renamed since
 * mid-2026), so nothing here assumes `repo:OWNER/REPO:…`. `--subject-prefix <prefix>` is a
 * shorthand for `<prefix>:environment:production` / `<prefix>:environment:preview`, for the
 * default claim template only. Read the real claim with the `OIDC subject` workflow.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const IAM_DIR = 'deploy/iam';
export const PLACEHOLDERS = [
  'ACCOUNT_ID',
  'PRODUCTION_SUBJECT',
  'PREVIEW_SUBJECT',
  'PRODUCTION_ATTACHMENTS_BUCKET',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type Values = Record<Placeholder, string>;

/** Before the first production deploy there is no bucket to name; `todo-prod*` already matches this. */
export const NO_PRODUCTION_BUCKET = 'todo-prod-not-deployed-yet';

/** `sub` claims for the default claim template, given the repository's subject prefix. */
export function subjectsFromPrefix(prefix: string): { production: string; preview: string } {
  if (!/^repo:[^:*?]+$/.test(prefix)) {
    throw new Error(
      `A subject prefix looks like repo:<owner>/<repo> or repo:<owner-id-form>, got "${prefix}"`,
    );
  }
  return { production: `${prefix}:environment:production`, preview: `${prefix}:environment:preview` };
}

export function validate(values: Values): void {
  if (!/^\d{12}$/.test(values.ACCOUNT_ID)) throw new Error('--account must be a 12-digit AWS account id');
  for (const key of ['PRODUCTION_SUBJECT', 'PREVIEW_SUBJECT'] as const) {
    // A wildcard would let other repositories or environments in; StringEquals takes it literally anyway.
    if (!values[key] || /[*?"\\]/.test(values[key])) throw new Error(`${key} must be one literal sub claim`);
  }
  if (values.PRODUCTION_SUBJECT === values.PREVIEW_SUBJECT) {
    throw new Error('The production and preview subjects must differ (one names each environment)');
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(values.PRODUCTION_ATTACHMENTS_BUCKET)) {
    throw new Error('--production-bucket must be a bucket name');
  }
}

/** The policy text with every placeholder replaced; throws if one is left. */
export function render(text: string, values: Values): string {
  let out = text;
  for (const key of PLACEHOLDERS) out = out.split(key).join(values[key]);
  const left = /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/.exec(out);
  if (left) throw new Error(`Placeholder ${left[0]} has no value`);
  JSON.parse(out);
  return out;
}

export function policyFiles(dir = IAM_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function main(argv: string[]): void {
  const prefix = arg(argv, '--subject-prefix');
  const fromPrefix = prefix ? subjectsFromPrefix(prefix) : undefined;
  const values: Values = {
    ACCOUNT_ID: arg(argv, '--account') ?? '',
    PRODUCTION_SUBJECT: arg(argv, '--production-subject') ?? fromPrefix?.production ?? '',
    PREVIEW_SUBJECT: arg(argv, '--preview-subject') ?? fromPrefix?.preview ?? '',
    PRODUCTION_ATTACHMENTS_BUCKET: arg(argv, '--production-bucket') ?? NO_PRODUCTION_BUCKET,
  };
  validate(values);
  const out = arg(argv, '--out') ?? '.iam';
  mkdirSync(out, { recursive: true });
  for (const file of policyFiles()) {
    writeFileSync(join(out, file), render(readFileSync(join(IAM_DIR, file), 'utf8'), values));
  }
  if (values.PRODUCTION_ATTACHMENTS_BUCKET === NO_PRODUCTION_BUCKET) {
    console.error(
      'No --production-bucket: after the first production deploy, render again with it and update the preview policies.',
    );
  }
  console.log(`Wrote ${policyFiles().length} policies to ${out}/`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}
