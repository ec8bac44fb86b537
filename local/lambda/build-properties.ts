import type { CfnResource } from '../template';

/**
 * A function's SAM esbuild settings (`Metadata.BuildProperties`), read the one way both the local
 * runtime's bundler and the build figures (scripts/function-bundles.ts) use them, with SAM's
 * defaults filled in where the template says nothing.
 */
export interface BuildSettings {
  entryPoints: string[];
  format: 'esm' | 'cjs';
  /** esbuild target when the template gives none: the template's Lambda runtime, Node.js 22. */
  target: string;
  minify: boolean;
  sourcemap: boolean;
  /** `Banner: [js=…]` as esbuild's `{ js: … }`. */
  banner: Record<string, string>;
  /** `OutExtension: [.js=.mjs]` as esbuild's `{ '.js': '.mjs' }`. */
  outExtension: Record<string, string>;
  external: string[];
}

export const DEFAULT_BUILD_TARGET = 'node22';

function keyValues(list: unknown): Record<string, string> {
  const items = Array.isArray(list) ? list.map(String) : [];
  return Object.fromEntries(
    items.map((item) => {
      const eq = item.indexOf('=');
      return [item.slice(0, eq), item.slice(eq + 1)];
    }),
  );
}

const flag = (value: unknown) => value === true || String(value).toLowerCase() === 'true';

export function buildSettings(resource: CfnResource): BuildSettings {
  const build = (resource.Metadata?.BuildProperties ?? {}) as Record<string, unknown>;
  return {
    entryPoints: Array.isArray(build.EntryPoints) ? build.EntryPoints.map(String) : [],
    format: String(build.Format ?? 'cjs').toLowerCase() === 'esm' ? 'esm' : 'cjs',
    target: build.Target ? String(build.Target) : DEFAULT_BUILD_TARGET,
    minify: flag(build.Minify),
    sourcemap: flag(build.Sourcemap),
    banner: keyValues(build.Banner),
    outExtension: keyValues(build.OutExtension),
    external: Array.isArray(build.External) ? build.External.map(String) : [],
  };
}
