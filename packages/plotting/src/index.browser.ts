/**
 * `@voxelkit/plotting` (browser entry: no savefig; figure.toPNG() throws — use drawTo): nilearn's slice plots — `plotStatMap`, `plotRoi`,
 * `plotAnat`, `plotImg` — rendered to SVG, PNG, or a canvas.
 *
 * @packageDocumentation
 */
export {
  COLORMAP_NAMES,
  type Colormap,
  cmapColor,
  getCmap,
} from './colormaps.js';
export {
  type FindXyzCutCoordsOptions,
  findCutSlices,
  findXyzCutCoords,
} from './cut-coords.js';
export { type CutCoords, DISPLAY_MODES, type DisplayMode } from './display.js';
export {
  type ColorbarInfo,
  Figure,
  type FigureItem,
  type FigureSpec,
  type LineItem,
  type PanelInfo,
  type PngOptions,
  type Raster,
  type RasterItem,
  type RectItem,
  type TextItem,
} from './figure.js';
export { type PlotAnatOptions, plotAnat } from './plot-anat.js';
export { type PlotImgOptions, plotImg } from './plot-img.js';
export type { BasePlotOptions } from './plot-options.js';
export { type PlotRoiOptions, plotRoi } from './plot-roi.js';
export { type PlotStatMapOptions, plotStatMap } from './plot-stat-map.js';
export { type Interpolation, sampleAt, worldToVoxel } from './resample.js';
export { base64, type ImgView, NIIVUE_PEER, type ViewImgOptions, viewImg } from './view-img.js';
export { type ImageLike, toVolume, type Volume } from './volume.js';
