import { spawnSync } from 'node:child_process';
import { UserFacingError } from '../errors';

/** DynamoDB Local needs Java 17+; say exactly that instead of failing later with a stack trace. */
export function assertJava17(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new UserFacingError(
      'Java 17 or newer is required for DynamoDB Local, and `java` was not found. Install it (e.g. `apt-get install openjdk-17-jre-headless` or `brew install openjdk@17`).',
    );
  }
  const text = `${result.stderr}${result.stdout}`;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(text);
  const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : 0;
  if (major < 17) {
    throw new UserFacingError(
      `Java 17 or newer is required for DynamoDB Local; found Java ${major || 'of unknown version'}. Install a newer JDK/JRE.`,
    );
  }
}
