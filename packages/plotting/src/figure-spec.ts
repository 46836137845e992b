/**
 * The types of a backend-neutral figure: what to draw, in figure pixels, in paint order — RGBA
 * rasters, rectangles, lines and text — plus metadata on the panels and the colorbar. Both the
 * `Figure` class and the renderers (`render/*`) import them from here, so that neither imports
 * the other for its types.
 *
 * @module
 */
import type { CutAxis } from './slicing.js';

/** An RGBA image, row-major, top row first. */
export interface Raster {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

/** A raster stretched (nearest-neighbour) over a box of the figure. */
export interface RasterItem {
  kind: 'raster';
  x: number;
  y: number;
  width: number;
  height: number;
  raster: Raster;
}

/** A filled and/or stroked rectangle. */
export interface RectItem {
  kind: 'rect';
  x: number;
  y: number;
  width: number;
  height: number;
  fill?: string;
  stroke?: string;
  strokeWidth?: number;
}

/** A straight line segment. */
export interface LineItem {
  kind: 'line';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  stroke: string;
  strokeWidth: number;
}

/** One line of text. `y` is where `baseline` sits. */
export interface TextItem {
  kind: 'text';
  x: number;
  y: number;
  text: string;
  /** Font size in figure pixels. */
  size: number;
  color: string;
  anchor: 'start' | 'middle' | 'end';
  baseline: 'top' | 'middle' | 'bottom';
  bold?: boolean;
  /** Fill colour of a box drawn behind the text (nilearn's text bbox). */
  background?: string;
}

/** Anything a figure draws. */
export type FigureItem = RasterItem | RectItem | LineItem | TextItem;

/** Where a cut landed in the figure and which world box it shows. */
export interface PanelInfo {
  axis: CutAxis;
  /** World coordinate of the cut along `axis`, mm. */
  coord: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** World extent (mm) of the panel's horizontal axis, left edge → right edge. */
  uExtent: [number, number];
  /** World extent (mm) of the panel's vertical axis, bottom edge → top edge. */
  vExtent: [number, number];
}

/** The colorbar's box and value range. */
export interface ColorbarInfo {
  x: number;
  y: number;
  width: number;
  height: number;
  vmin: number;
  vmax: number;
  ticks: number[];
}

/** Everything needed to draw a figure. */
export interface FigureSpec {
  width: number;
  height: number;
  background: string;
  items: FigureItem[];
  panels: PanelInfo[];
  colorbar?: ColorbarInfo;
  title?: string;
}

/** Options of {@link Figure.toPNG}. */
export interface PngOptions {
  /** Scale factor of the output bitmap (2 gives a 2× "retina" image). Default 1. */
  scale?: number;
}
