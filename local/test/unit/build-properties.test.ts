import { describe, expect, it } from 'vitest';
import { functionSpecs } from '../../../scripts/function-bundles';
import { buildSettings, DEFAULT_BUILD_TARGET } from '../../lambda/build-properties';
import { functionSources } from '../../lambda/catalog';
import { loadTemplate } from '../../template';

describe('SAM build settings', () => {
  it('reads Metadata.BuildProperties into esbuild options', () => {
    const settings = buildSettings({
      Type: 'AWS::Serverless::Function',
      Metadata: {
        BuildProperties: {
          Format: 'esm',
          OutExtension: ['.js=.mjs'],
          Target: 'node20',
          Minify: true,
          Sourcemap: 'false',
          Banner: ['js=import x from "y";'],
          External: ['sharp'],
          EntryPoints: ['src/a.ts'],
        },
      },
    });
    expect(settings).toEqual({
      entryPoints: ['src/a.ts'],
      format: 'esm',
      target: 'node20',
      minify: true,
      sourcemap: false,
      banner: { js: 'import x from "y";' },
      outExtension: { '.js': '.mjs' },
      external: ['sharp'],
    });
  });

  it('has one default target when the template gives none', () => {
    const settings = buildSettings({ Type: 'AWS::Serverless::Function' });
    expect(settings.target).toBe(DEFAULT_BUILD_TARGET);
    expect(settings.format).toBe('cjs');
  });

  it('gives the build figures and the local bundler the same settings for every function', () => {
    const template = loadTemplate('template.yaml');
    const local = new Map(functionSources(template, process.cwd()).map((s) => [s.logicalId, s.build]));
    const specs = functionSpecs('template.yaml');
    expect(specs.length).toBeGreaterThan(0);
    for (const spec of specs) expect(local.get(spec.logicalId)).toEqual(spec.properties);
  });
});
