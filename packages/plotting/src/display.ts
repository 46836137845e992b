/**
 * The slicing display shared by every plot function: plans the cuts for a display mode, samples
 * the background and overlays on each cut of the background's grid, composites them (nilearn's
 * thresholding and alpha blending), lays the panels out with the colorbar on the right and the
 * title at the top left, and annotates cut positions and L/R sides.
 *
 * @module
 */
import { ValidationError } from '@voxelkit/core';
import { type Colormap, cmapIndex, lutBytes } from './colormaps.js';
import { findCutSlices, findXyzCutCoords } from './cut-coords.js';
import {
  type ColorbarInfo,
  Figure,
  type FigureItem,
  type PanelInfo,
  type Raster,
} from './figure.js';
import { approxTextWidth } from './render/text-metrics.js';
import { type Interpolation, samplePlane } from './resample.js';
import { type Cut, type CutAxis, displayGrid, makeCut } from './slicing.js';
import type { Volume } from './volume.js';

/** nilearn's display modes; `mosaic` shows rows of x, y and z cuts. */
export type DisplayMode = 'ortho' | 'x' | 'y' | 'z' | 'yx' | 'xz' | 'yz' | 'mosaic';

/** The display modes, in nilearn's spelling. */
export const DISPLAY_MODES: readonly DisplayMode[] = [
  'ortho',
  'x',
  'y',
  'z',
  'yx',
  'xz',
  'yz',
  'mosaic',
];

/**
 * Where to cut, in world mm. For `ortho`: `[x, y, z]`; for two-cut modes (`yx`, …): the two
 * coordinates in the mode's order (`yx` → `[y, x]`) or a full `[x, y, z]`; for `x`/`y`/`z`: a list
 * of positions along that axis, or a number = how many cuts to choose automatically (nilearn's
 * integer `cut_coords`); for `mosaic`: a number of cuts per direction.
 */
export type CutCoords = number | readonly number[];

/** One image drawn on the cuts. */
export interface LayerSpec {
  vol: Volume;
  interpolation: Interpolation;
  cmap: Colormap;
  /** Values mapped to the colormap's ends (matplotlib Normalize; equal ends map to 0). */
  vmin: number;
  vmax: number;
  /** Values with |v| ≤ threshold are transparent (nilearn's `masked_inside`). */
  threshold?: number;
  /** Opacity, 0..1. */
  alpha: number;
  /** Leave exact zeros transparent (background images: outside the head shows the figure). */
  transparentZeros?: boolean;
}

/** The colorbar of the top overlay. */
export interface ColorbarSpec {
  cmap: Colormap;
  /** The overlay's normalisation (colour ends). */
  vmin: number;
  vmax: number;
  /** The value range the bar shows (a sub-range of the normalisation, e.g. [0, vmax]). */
  cbarMin: number;
  cbarMax: number;
  /** Values with |v| ≤ threshold are greyed out on the bar (when given). */
  threshold?: number;
}

/** Everything {@link buildDisplay} needs. */
export interface DisplaySpec {
  /** The image whose grid the cuts sample (background, or the image itself). */
  reference: Volume;
  background?: LayerSpec;
  overlays: LayerSpec[];
  /** Rows of cuts (most modes: one row). */
  cuts: { axis: CutAxis; coord: number }[][];
  title?: string;
  annotate: boolean;
  /** Draw nilearn's cross-hair: on each cut, lines at the other cuts' positions. */
  drawCross?: boolean;
  blackBg: boolean;
  radiological?: boolean;
  colorbar?: ColorbarSpec;
  width?: number;
  height?: number;
}

const AXES_OF_MODE: Record<DisplayMode, CutAxis[]> = {
  ortho: ['x', 'y', 'z'],
  x: ['x'],
  y: ['y'],
  z: ['z'],
  yx: ['y', 'x'],
  xz: ['x', 'z'],
  yz: ['y', 'z'],
  mosaic: ['x', 'y', 'z'],
};

const IDX: Record<CutAxis, number> = { x: 0, y: 1, z: 2 };

/** Validates a display mode name. */
export function checkDisplayMode(mode: unknown): DisplayMode {
  if (typeof mode !== 'string' || !(DISPLAY_MODES as readonly string[]).includes(mode)) {
    throw new ValidationError(
      `displayMode must be one of ${DISPLAY_MODES.map((m) => `'${m}'`).join(', ')}; got ${String(mode)}.`,
    );
  }
  return mode as DisplayMode;
}

