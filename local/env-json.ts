import { writeFileSync } from 'node:fs';
import type { FunctionConfig } from './lambda/catalog';

/**
 * The `--env-vars` file for `sam local start-api` (functions in Docker, emulators from
 * `npm run emulators`): each function's template variables with local values, plus the SDK's
 * endpoint variables pointing at the emulators as the containers see the host.
 *
 * SAM applies only the variables a function declares in the template; see docs/local-runtime.md.
 */
export function samEnvVars(
  functions: FunctionConfig[],
  endpoints: Record<string, string>,
): Record<string, Record<string, string>> {
  const vars: Record<string, Record<string, string>> = {};
  for (const fn of functions) {
    vars[fn.logicalId] = {
      ...fn.environment,
      ...Object.fromEntries(Object.entries(endpoints).map(([id, url]) => [`AWS_ENDPOINT_URL_${id}`, url])),
    };
  }
  return vars;
}

export function writeSamEnvVars(path: string, vars: Record<string, Record<string, string>>): void {
  writeFileSync(path, `${JSON.stringify(vars, null, 2)}\n`);
}
