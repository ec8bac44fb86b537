import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { FunctionSource } from './catalog';
import { SourceWatch } from './source-watch';

/**
 * Bundles each handler with esbuild, as `sam build` does (same entry, format, target, banner), and
 * rebuilds it when one of the source files the last build read has changed since, so an edit is
 * live on the very next request. Changes are learnt from file system notifications; a file that
 * cannot be watched is checked with a stat before every invocation instead.
 * Packages stay external (imported from node_modules at run time) so a build takes milliseconds.
 */
export interface Bundle {
  logicalId: string;
  file: string;
  url: string;
  version: number;
}

interface State {
  bundle?: Bundle;
  inputs: { path: string; mtimeMs: number; size: number }[];
  building?: Promise<Bundle>;
  version: number;
  /** A watched input changed since the last build started. */
  dirty: boolean;
  /** Every input is watched (else inputs are stat-checked). */
  watched: boolean;
  markDirty: () => void;
}

export class BundleError extends Error {
  override name = 'BundleError';
}

export class FunctionBundler {
  readonly #outDir: string;
  readonly #states = new Map<string, State>();
  readonly #watch = new SourceWatch();

  constructor(outDir: string) {
    this.#outDir = outDir;
    mkdirSync(outDir, { recursive: true });
  }

  #state(logicalId: string): State {
    let state = this.#states.get(logicalId);
    if (!state) {
      const created: State = { inputs: [], version: 0, dirty: false, watched: false, markDirty: () => {} };
      created.markDirty = () => {
        created.dirty = true;
      };
      state = created;
      this.#states.set(logicalId, state);
    }
    return state;
  }

  /** True when a source file of the last build changed, or there was no successful build. */
  isStale(source: FunctionSource): boolean {
    const state = this.#state(source.logicalId);
    if (!state.bundle || state.dirty) return true;
    if (state.watched) return false;
    for (const input of state.inputs) {
      const stat = statSync(input.path, { throwIfNoEntry: false });
      if (!stat || stat.mtimeMs !== input.mtimeMs || stat.size !== input.size) return true;
    }
    return false;
  }

  /** The bundle to run now: the last one if still fresh, else a new build (shared by concurrent callers). */
  current(source: FunctionSource): Promise<Bundle> {
    const state = this.#state(source.logicalId);
    if (state.building) return state.building;
    if (state.bundle && !this.isStale(source)) return Promise.resolve(state.bundle);
    state.building = this.#build(source, state).finally(() => {
      state.building = undefined;
    });
    return state.building;
  }

  async #build(source: FunctionSource, state: State): Promise<Bundle> {
    const version = state.version + 1;
    const ext = source.build.format === 'esm' ? 'mjs' : 'cjs';
    // A new file name per version: the ESM loader caches by URL, and running workers keep theirs.
    const file = join(this.#outDir, `${source.logicalId}.${version}.${ext}`);
    const started = Date.now();
    // Cleared as the build starts: a change made while it runs makes the next call build again.
    state.dirty = false;
    let result: Awaited<ReturnType<typeof build>>;
    try {
      result = await build({
        absWorkingDir: source.codeDir,
        entryPoints: [source.entry],
        outfile: file,
        bundle: true,
        platform: 'node',
        format: source.build.format,
        target: source.build.target,
        packages: 'external',
        external: source.build.external,
        // Always mapped locally, so stack traces point at the sources; minified output would not help.
        sourcemap: 'linked',
        banner: source.build.banner,
        metafile: true,
        logLevel: 'silent',
      });
    } catch (error) {
      const errors = (error as { errors?: { text: string; location?: { file: string; line: number } }[] })
        .errors;
      const detail = errors?.length
        ? errors
            .map((e) => `${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`)
            .join('; ')
        : (error as Error).message;
      // Until it builds again, every invocation tries again (and fails), rather than running old code.
      state.dirty = true;
      throw new BundleError(`${source.logicalId} does not build: ${detail}`);
    }
    const finished = Date.now();
    state.inputs = Object.keys(result.metafile?.inputs ?? {}).map((key) => {
      const path = resolve(source.codeDir, key);
      const stat = statSync(path, { throwIfNoEntry: false });
      // A file changed while we were building keeps the build stale, so the next call rebuilds.
      const changedDuringBuild = stat !== undefined && stat.mtimeMs > started && stat.mtimeMs <= finished;
      return { path, mtimeMs: changedDuringBuild ? -1 : (stat?.mtimeMs ?? -1), size: stat?.size ?? -1 };
    });
    state.watched = state.inputs.every((input) => this.#watch.add(input.path, state.markDirty));
    if (state.inputs.some((input) => input.mtimeMs === -1)) state.dirty = true;
    state.version = version;
    state.bundle = { logicalId: source.logicalId, file, url: pathToFileURL(file).href, version };
    return state.bundle;
  }

  close(): void {
    this.#watch.close();
  }
}
