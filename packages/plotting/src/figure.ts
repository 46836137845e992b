/**
 * A backend-neutral figure: what to draw, in figure pixels, in paint order — RGBA rasters (one
 * per cut, already composited), rectangles, lines and text — plus metadata on the panels and
 * the colorbar. Renderers turn it into SVG, PNG (Node) or canvas calls (browser).
 *
 * @module
 */
import { rasterizeSvg } from '#platform';
import { drawFigure } from './render/canvas.js';
import { figureToSvg } from './render/svg.js';
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

/**
 * A finished plot. Render it with {@link Figure.toSVG}, {@link Figure.toPNG} (Node) or
 * {@link Figure.drawTo} (a browser canvas); save it with `savefig` (Node).
 */
export class Figure implements FigureSpec {
  readonly width: number;
  readonly height: number;
  readonly background: string;
  readonly items: FigureItem[];
  readonly panels: PanelInfo[];
  readonly colorbar?: ColorbarInfo;
  readonly title?: string;

  constructor(spec: FigureSpec) {
    this.width = spec.width;
    this.height = spec.height;
    this.background = spec.background;
    this.items = spec.items;
    this.panels = spec.panels;
    this.colorbar = spec.colorbar;
    this.title = spec.title;
  }

  /** A standalone SVG document (rasters embedded as PNG data URIs, nearest-neighbour scaling). */
  toSVG(): string {
    return figureToSvg(this);
  }

  /**
   * A PNG file's bytes. Node only: text is drawn with the DejaVu Sans font shipped in the
   * `dejavu-fonts-ttf` package, so the result does not depend on system fonts. In the browser
   * this throws; use {@link Figure.drawTo} on a canvas instead.
   */
  toPNG(options: PngOptions = {}): Uint8Array {
    return rasterizeSvg(this.toSVG(), { width: this.width, scale: options.scale ?? 1 });
  }

  /**
   * Draws the figure on a 2-D canvas context at its origin, `scale` canvas pixels per figure
   * pixel (default 1: size the canvas `figure.width × figure.height`; pass `devicePixelRatio`
   * and a canvas that many times larger for sharp HiDPI output).
   */
  drawTo(ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D, scale = 1): void {
    drawFigure(this, ctx, scale);
  }
}
