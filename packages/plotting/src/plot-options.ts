/**
 * Options shared by every plot function and the background (anatomy) layer they all draw the
 * same way: gray colormap over the image's range, dimmed like nilearn's `dim='auto'`.
 *
 * @module
 */
import { ValidationError } from '@voxelkit/core';
import { getCmap } from './colormaps.js';
import { type CutCoords, checkDisplayMode, type DisplayMode, type LayerSpec } from './display.js';
import { dataRange, type ImageLike, type Volume } from './volume.js';

/** Options every plot function takes (nilearn's names, camelCase). */
export interface BasePlotOptions {
  /** Background image (e.g. the subject's anatomy), sampled nearest on its own grid. */
  bgImg?: ImageLike | null;
  /** Text drawn at the top left. */
  title?: string;
  /** `'ortho'` (default), `'x'`, `'y'`, `'z'`, `'yx'`, `'xz'`, `'yz'` or `'mosaic'`. */
  displayMode?: DisplayMode;
  /** Cut positions in world mm (see {@link CutCoords}); default chosen like nilearn. */
  cutCoords?: CutCoords;
  /** Write cut positions (`y=-20`) and L/R letters. Default true. */
  annotate?: boolean;
  /**
   * Draw nilearn's cross-hair (lines through the other cuts' positions). Default false: clean
   * cuts, as in nilearn's gallery figures made with `draw_cross=False`.
   */
  drawCross?: boolean;
  /** Black figure background with white text. Default: true except for `plotImg`. */
  blackBg?: boolean | 'auto';
  /**
   * Background dimming, nilearn's `dim`: 0 leaves it as is, positive values darken (on black)
   * or lighten (on white), negative values add contrast. `'auto'` = 0.8 on black, 0.6 on white.
   */
  dim?: number | 'auto';
  /** Radiological orientation (left on the right). Default false (neurological). */
  radiological?: boolean;
  /** Figure width in pixels (height follows the cuts' aspect unless given). */
  width?: number;
  /** Figure height in pixels (default 350 per row of cuts). */
  height?: number;
}

/** Resolves the options common to all plots. */
export function resolveBase(
  options: BasePlotOptions,
  defaults: { blackBg: boolean; displayMode?: DisplayMode },
): { displayMode: DisplayMode; blackBg: boolean; annotate: boolean; dim: number | 'auto' } {
  if (options === null || typeof options !== 'object') {
    throw new ValidationError(`options must be an object, got ${String(options)}.`);
  }
  const displayMode = checkDisplayMode(options.displayMode ?? defaults.displayMode ?? 'ortho');
  if (options.title !== undefined && options.title !== null && typeof options.title !== 'string') {
    throw new ValidationError(`title must be a string, got ${typeof options.title}.`);
  }
  const o = options as Record<string, unknown>;
  for (const name of ['annotate', 'colorbar', 'radiological', 'drawCross']) {
    optionalBoolean(name, o[name]);
  }
  if (o.blackBg !== 'auto') optionalBoolean('blackBg', o.blackBg);
  if (o.symmetricCbar !== 'auto') optionalBoolean('symmetricCbar', o.symmetricCbar);
  const blackBg =
    options.blackBg === undefined || options.blackBg === 'auto'
      ? defaults.blackBg
      : Boolean(options.blackBg);
  const dim = options.dim ?? 'auto';
  if (dim !== 'auto' && (typeof dim !== 'number' || !Number.isFinite(dim))) {
    throw new ValidationError(`dim must be a finite number or 'auto', got ${String(dim)}.`);
  }
  return { displayMode, blackBg, annotate: options.annotate ?? true, dim };
}

/**
 * The gray anatomy layer with nilearn's dimming: on black, vmax grows to
 * `mean + (1 + dim)·halfRange`; on white, vmin drops to `(1 - dim/2)·mean - (1 + dim)·halfRange`.
 * Exact zeros (outside the head) are left transparent, so they show the figure's background.
 */
export function anatomyLayer(
  vol: Volume,
  blackBg: boolean,
  dim: number | 'auto',
  alpha = 1,
): LayerSpec {
  let [vmin, vmax] = dataRange(vol.data);
  if (Number.isNaN(vmin)) [vmin, vmax] = [0, 1];
  const d = dim === 'auto' ? (blackBg ? 0.8 : 0.6) : dim;
  if (d !== 0) {
    const mean = 0.5 * (vmin + vmax);
    const half = 0.5 * (vmax - vmin);
    if (blackBg) vmax = mean + (1 + d) * half;
    else vmin = 0.5 * (2 - d) * mean - (1 + d) * half;
  }
  return {
    vol,
    interpolation: 'nearest',
    cmap: getCmap('gray'),
    vmin,
    vmax,
    alpha,
    transparentZeros: true,
  };
}

/** Validates an optional finite number option. */
export function optionalNumber(name: string, v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ValidationError(`${name} must be a finite number, got ${String(v)}.`);
  }
  return v;
}

/** Validates alpha in [0, 1]. */
export function checkAlpha(v: unknown, fallback: number): number {
  const a = optionalNumber('alpha', v) ?? fallback;
  if (a < 0 || a > 1) throw new ValidationError(`alpha must be between 0 and 1, got ${a}.`);
  return a;
}

/** Validates an optional boolean option. */
export function optionalBoolean(name: string, v: unknown): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') {
    throw new ValidationError(`${name} must be true or false, got ${JSON.stringify(v)}.`);
  }
  return v;
}
