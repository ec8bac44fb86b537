import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Events that used up their retries. On AWS they would go to the mapping's on-failure destination
 * (an SQS queue here); locally they are appended, one JSON object per line, to a file per function.
 */
export function recordDeadLetter(
  directory: string,
  functionLogicalId: string,
  entry: { source: string; reason: string; payload: unknown },
): string {
  mkdirSync(directory, { recursive: true });
  const path = join(directory, `${functionLogicalId}.jsonl`);
  appendFileSync(path, `${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
  return path;
}
