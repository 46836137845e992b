import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NiftiError } from '@voxelkit/core';
import { testData } from '@voxelkit/core/testing';
import { describe, expect, it } from 'vitest';
import * as browser from './index.browser.js';
import * as node from './index.js';

/** Byte-wise equality of two typed arrays (fast, unlike toEqual on millions of elements). */
function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return (
    a.constructor === b.constructor &&
    Buffer.compare(
      Buffer.from(a.buffer, a.byteOffset, a.byteLength),
      Buffer.from(b.buffer, b.byteOffset, b.byteLength),
    ) === 0
  );
}

const here = dirname(fileURLToPath(import.meta.url));

/** Every module reachable from `entry` through relative imports, with its bare imports. */
function importGraph(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    const text = readFileSync(file, 'utf8');
    const specs = [...text.matchAll(/^(?:import|export)[^'"]*?from\s+'([^']+)'/gms)].map(
      (m) => m[1]!,
    );
    seen.set(
      file,
      specs.filter((s) => !s.startsWith('.')),
    );
    for (const s of specs.filter((x) => x.startsWith('.'))) {
      stack.push(join(dirname(file), s.replace(/\.js$/, '.ts')));
    }
  }
  return seen;
}

describe('browser entry', () => {
  it('reaches no Node built-in module', () => {
    const graph = importGraph(join(here, 'index.browser.ts'));
    expect(graph.size).toBeGreaterThan(5);
    for (const [file, bare] of graph) {
      for (const b of bare)
        expect(b.startsWith('node:') || b === 'fs' || b === 'zlib', `${file}: ${b}`).toBe(false);
    }
    // the Node entry does use them (the check above can fail)
    const nodeGraph = importGraph(join(here, 'index.ts'));
    expect([...nodeGraph.values()].flat()).toContain('node:zlib');
  });

  it('exports the same names as the Node entry', () => {
    expect(Object.keys(browser).sort()).toEqual(Object.keys(node).sort());
  });

  const bold = testData('haxby-slice/haxby2001-slice/subj1/bold.nii.gz');
  it.skipIf(!bold.available)(
    'reads .nii.gz bytes and Blobs with fflate like the Node entry',
    async () => {
      const bytes = new Uint8Array(readFileSync(bold.path));
      const a = await node.readNifti(bytes);
      const b = await browser.readNifti(bytes);
      const c = await browser.readNifti(new Blob([bytes]));
      expect(b.header).toEqual(a.header);
      expect(sameBytes(b.data, a.data)).toBe(true);
      expect(sameBytes(c.data, a.data)).toBe(true);
      expect(await browser.readHeader(new Blob([bytes]))).toEqual(a.header);
      let n = 0;
      let sum = 0;
      for await (const v of browser.streamVolumes(new Blob([bytes]))) {
        expect(v.index).toBe(n++);
        for (let i = 0; i < v.data.length; i++) sum += Number(v.data[i]);
      }
      let total = 0;
      for (let i = 0; i < a.data.length; i++) total += Number(a.data[i]);
      expect(n).toBe(1452);
      expect(sum).toBe(total);
      const back = await browser.readNifti(browser.toBytes(a, { gzip: true }));
      expect(sameBytes(back.data, a.data)).toBe(true);
    },
  );

  it('writeNifti rejects with a NiftiError', async () => {
    const img = browser.NiftiImage.fromArray(
      new Uint8Array(1),
      [1],
      [
        [1, 0, 0, 0],
        [0, 1, 0, 0],
        [0, 0, 1, 0],
        [0, 0, 0, 1],
      ],
    );
    await expect(browser.writeNifti(img, 'x.nii')).rejects.toBeInstanceOf(NiftiError);
  });
});

describe('multi-member gzip', () => {
  it('both entries inflate every member (e.g. files written by pigz or appended gzip)', async () => {
    const img = node.NiftiImage.fromArray(
      Int16Array.from({ length: 60 }, (_, i) => i * 3 - 50),
      [3, 4, 5],
      [
        [1, 0, 0, 0],
        [0, 1, 0, 0],
        [0, 0, 1, 0],
        [0, 0, 0, 1],
      ],
    );
    const raw = node.toBytes(img);
    const { gzipSync } = await import('node:zlib');
    const twoMembers = new Uint8Array(
      Buffer.concat([gzipSync(raw.subarray(0, 200)), gzipSync(raw.subarray(200))]),
    );
    for (const read of [node.readNifti, browser.readNifti]) {
      const back = await read(twoMembers);
      expect(sameBytes(back.data, img.data)).toBe(true);
    }
  });
});
