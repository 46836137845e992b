/**
 * `plotStatMap`: a statistical map (t-map, SVM weights…) over an anatomical background,
 * nilearn's `plot_stat_map`.
 *
 * @module
 */
import { ValidationError } from '@voxelkit/core';
import { type Colormap, getCmap } from './colormaps.js';
import { buildDisplay, type ColorbarSpec, planCuts } from './display.js';
import type { Figure } from './figure.js';
import {
  anatomyLayer,
  type BasePlotOptions,
  checkAlpha,
  optionalNumber,
  resolveBase,
} from './plot-options.js';
import type { Interpolation } from './resample.js';
import { dataRange, type ImageLike, toVolume } from './volume.js';

/** Options of {@link plotStatMap}. */
export interface PlotStatMapOptions extends BasePlotOptions {
  /** |values| ≤ threshold are not drawn. Default 1e-6 (zeros hidden). */
  threshold?: number;
  /** Colour scale limit: the map is shown over [-vmax, vmax]. Default max |value|. */
  vmax?: number;
  /** Colormap name or object. Default nilearn's `'cold_hot'`. */
  cmap?: string | Colormap;
  /** Show the colorbar on the right. Default true. */
  colorbar?: boolean;
  /**
   * Colorbar covering [-vmax, vmax] (true) or only the data's sign (false). `'auto'` (default):
   * symmetric when the map has both positive and negative values.
   */
  symmetricCbar?: boolean | 'auto';
  /** Opacity of the map. Default 1. */
  alpha?: number;
  /** How the map is resampled onto the background's grid. Default `'linear'` (nilearn's 'continuous'). */
  resamplingInterpolation?: Interpolation;
}

/**
 * Plots a 3-D statistical map (or X×Y×Z×1) over `bgImg` like nilearn's `plot_stat_map`: black
 * background, `cold_hot` colours over [-vmax, vmax], values within ±threshold hidden, cuts at
 * the centre of the largest activation, colorbar on the right, title at the top left.
 *
 * @example
 * const fig = plotStatMap(weights, { bgImg: anat, title: 'SVM weights', displayMode: 'yx' });
 * await savefig(fig, 'svm_weights.png');
 */
export function plotStatMap(statMapImg: ImageLike, options: PlotStatMapOptions = {}): Figure {
  const base = resolveBase(options, { blackBg: true });
  const stat = toVolume(statMapImg, 'statMapImg');
  const bg = options.bgImg ? toVolume(options.bgImg, 'bgImg') : undefined;
  const threshold = optionalNumber('threshold', options.threshold) ?? 1e-6;
  if (threshold < 0) throw new ValidationError(`threshold must be ≥ 0, got ${threshold}.`);
  let [dataMin, dataMax] = dataRange(stat.data);
  if (Number.isNaN(dataMin)) [dataMin, dataMax] = [0, 0];
  let vmax = optionalNumber('vmax', options.vmax) ?? Math.max(Math.abs(dataMin), Math.abs(dataMax));
  if (vmax <= 0) vmax = 1; // all-zero map: nothing is drawn, keep a valid scale
  const symmetric =
    options.symmetricCbar === undefined || options.symmetricCbar === 'auto'
      ? dataMin < 0 && dataMax > 0
      : Boolean(options.symmetricCbar);
  const cmap = getCmap(options.cmap ?? 'cold_hot');
  const interpolation = options.resamplingInterpolation ?? 'linear';
  if (interpolation !== 'linear' && interpolation !== 'nearest') {
    throw new ValidationError(
      `resamplingInterpolation must be 'linear' or 'nearest', got ${interpolation}.`,
    );
  }
  let cbarMin = -vmax;
  let cbarMax = vmax;
  if (!symmetric) {
    if (dataMin >= 0) cbarMin = 0;
    else if (dataMax <= 0) cbarMax = 0;
  }
  const colorbar: ColorbarSpec | undefined =
    (options.colorbar ?? true)
      ? {
          cmap,
          vmin: -vmax,
          vmax,
          cbarMin,
          cbarMax,
          threshold: threshold > 1e-6 ? threshold : undefined,
        }
      : undefined;
  return buildDisplay({
    reference: bg ?? stat,
    background: bg ? anatomyLayer(bg, base.blackBg, base.dim) : undefined,
    overlays: [
      {
        vol: stat,
        interpolation,
        cmap,
        vmin: -vmax,
        vmax,
        threshold,
        alpha: checkAlpha(options.alpha, 1),
      },
    ],
    cuts: planCuts(base.displayMode, options.cutCoords, stat, threshold),
    title: options.title,
    annotate: base.annotate,
    drawCross: options.drawCross ?? false,
    blackBg: base.blackBg,
    radiological: options.radiological,
    colorbar,
    width: options.width,
    height: options.height,
  });
}
