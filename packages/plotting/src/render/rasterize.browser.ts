/**
 * Browser stand-in for the Node PNG rasterizer: there is no synchronous SVG → PNG path in a
 * browser without a large WebAssembly renderer, so this explains what to do instead.
 *
 * @module
 */
import { VoxelkitError } from '@voxelkit/core';

/** Always throws: in the browser, draw with `figure.drawTo(ctx)` and export the canvas. */
export function rasterizeSvg(_svg: string, _options: { width: number; scale: number }): Uint8Array {
  throw new VoxelkitError(
    'figure.toPNG() needs Node (it renders with resvg). In the browser, call ' +
      'figure.drawTo(canvas.getContext("2d")) and use canvas.toBlob() / toDataURL(), or figure.toSVG().',
  );
}
