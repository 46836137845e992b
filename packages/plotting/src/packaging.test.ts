/**
 * Issue 18: a browser install of @voxelkit/plotting does not download the Node-only PNG renderer
 * (the native @resvg/resvg-js and 12 MB of DejaVu fonts): both are optional peer dependencies,
 * and the types of the `#platform` import resolve to files the package ships.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PNG_PEERS } from './render/platform.node.js';

const dir = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${dir}package.json`, 'utf8'));

describe('plotting packaging (browser installs skip the PNG renderer)', () => {
  it('lists resvg and the fonts as optional peers, not as dependencies', () => {
    for (const name of ['@resvg/resvg-js', 'dejavu-fonts-ttf']) {
      expect(pkg.dependencies[name]).toBeUndefined();
      expect(pkg.peerDependencies[name]).toMatch(/^\d+\.\d+\.\d+$/);
      expect(pkg.peerDependenciesMeta[name]).toEqual({ optional: true });
      // the install hint in the missing-peer error names the same pinned versions
      expect(PNG_PEERS).toContain(`${name}@${pkg.peerDependencies[name]}`);
    }
  });

  it("resolves every target of imports['#platform'] into the shipped dist/", () => {
    const targets = pkg.imports['#platform'];
    for (const condition of ['types', 'browser', 'default']) {
      expect(targets[condition]).toMatch(/^\.\/dist\//);
    }
    expect(pkg.files).toContain('dist');
    // after the build (tests run after `build`, see turbo.json) the files exist
    if (existsSync(`${dir}dist`)) {
      for (const condition of ['types', 'browser', 'default']) {
        expect(existsSync(`${dir}${targets[condition].slice(2)}`)).toBe(true);
      }
    }
  });

  it('keeps resvg out of the browser platform module', () => {
    const browser = readFileSync(`${dir}src/render/platform.browser.ts`, 'utf8');
    const imports = [...browser.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports).toEqual(['@voxelkit/core', '../figure-spec.js']);
  });
});
