/**
 * `plotAnat`: an anatomical image in gray, nilearn's `plot_anat`.
 *
 * @module
 */
import { type Colormap, getCmap } from './colormaps.js';
import { buildDisplay, planCuts } from './display.js';
import type { Figure } from './figure.js';
import { anatomyLayer, type BasePlotOptions, optionalNumber, resolveBase } from './plot-options.js';
import { type ImageLike, toVolume } from './volume.js';

/** Options of {@link plotAnat}. */
export interface PlotAnatOptions extends Omit<BasePlotOptions, 'bgImg'> {
  /** Colormap. Default `'gray'`. */
  cmap?: string | Colormap;
  /** Value mapped to black. Default the image's minimum (before dimming). */
  vmin?: number;
  /** Value mapped to white. Default the image's maximum (before dimming). */
  vmax?: number;
  /** Show a colorbar. Default false. */
  colorbar?: boolean;
}

/**
 * Plots an anatomical image like nilearn's `plot_anat`: gray on black, dimmed with `dim='auto'`,
 * cut at the centre of its bright voxels.
 *
 * @example
 * await savefig(plotAnat(anat, { title: 'T1' }), 'anat.svg');
 */
export function plotAnat(anatImg: ImageLike, options: PlotAnatOptions = {}): Figure {
  const base = resolveBase(options, { blackBg: true });
  const anat = toVolume(anatImg, 'anatImg');
  const layer = anatomyLayer(anat, base.blackBg, base.dim);
  layer.cmap = getCmap(options.cmap ?? 'gray');
  layer.vmin = optionalNumber('vmin', options.vmin) ?? layer.vmin;
  layer.vmax = optionalNumber('vmax', options.vmax) ?? layer.vmax;
  return buildDisplay({
    reference: anat,
    overlays: [layer],
    cuts: planCuts(base.displayMode, options.cutCoords, anat, undefined),
    title: options.title,
    annotate: base.annotate,
    drawCross: options.drawCross ?? false,
    blackBg: base.blackBg,
    radiological: options.radiological,
    colorbar: options.colorbar
      ? {
          cmap: layer.cmap,
          vmin: layer.vmin,
          vmax: layer.vmax,
          cbarMin: layer.vmin,
          cbarMax: layer.vmax,
        }
      : undefined,
    width: options.width,
    height: options.height,
  });
}
