import { resolve } from 'node:path';
import { parseCircular, parseDependencyTree } from 'dpdm';
import { describe, expect, it } from 'vitest';

/**
 * No import cycles in the web app, the backend or the local runtime, checked with dpdm (the
 * same tool as `npm run check:cycles`). Type-only imports are erased at build time (`transform`),
 * so they cannot form a cycle at run time and are left out.
 */
const root = resolve(import.meta.dirname, '../..');

async function cyclesIn(entries: string[]): Promise<string[][]> {
  const tree = await parseDependencyTree(entries, {
    cwd: root,
    context: root,
    transform: true,
    tsconfig: undefined,
    onProgress: () => undefined,
  });
  return parseCircular(tree);
}

describe('import cycles', () => {
  it.each([
    ['the web app', 'frontend/src/**/*.ts'],
    ['the backend', 'backend/src/**/*.ts'],
    ['the local runtime', 'local/**/*.ts'],
  ])(
    '%s has none',
    async (_name, glob) => {
      expect(await cyclesIn([glob])).toEqual([]);
    },
    120_000,
  );

  it('the check finds a cycle where there is one, and ignores type-only loops', async () => {
    const cycles = await cyclesIn(['test/structure/fixtures/cycle/*.ts']);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]?.map((file) => file.split('/').pop()).sort()).toEqual(['a.ts', 'b.ts']);
  }, 60_000);
});