/**
 * The cuts of a display mode: given `cutCoords` (world mm), or chosen like nilearn from `source`
 * (`findXyzCutCoords` with `activationThreshold` for ortho-like modes, 7 `findCutSlices` per
 * direction for `x`/`y`/`z`/`mosaic`).
 */
export function planCuts(
  mode: DisplayMode,
  cutCoords: CutCoords | undefined,
  source: Volume,
  activationThreshold?: number,
): { axis: CutAxis; coord: number }[][] {
  const axes = AXES_OF_MODE[mode];
  const checkFinite = (vals: readonly number[]): void => {
    for (const v of vals) {
      if (!Number.isFinite(v)) {
        throw new ValidationError(`cutCoords must be finite numbers (world mm), got ${v}.`);
      }
    }
  };
  if (mode === 'x' || mode === 'y' || mode === 'z' || mode === 'mosaic') {
    let count = 7;
    if (Array.isArray(cutCoords)) {
      if (mode === 'mosaic') {
        throw new ValidationError(
          'For displayMode "mosaic", cutCoords is a number of cuts per direction.',
        );
      }
      checkFinite(cutCoords);
      if (cutCoords.length === 0)
        throw new ValidationError('cutCoords is empty; give at least one position.');
      return [cutCoords.map((coord) => ({ axis: axes[0], coord }))];
    }
    if (typeof cutCoords === 'number') {
      if (!Number.isInteger(cutCoords) || cutCoords < 1) {
        throw new ValidationError(
          `For displayMode "${mode}", a number cutCoords is how many cuts to show (a positive ` +
            `integer), got ${cutCoords}. Pass [position] for one cut at a world coordinate.`,
        );
      }
      count = cutCoords;
    }
    return axes.map((axis) => findCutSlices(source, axis, count).map((coord) => ({ axis, coord })));
  }
  let xyz: [number, number, number];
  if (cutCoords === undefined) {
    xyz = findXyzCutCoords(source, { activationThreshold });
  } else if (Array.isArray(cutCoords) && cutCoords.length === 3) {
    checkFinite(cutCoords);
    xyz = [cutCoords[0], cutCoords[1], cutCoords[2]];
  } else if (Array.isArray(cutCoords) && cutCoords.length === axes.length) {
    checkFinite(cutCoords);
    xyz = [0, 0, 0];
    axes.forEach((a, i) => {
      xyz[IDX[a]] = cutCoords[i];
    });
  } else {
    throw new ValidationError(
      `For displayMode "${mode}", cutCoords must be [${axes.join(', ')}] or [x, y, z] in world mm; ` +
        `got ${JSON.stringify(cutCoords)}.`,
    );
  }
  return [axes.map((axis) => ({ axis, coord: xyz[IDX[axis]] }))];
}

