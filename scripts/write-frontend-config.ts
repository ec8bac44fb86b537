/**
 * Writes the web app's `config.json` from a deployed stack's outputs, so one frontend build runs
 * against any stage. Used by the deploy workflow and by `npm run deploy`.
 *
 *   aws cloudformation describe-stacks --stack-name <name> --output json > stack.json
 *   npx tsx scripts/write-frontend-config.ts stack.json frontend/dist/config.json
 *
 * Prints `frontend-bucket=…`, `distribution-id=…` and `app-url=…` lines for `$GITHUB_OUTPUT`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { AppConfig } from '../frontend/src/app-config';
import {
  AWS_TARGET,
  appConfigFromOutputs,
  requiredOutput,
  type StackOutputs,
  urlOutput,
} from '../local/config-json';

export type { StackOutputs } from '../local/config-json';

export interface HostingOutputs {
  frontendBucket: string;
  distributionId: string;
  appUrl: string;
}

interface OutputEntry {
  OutputKey?: unknown;
  OutputValue?: unknown;
}

/**
 * Accepts `describe-stacks` output (`{Stacks: [{Outputs: [...]}]}`), a bare `Outputs` list, or an
 * already flat `{key: value}` object.
 */
export function parseStackOutputs(json: unknown): StackOutputs {
  let entries: unknown = json;
  if (json && typeof json === 'object' && 'Stacks' in json) {
    const stacks = (json as { Stacks: unknown }).Stacks;
    if (!Array.isArray(stacks) || stacks.length !== 1) throw new Error('Expected exactly one stack');
    entries = (stacks[0] as { Outputs?: unknown }).Outputs ?? [];
  }
  if (Array.isArray(entries)) {
    const outputs: StackOutputs = {};
    for (const entry of entries as OutputEntry[]) {
      if (typeof entry.OutputKey === 'string' && typeof entry.OutputValue === 'string') {
        outputs[entry.OutputKey] = entry.OutputValue;
      }
    }
    return outputs;
  }
  if (entries && typeof entries === 'object') {
    return Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, String(v)]));
  }
  throw new Error('Unrecognised stack outputs');
}

/** config.json for a deployed stack: the builder the local runtime uses too. */
export function frontendConfig(outputs: StackOutputs): AppConfig {
  return appConfigFromOutputs(outputs, AWS_TARGET);
}

export function hostingOutputs(outputs: StackOutputs): HostingOutputs {
  return {
    frontendBucket: requiredOutput(outputs, 'FrontendBucketName'),
    distributionId: requiredOutput(outputs, 'DistributionId'),
    appUrl: urlOutput(outputs, 'AppUrl', AWS_TARGET),
  };
}

export function githubOutput(hosting: HostingOutputs): string {
  return [
    `frontend-bucket=${hosting.frontendBucket}`,
    `distribution-id=${hosting.distributionId}`,
    `app-url=${hosting.appUrl}`,
  ].join('\n');
}

/** Reads the outputs file, writes `config.json`, returns what the upload needs. */
export function writeFrontendConfig(stackJsonPath: string, configPath: string): HostingOutputs {
  const outputs = parseStackOutputs(JSON.parse(readFileSync(stackJsonPath, 'utf8')));
  writeFileSync(configPath, `${JSON.stringify(frontendConfig(outputs), null, 2)}\n`);
  return hostingOutputs(outputs);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [stackJson, configPath] = process.argv.slice(2);
  if (!stackJson || !configPath) {
    console.error('Usage: tsx scripts/write-frontend-config.ts <describe-stacks.json> <config.json>');
    process.exit(2);
  }
  console.log(githubOutput(writeFrontendConfig(stackJson, configPath)));
}
