/**
 * `plotRoi`: a region of interest or label image over an anatomical background, nilearn's
 * `plot_roi`.
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
import { dataRange, type ImageLike, toVolume } from './volume.js';

/** Options of {@link plotRoi}. */
export interface PlotRoiOptions extends BasePlotOptions {
  /** |values| ≤ threshold are not drawn. Default 0.5 (a 0/1 mask shows its 1s). */
  threshold?: number;
  /** Opacity of the ROI. Default 0.7. */
  alpha?: number;
  /** Colormap. Default nilearn's `'gist_ncar'`; the tutorial uses `'Paired'`. */
  cmap?: string | Colormap;
  /** Value mapped to the colormap's start. Default the image's minimum. */
  vmin?: number;
  /** Value mapped to the colormap's end. Default the image's maximum. */
  vmax?: number;
}

/**
 * Plots an ROI / mask / label image over `bgImg` like nilearn's `plot_roi`: nearest-neighbour
 * resampling (labels stay labels), values above `threshold` coloured with `cmap` over the
 * image's range at `alpha` 0.7, cuts at the ROI's centre.
 *
 * @example
 * const fig = plotRoi(maskImg, { bgImg: anat, cmap: 'Paired', title: 'VT mask' });
 */
export function plotRoi(roiImg: ImageLike, options: PlotRoiOptions = {}): Figure {
  const base = resolveBase(options, { blackBg: true });
  const roi = toVolume(roiImg, 'roiImg');
  const bg = options.bgImg ? toVolume(options.bgImg, 'bgImg') : undefined;
  const threshold = optionalNumber('threshold', options.threshold) ?? 0.5;
  if (threshold < 0) throw new ValidationError(`threshold must be ≥ 0, got ${threshold}.`);
  const [lo, hi] = dataRange(roi.data);
  const vmin = optionalNumber('vmin', options.vmin) ?? (Number.isNaN(lo) ? 0 : lo);
  const vmax = optionalNumber('vmax', options.vmax) ?? (Number.isNaN(hi) ? 1 : hi);
  const cmap = getCmap(options.cmap ?? 'gist_ncar');
  return buildDisplay({
    reference: bg ?? roi,
    background: bg ? anatomyLayer(bg, base.blackBg, base.dim) : undefined,
    overlays: [
      {
        vol: roi,
        interpolation: 'nearest',
        cmap,
        vmin,
        vmax,
        threshold,
        alpha: checkAlpha(options.alpha, 0.7),
      },
    ],
    cuts: planCuts(base.displayMode, options.cutCoords, roi, threshold),
    title: options.title,
    annotate: base.annotate,
    drawCross: options.drawCross ?? false,
    blackBg: base.blackBg,
    radiological: options.radiological,
    width: options.width,
    height: options.height,
  });
}
