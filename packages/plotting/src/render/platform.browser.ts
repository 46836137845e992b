/**
 * The browser side of rendering (package import `#platform`, `browser` condition): rasters are
 * PNG-encoded by the browser's own canvas; SVG → PNG is not offered (it would need a large
 * WebAssembly renderer), so `toPNG()` explains what to do instead.
 *
 * @module
 */
import { VoxelkitError } from '@voxelkit/core';
import type { Raster } from '../figure-spec.js';

/** Always throws: in the browser, draw with `figure.drawTo(ctx)` and export the canvas. */
export function rasterizeSvg(_svg: string, _options: { width: number; scale: number }): Uint8Array {
  throw new VoxelkitError(
    'figure.toPNG() needs Node (it renders with resvg). In the browser, call ' +
      'figure.drawTo(canvas.getContext("2d")) and use canvas.toBlob() / toDataURL(), or figure.toSVG().',
  );
}

/** A raster as a `data:image/png;base64,…` URI, encoded by a DOM canvas. */
export function pngDataUri(raster: Raster): string {
  const doc = (globalThis as { document?: Document }).document;
  if (!doc) {
    throw new VoxelkitError(
      'figure.toSVG() in the browser needs a DOM (document) to encode its images; in a worker, ' +
        'draw with figure.drawTo() on an OffscreenCanvas instead.',
    );
  }
  const canvas = doc.createElement('canvas');
  canvas.width = raster.width;
  canvas.height = raster.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new VoxelkitError('figure.toSVG(): this browser has no 2-D canvas.');
  const img = ctx.createImageData(raster.width, raster.height);
  img.data.set(raster.rgba);
  ctx.putImageData(img, 0, 0);
  return canvas.toDataURL('image/png');
}
