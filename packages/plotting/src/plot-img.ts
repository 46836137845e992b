/**
 * `plotImg`: any 3-D image with a chosen colormap, optionally over a background, nilearn's
 * `plot_img`.
 *
 * @module
 */
import { ValidationError } from '@voxelkit/core';
import { type Colormap, getCmap } from './colormaps.js';
import { buildDisplay, planCuts } from './display.js';
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

/** Options of {@link plotImg}. */
export interface PlotImgOptions extends BasePlotOptions {
  /** Colormap. Default `'gray'`. */
  cmap?: string | Colormap;
  /** Value at the colormap's start. Default the image's minimum. */
  vmin?: number;
  /** Value at the colormap's end. Default the image's maximum. */
  vmax?: number;
  /** |values| ≤ threshold are not drawn. Default none. */
  threshold?: number;
  /** Opacity. Default 1. */
  alpha?: number;
  /** Show a colorbar. Default false. */
  colorbar?: boolean;
  /** Resampling onto the background's grid. Default `'linear'`. */
  resamplingInterpolation?: Interpolation;
}

/**
 * Plots an image like nilearn's `plot_img`: white background by default, `cmap` over
 * [vmin, vmax], optional background and threshold.
 *
 * @example
 * const fig = plotImg(meanEpi, { cmap: 'hot', colorbar: true, displayMode: 'z', cutCoords: [0] });
 */
export function plotImg(img: ImageLike, options: PlotImgOptions = {}): Figure {
  const base = resolveBase(options, { blackBg: false });
  const vol = toVolume(img, 'img');
  const bg = options.bgImg ? toVolume(options.bgImg, 'bgImg') : undefined;
  const threshold = optionalNumber('threshold', options.threshold);
  if (threshold !== undefined && threshold < 0) {
    throw new ValidationError(`threshold must be ≥ 0, got ${threshold}.`);
  }
  const [lo, hi] = dataRange(vol.data);
  const vmin = optionalNumber('vmin', options.vmin) ?? (Number.isNaN(lo) ? 0 : lo);
  const vmax = optionalNumber('vmax', options.vmax) ?? (Number.isNaN(hi) ? 1 : hi);
  const cmap = getCmap(options.cmap ?? 'gray');
  return buildDisplay({
    reference: bg ?? vol,
    background: bg ? anatomyLayer(bg, base.blackBg, base.dim) : undefined,
    overlays: [
      {
        vol,
        interpolation: options.resamplingInterpolation ?? 'linear',
        cmap,
        vmin,
        vmax,
        threshold,
        alpha: checkAlpha(options.alpha, 1),
      },
    ],
    cuts: planCuts(base.displayMode, options.cutCoords, vol, threshold),
    title: options.title,
    annotate: base.annotate,
    drawCross: options.drawCross ?? false,
    blackBg: base.blackBg,
    radiological: options.radiological,
    colorbar: options.colorbar
      ? { cmap, vmin, vmax, cbarMin: vmin, cbarMax: vmax, threshold }
      : undefined,
    width: options.width,
    height: options.height,
  });
}
