import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every relative link in the README and docs/ must point at a file in the repo. */
const root = resolve(import.meta.dirname, '../..');
const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

function relativeLinks(markdown: string): string[] {
  const links = [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '');
  return links
    .filter((href) => !/^[a-z]+:/i.test(href) && !href.startsWith('#'))
    .map((href) => href.split('#')[0] ?? '');
}

describe('documentation links', () => {
  it.each(pages)('every relative link in %s resolves to a file in the repo', (page) => {
    const missing = relativeLinks(readFileSync(join(root, page), 'utf8')).filter(
      (href) => !existsSync(resolve(root, dirname(page), href)),
    );
    expect(missing).toEqual([]);
  });

  it('the README links to the API contract', () => {
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('(docs/api.md)');
  });
});
