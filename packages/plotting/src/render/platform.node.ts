/**
 * The Node side of rendering (package import `#platform`): PNG encoding of rasters with pngjs,
 * and SVG → PNG with resvg, drawing text with the DejaVu Sans TrueType files shipped in the
 * `dejavu-fonts-ttf` npm package (registered explicitly; system fonts are not used), so the
 * output is the same on every machine.
 *
 * `@resvg/resvg-js` (a native addon) and `dejavu-fonts-ttf` (12 MB of fonts) are optional peer
 * dependencies: only `figure.toPNG()` and `savefig(…, '*.png')` need them, so a browser install
 * does not download them. They are loaded on first use; when missing, the error says what to
 * install.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { VoxelkitError } from '@voxelkit/core';
import { PNG } from 'pngjs';
import type { Raster } from '../figure-spec.js';

const require = createRequire(import.meta.url);

/** The versions the PNG output is tested with (install these for PNG output in Node). */
export const PNG_PEERS = '@resvg/resvg-js@2.6.2 dejavu-fonts-ttf@2.37.3';

function missingPeer(what: string, error: unknown): VoxelkitError {
  const code = (error as { code?: string } | null)?.code;
  const detail =
    code === 'MODULE_NOT_FOUND' ? 'is not installed' : `could not be loaded (${String(error)})`;
  return new VoxelkitError(
    `figure.toPNG() / savefig(…, '.png') needs ${what}, which ${detail}. PNG rendering in Node ` +
      `uses two optional peer dependencies: run \`npm install ${PNG_PEERS}\`. ` +
      'Without them, use figure.toSVG() or savefig(…, ".svg").',
  );
}

type ResvgModule = typeof import('@resvg/resvg-js');
let resvgModule: ResvgModule | undefined;

function loadResvg(): ResvgModule {
  if (resvgModule) return resvgModule;
  try {
    resvgModule = require('@resvg/resvg-js') as ResvgModule;
  } catch (error) {
    throw missingPeer('@resvg/resvg-js', error);
  }
  return resvgModule;
}

let fontFiles: string[] | undefined;

/** Paths of the DejaVu Sans regular and bold fonts (from the optional `dejavu-fonts-ttf`). */
export function bundledFontFiles(): string[] {
  if (fontFiles) return fontFiles;
  try {
    fontFiles = [
      require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
      require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
    ];
  } catch (error) {
    throw missingPeer('dejavu-fonts-ttf', error);
  }
  return fontFiles;
}

/** Renders an SVG document to PNG bytes at `width × scale` pixels wide. */
export function rasterizeSvg(svg: string, options: { width: number; scale: number }): Uint8Array {
  const { Resvg } = loadResvg();
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
