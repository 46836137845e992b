/**
 * The browser entry (issue 18: apps/web generates the synthetic subject in the page): it offers
 * the synthetic generator and the design, and nothing it loads imports a Node built-in or `tar`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as browser from './index.browser.js';
import { makeHaxbyLike } from './index.js';

const src = dirname(fileURLToPath(import.meta.url));

/** Every import specifier of a source file and, recursively, of the relative ones. */
function importsOf(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)) {
    const spec = m[1] as string;
    if (spec.startsWith('.')) importsOf(join(dirname(file), spec.replace(/\.js$/, '.ts')), seen);
    else seen.add(spec);
  }
  return seen;
}

describe('@voxelkit/datasets browser entry', () => {
  it('loads no Node built-in and no tar', () => {
    const external = [...importsOf(join(src, 'index.browser.ts'))].filter(
      (s) => !s.startsWith('/'),
    );
    expect(external.sort()).toEqual(['@voxelkit/core']);
  });

  it('offers the same synthetic generator as the Node entry', () => {
    expect(browser.makeHaxbyLike).toBe(makeHaxbyLike);
    const model = browser.makeHaxbyLike({ size: 'small', seed: 3 });
    expect(model.shape).toEqual([20, 32, 32]);
    expect(model.labels).toHaveLength(1452);
    expect(browser.HAXBY_CATEGORIES).toHaveLength(8);
  });
});
