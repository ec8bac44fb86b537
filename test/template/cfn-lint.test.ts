import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('cfn-lint', () => {
  it('finds no error, warning or informational finding in template.yaml', { timeout: 120_000 }, () => {
    // Act
    const result = spawnSync('cfn-lint', ['template.yaml'], { cwd: ROOT, encoding: 'utf8' });
    // Assert
    if (result.error) {
      throw new Error(
        `cfn-lint could not be run (install it with "pip install cfn-lint"): ${result.error.message}`,
      );
    }
    expect({ status: result.status, output: `${result.stdout}${result.stderr}`.trim() }).toEqual({
      status: 0,
      output: '',
    });
  });
});
