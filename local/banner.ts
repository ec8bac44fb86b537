import { relative } from 'node:path';
import { paint } from './log';
import type { LocalStack, ReadyInfo } from './stack/start-local-stack';

/**
 * What `npm start` prints once everything is up: where each thing is, for people, and one
 * `READY {json}` line with the same facts for scripts and tests that start the CLI.
 */
export function banner(stack: LocalStack, options: { colour: boolean; cwd: string }): string {
  const c = options.colour;
  const row = (label: string, value: string, note = '') =>
    `  ${paint(label.padEnd(12), 'bold', c)} ${paint(value, 'cyan', c)}${note ? `  ${paint(note, 'dim', c)}` : ''}`;
  // Relative when it is under the working directory (the usual .local/), absolute otherwise.
  const inside = relative(options.cwd, stack.dataDir);
  const dataDir = inside && !inside.startsWith('..') ? inside : stack.dataDir;
  const lines = ['', paint(`  Local stack ready in ${(stack.readyMs / 1000).toFixed(1)} s`, 'green', c), ''];
  if (stack.webUrl) {
    lines.push(
      row('Web app', stack.webUrl, stack.webMode === 'vite' ? 'Vite, hot reload' : 'web app not built yet'),
    );
  }
  for (const [id, url] of Object.entries(stack.apis)) {
    lines.push(row(id, url, `${stack.routes[id] ?? 0} routes, JWT authorizer`));
  }
  lines.push(
    row(
      'Cognito',
      stack.cognitoEndpoint,
      stack.userPoolId
        ? `user pool ${stack.userPoolId}, app client ${stack.userPoolClientId}`
        : 'no user pool in the template',
    ),
    row('DynamoDB', stack.dynamodbEndpoint, `tables ${Object.values(stack.tables).join(', ')}`),
    row('S3', stack.s3Endpoint, `bucket ${Object.values(stack.buckets).join(', ')} (SigV4 checked)`),
    row(
      'Email',
      `${stack.sesEndpoint}/store`,
      'local SES inbox (open / for its web view); emails are printed here too',
    ),
    row('Data', `${dataDir}/`, 'kept across restarts; --reset wipes it'),
  );
  lines.push(
    row(
      'Listening',
      exposure(stack.listenHosts, Boolean(stack.envJsonPath)),
      'DynamoDB Local: every interface (it has no option)',
    ),
  );
  if (stack.envJsonPath) {
    lines.push(
      row(
        'env.json',
        relative(options.cwd, stack.envJsonPath) || stack.envJsonPath,
        'for sam local start-api --env-vars env.json',
      ),
    );
  }
  lines.push(
    '',
    stack.envJsonPath
      ? '  Emulators only: run the functions with `sam local start-api --env-vars env.json` (see docs/local-runtime.md).'
      : '  Confirmation codes and emails are printed here as they are sent. Handler edits apply on the next request.',
    '  Ctrl-C stops everything.',
    '',
  );
  return lines.join('\n');
}

/** Where the runtime's servers can be reached from, in words. */
export function exposure(hosts: string[], forContainers: boolean): string {
  const others = hosts.filter((h) => h !== '127.0.0.1');
  if (others.length === 0) {
    // Docker Desktop reaches the host's loopback; Linux Docker needs docker0, which is missing.
    return forContainers ? '127.0.0.1 only (no Docker bridge found)' : 'this machine only (127.0.0.1)';
  }
  return `127.0.0.1 and ${others.join(', ')} (Docker bridge, for sam local)`;
}

export function readyLine(info: ReadyInfo): string {
  return `READY ${JSON.stringify(info)}`;
}
