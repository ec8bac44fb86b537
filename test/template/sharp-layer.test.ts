import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The sharp the thumbnail function runs on Lambda (layers/sharp) is the sharp the tests run
 * here: same version, same published tarballs, and the arm64 Linux build is in its lockfile.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
type Lock = { packages: Record<string, { version?: string; integrity?: string }> };
const readLock = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Lock;
const root = readLock('package-lock.json');
const layer = readLock('layers/sharp/package-lock.json');

describe('sharp layer', () => {
  it.each([
    'node_modules/sharp',
    'node_modules/@img/sharp-linux-arm64',
    'node_modules/@img/sharp-libvips-linux-arm64',
  ])('locks %s at the root lockfile version and integrity', (name) => {
    expect(layer.packages[name]?.version).toBeDefined();
    expect(layer.packages[name]).toMatchObject({
      version: root.packages[name]?.version,
      integrity: root.packages[name]?.integrity,
    });
  });

  it('pins the exact version in its package.json', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'layers/sharp/package.json'), 'utf8'));
    expect(pkg.dependencies.sharp).toBe(root.packages['node_modules/sharp']?.version);
  });

  it('installs for linux arm64 glibc, whatever machine builds it', () => {
    const makefile = readFileSync(join(ROOT, 'layers/sharp/Makefile'), 'utf8');
    expect(makefile).toMatch(/^build-SharpLayer:/m);
    expect(makefile).toMatch(/npm ci .*--os=linux --cpu=arm64 --libc=glibc/);
  });
});
