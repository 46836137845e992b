/**
 * The Node side of rendering (package import `#platform`): PNG encoding of rasters with pngjs,
 * and SVG → PNG with resvg, drawing text with the DejaVu Sans TrueType files shipped in the
 * `dejavu-fonts-ttf` npm package (registered explicitly; system fonts are not used), so the
 * output is the same on every machine.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import { PNG } from 'pngjs';
import type { Raster } from '../figure-spec.js';

const require = createRequire(import.meta.url);

let fontFiles: string[] | undefined;

/** Paths of the bundled DejaVu Sans regular and bold fonts. */
export function bundledFontFiles(): string[] {
  fontFiles ??= [
    require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
    require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  ];
  return fontFiles;
}

/** Renders an SVG document to PNG bytes at `width × scale` pixels wide. */
export function rasterizeSvg(svg: string, options: { width: number; scale: number }): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: Math.max(1, Math.round(options.width * options.scale)) },
    font: {
      fontFiles: bundledFontFiles(),
      loadSystemFonts: false,
      defaultFontFamily: 'DejaVu Sans',
    },
    shapeRendering: 2,
    textRendering: 1,
    imageRendering: 1,
  });
  const png = resvg.render().asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

/** A raster as a `data:image/png;base64,…` URI (pngjs). */
export function pngDataUri(raster: Raster): string {
  const png = new PNG({ width: raster.width, height: raster.height });
  png.data.set(raster.rgba);
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}