function parseColor(css: string): [number, number, number] {
  const hex = css.replace('#', '');
  return [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** Composites the layers on one cut into an opaque RGBA raster. */
export function renderCut(
  cut: Cut,
  spec: Pick<DisplaySpec, 'background' | 'overlays' | 'blackBg'>,
): Raster {
  const { nu, nv } = cut.plane;
  const size = nu * nv;
  const rgba = new Uint8ClampedArray(size * 4);
  const bg = parseColor(spec.blackBg ? '#000000' : '#ffffff');
  for (let p = 0; p < size; p++) {
    rgba[p * 4] = bg[0];
    rgba[p * 4 + 1] = bg[1];
    rgba[p * 4 + 2] = bg[2];
    rgba[p * 4 + 3] = 255;
  }
  const values = new Float64Array(size);
  const layers = spec.background ? [spec.background, ...spec.overlays] : spec.overlays;
  for (const layer of layers) {
    samplePlane(layer.vol, cut.plane, layer.interpolation, values);
    const lut = lutBytes(layer.cmap);
    const span = layer.vmax - layer.vmin;
    const thr = layer.threshold;
    const a = Math.min(1, Math.max(0, layer.alpha));
    for (let p = 0; p < size; p++) {
      const v = values[p];
      if (Number.isNaN(v)) continue;
      if (thr !== undefined && Math.abs(v) <= thr) continue;
      if (v === 0 && layer.transparentZeros) continue;
      const t = span > 0 ? (v - layer.vmin) / span : 0;
      const li = cmapIndex(layer.cmap, t) * 4;
      const la = (lut[li + 3] / 255) * a;
      const o = p * 4;
      rgba[o] = la * lut[li] + (1 - la) * rgba[o];
      rgba[o + 1] = la * lut[li + 1] + (1 - la) * rgba[o + 1];
      rgba[o + 2] = la * lut[li + 2] + (1 - la) * rgba[o + 2];
    }
  }
  return { width: nu, height: nv, rgba };
}

/** Python's `'%.2g' % v`. */
export function formatTick(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return v === 0 ? '0' : String(v);
  const exp = Math.floor(Math.log10(Math.abs(Number(v.toPrecision(2)))));
  if (exp < -4 || exp >= 2) {
    const [m, e] = v.toExponential(1).split('e');
    const mant = m.replace(/\.0$/, '');
    const en = Number(e);
    return `${mant}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
  }
  return String(Number(v.toPrecision(2)));
}

/** Builds the figure: cuts, composited panels, colorbar, title and annotations. */
export function buildDisplay(spec: DisplaySpec): Figure {
  const grid = displayGrid(spec.reference);
  const rows: Cut[][] = spec.cuts.map((row) =>
    row.map((c) => makeCut(grid, c.axis, c.coord, spec.radiological)),
  );
  const mmW = (c: Cut): number => Math.abs(c.uExtent[1] - c.uExtent[0]);
  const mmH = (c: Cut): number => Math.abs(c.vExtent[1] - c.vExtent[0]);
  const rowMmW = rows.map((r) => r.reduce((s, c) => s + mmW(c), 0));
  const rowMmH = rows.map((r) => Math.max(...r.map(mmH)));
  const sumMmH = rowMmH.reduce((s, h) => s + h, 0);
  const maxMmW = Math.max(...rowMmW);
  const gap = 2;
  const maxPanels = Math.max(...rows.map((r) => r.length));

  for (const v of [spec.width, spec.height]) {
    if (v !== undefined && (!Number.isFinite(v) || v < 16 || v > 20000)) {
      throw new ValidationError(`width/height must be between 16 and 20000 pixels, got ${v}.`);
    }
  }
  // Figure size: default 350 px per row (nilearn's figures are ~3.5 in tall at 100 dpi).
  const defaultH = rows.length === 1 ? 350 : 220 * rows.length;
  const cbFrac = spec.colorbar ? 0.2 : 0;
  let H: number;
  let W: number;
  let scale: number;
  // Room for the annotations, title and colorbar ticks even when the cuts are flat strips.
  const minH = 120 * rows.length;
  /** Figure for a given width: the scale that fits it, and the height that follows. */
  const fitWidth = (width: number): [number, number] => {
    // Colorbar width depends on H: solve W = maxMmW·s + gaps + cbFrac·H with H = sumMmH·s.
    let s = (width - gap * maxPanels) / (maxMmW + cbFrac * sumMmH);
    let h = sumMmH * s + gap * rows.length;
    if (h < minH) {
      h = minH;
      s = (width - gap * maxPanels - cbFrac * h) / maxMmW;
    }
    return [Math.max(1e-6, s), h];
  };
  if (spec.width !== undefined && spec.height === undefined) {
    W = spec.width;
    [scale, H] = fitWidth(W);
  } else {
    H = spec.height ?? defaultH;
    const sH = (H - gap * rows.length) / sumMmH;
    if (spec.width !== undefined) {
      W = spec.width;
      const sW = (W - gap * maxPanels - cbFrac * H) / maxMmW;
      scale = Math.max(1e-6, Math.min(sH, sW));
    } else {
      scale = sH;
      W = maxMmW * scale + gap * maxPanels + cbFrac * H;
      // Very flat cuts (e.g. x/y cuts of a single-slice image) would make a huge strip: cap the
      // width at 1600 px and let the height follow.
      if (W > 1600) {
        W = 1600;
        [scale, H] = fitWidth(W);
      }
    }
  }
  W = Math.round(W);
  H = Math.round(H);
  const cbW = cbFrac * H;
  const fontSize = Math.max(8, Math.min(28, (Math.min(H / rows.length, 350) / 350) * 15));
  const fg = spec.blackBg ? '#ffffff' : '#000000';
  const bgCss = spec.blackBg ? '#000000' : '#ffffff';

  const items: FigureItem[] = [];
  const panels: PanelInfo[] = [];
  const texts: FigureItem[] = [];
  const contentW = W - cbW;
  let yTop = (H - (sumMmH * scale + gap * rows.length)) / 2;
  rows.forEach((row, r) => {
    const rowW = rowMmW[r] * scale + gap * row.length;
    let x = Math.max(0, (contentW - rowW) / 2) + gap / 2;
    const rowH = rowMmH[r] * scale;
    for (const cut of row) {
      const w = mmW(cut) * scale;
      const h = mmH(cut) * scale;
      const y = yTop + gap / 2 + (rowH - h) / 2;
      const raster = renderCut(cut, spec);
      items.push({ kind: 'raster', x, y, width: w, height: h, raster });
      panels.push({
        axis: cut.axis,
        coord: cut.coord,
        x,
        y,
        width: w,
        height: h,
        uExtent: cut.uExtent,
        vExtent: cut.vExtent,
      });
      if (spec.drawCross) {
        const others = new Map(
          row.filter((c) => c.axis !== cut.axis).map((c) => [c.axis, c.coord]),
        );
        const [uAxis, vAxis]: CutAxis[] =
          cut.axis === 'x' ? ['y', 'z'] : cut.axis === 'y' ? ['x', 'z'] : ['x', 'y'];
        const u = others.get(uAxis);
        if (u !== undefined) {
          const fu = (u - cut.uExtent[0]) / (cut.uExtent[1] - cut.uExtent[0]);
          if (fu >= 0 && fu <= 1) {
            const lx = x + fu * w;
            texts.push({
              kind: 'line',
              x1: lx,
              y1: y,
              x2: lx,
              y2: y + h,
              stroke: fg,
              strokeWidth: 1,
            });
          }
        }
        const v = others.get(vAxis);
        if (v !== undefined) {
          const fv = (cut.vExtent[1] - v) / (cut.vExtent[1] - cut.vExtent[0]);
          if (fv >= 0 && fv <= 1) {
            const ly = y + fv * h;
            texts.push({
              kind: 'line',
              x1: x,
              y1: ly,
              x2: x + w,
              y2: ly,
              stroke: fg,
              strokeWidth: 1,
            });
          }
        }
      }
      if (spec.annotate) {
        texts.push({
          kind: 'text',
          x: x + 2,
          y: y + h - 2,
          // Python's '%i' (truncation), on a background-coloured box as in nilearn.
          text: `${cut.axis}=${Math.trunc(cut.coord)}`,
          size: fontSize,
          color: fg,
          anchor: 'start',
          baseline: 'bottom',
          background: bgCss,
        });
        if (cut.axis !== 'x' && w > 3 * fontSize) {
          const [left, right] = spec.radiological ? ['R', 'L'] : ['L', 'R'];
          const ly = y + 0.05 * h;
          texts.push({
            kind: 'text',
            x: x + 0.1 * w,
            y: ly,
            text: left,
            size: fontSize,
            color: fg,
            anchor: 'end',
            baseline: 'top',
            background: bgCss,
          });
          texts.push({
            kind: 'text',
            x: x + 0.9 * w,
            y: ly,
            text: right,
            size: fontSize,
            color: fg,
            anchor: 'start',
            baseline: 'top',
            background: bgCss,
          });
        }
      }
      x += w + gap;
    }
    yTop += rowH + gap;
  });
  const titleSize = fontSize * 1.4;
  if (spec.title) {
    // Letters under the title's box move just below it (nilearn's title overlays the first cut).
    const titleRight = 6 + approxTextWidth(spec.title, titleSize) + 0.4 * titleSize;
    const titleBottom = 6 + 1.3 * titleSize;
    // Letters come in pairs (left, right) per cut: move both so they stay level.
    for (let i = 0; i + 1 < texts.length; i++) {
      const [a, b] = [texts[i], texts[i + 1]];
      if (a.kind !== 'text' || b.kind !== 'text' || a.anchor !== 'end' || b.anchor !== 'start')
        continue;
      if (a.baseline !== 'top' || b.baseline !== 'top') continue;
      const left = a.x - approxTextWidth(a.text, a.size);
      if (left < titleRight && a.y < titleBottom) {
        a.y = titleBottom + 2;
        b.y = titleBottom + 2;
      }
    }
  }
  items.push(...texts);

  let colorbar: ColorbarInfo | undefined;
  if (spec.colorbar) {
    colorbar = drawColorbar(spec.colorbar, items, {
      x: W - cbW,
      width: cbW,
      height: H,
      fontSize,
      fg,
    });
  }
  if (spec.title) {
    items.push({
      kind: 'text',
      x: 6,
      y: 6,
      text: spec.title,
      size: titleSize,
      color: fg,
      anchor: 'start',
      baseline: 'top',
      background: bgCss,
    });
  }
  return new Figure({
    width: W,
    height: H,
    background: bgCss,
    items,
    panels,
    colorbar,
    title: spec.title,
  });
}

function drawColorbar(
  cb: ColorbarSpec,
  items: FigureItem[],
  box: { x: number; width: number; height: number; fontSize: number; fg: string },
): ColorbarInfo {
  const barH = box.height * 0.8;
  const barW = Math.max(6, box.width * 0.14);
  const barX = box.x + box.width * 0.08;
  const barY = (box.height - barH) / 2;
  const n = 256;
  const rgba = new Uint8ClampedArray(n * 4);
  const lut = lutBytes(cb.cmap);
  const span = cb.vmax - cb.vmin;
  for (let r = 0; r < n; r++) {
    const v = cb.cbarMax - ((r + 0.5) / n) * (cb.cbarMax - cb.cbarMin);
    const o = r * 4;
    if (cb.threshold !== undefined && Math.abs(v) <= cb.threshold) {
      rgba.set([128, 128, 128, 255], o);
      continue;
    }
    const li = cmapIndex(cb.cmap, span > 0 ? (v - cb.vmin) / span : 0) * 4;
    rgba.set([lut[li], lut[li + 1], lut[li + 2], 255], o);
  }
  items.push({
    kind: 'raster',
    x: barX,
    y: barY,
    width: barW,
    height: barH,
    raster: { width: 1, height: n, rgba },
  });
  items.push({
    kind: 'rect',
    x: barX,
    y: barY,
    width: barW,
    height: barH,
    stroke: box.fg,
    strokeWidth: 0.8,
  });
  const ticks = colorbarTicks(cb);
  const tickSize = box.fontSize * 0.85;
  for (const t of ticks) {
    const frac = cb.cbarMax > cb.cbarMin ? (cb.cbarMax - t) / (cb.cbarMax - cb.cbarMin) : 0.5;
    const ty = barY + frac * barH;
    items.push({
      kind: 'line',
      x1: barX + barW,
      y1: ty,
      x2: barX + barW + 4,
      y2: ty,
      stroke: box.fg,
      strokeWidth: 1,
    });
    items.push({
      kind: 'text',
      x: barX + barW + 6,
      y: ty,
      text: formatTick(t),
      size: tickSize,
      color: box.fg,
      anchor: 'start',
      baseline: 'middle',
    });
  }
  return { x: barX, y: barY, width: barW, height: barH, vmin: cb.cbarMin, vmax: cb.cbarMax, ticks };
}

/**
 * Five evenly spaced ticks over the bar, with the thresholds marked like nilearn: when the
 * threshold is more than 12% of vmax, the tick of each sign nearest to ±threshold (never 0;
 * ties go to the inner tick) is moved onto it.
 */
export function colorbarTicks(
  cb: Pick<ColorbarSpec, 'cbarMin' | 'cbarMax' | 'vmax' | 'threshold'>,
): number[] {
  const ticks: number[] = [];
  for (let i = 0; i < 5; i++) ticks.push(cb.cbarMin + (i / 4) * (cb.cbarMax - cb.cbarMin));
  const thr = cb.threshold;
  if (thr === undefined || !(thr > 0) || !(thr / Math.abs(cb.vmax) > 0.12)) return ticks;
  for (const target of [-thr, thr]) {
    if (target < cb.cbarMin || target > cb.cbarMax) continue;
    let best = -1;
    for (let i = 0; i < ticks.length; i++) {
      const t = ticks[i];
      if (t === 0 || Math.sign(t) !== Math.sign(target)) continue;
      const d = Math.abs(t - target);
      const bd = best < 0 ? Number.POSITIVE_INFINITY : Math.abs(ticks[best] - target);
      if (d < bd - 1e-12 || (Math.abs(d - bd) <= 1e-12 && Math.abs(t) < Math.abs(ticks[best])))
        best = i;
    }
    if (best >= 0) ticks[best] = target;
  }
  return ticks;
}
