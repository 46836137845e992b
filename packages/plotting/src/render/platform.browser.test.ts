import { VoxelkitError } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import * as browserEntry from '../index.browser.js';
import * as nodeEntry from '../index.js';
import { pngDataUri, rasterizeSvg } from './platform.browser.js';

describe('browser entry', () => {
  it('exports the same API minus savefig', () => {
    const node = Object.keys(nodeEntry)
      .filter((k) => k !== 'savefig')
      .sort();
    expect(Object.keys(browserEntry).sort()).toEqual(node);
    expect('savefig' in browserEntry).toBe(false);
  });

  it('explains what to do instead of toPNG, and needs a DOM to encode SVG images', () => {
    expect(() => rasterizeSvg('<svg/>', { width: 1, scale: 1 })).toThrow(VoxelkitError);
    expect(() => rasterizeSvg('<svg/>', { width: 1, scale: 1 })).toThrow(/drawTo/);
    const raster = { width: 1, height: 1, rgba: new Uint8ClampedArray(4) };
    expect(() => pngDataUri(raster)).toThrow(/document/);
  });

  it('encodes with a DOM canvas when there is one', () => {
    const put: unknown[] = [];
    const fakeDoc = {
      createElement: () => ({
        width: 0,
        height: 0,
        getContext: () => ({
          createImageData: (w: number, h: number) => ({ data: new Uint8ClampedArray(w * h * 4) }),
          putImageData: (img: unknown) => put.push(img),
        }),
        toDataURL: () => 'data:image/png;base64,AAAA',
      }),
    };
    (globalThis as { document?: unknown }).document = fakeDoc;
    try {
      expect(
        pngDataUri({ width: 2, height: 1, rgba: Uint8ClampedArray.from([1, 2, 3, 4, 5, 6, 7, 8]) }),
      ).toBe('data:image/png;base64,AAAA');
      expect(Array.from((put[0] as { data: Uint8ClampedArray }).data)).toEqual([
        1, 2, 3, 4, 5, 6, 7, 8,
      ]);
    } finally {
      delete (globalThis as { document?: unknown }).document;
    }
  });
});
