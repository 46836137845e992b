/**
 * A backend-neutral figure (its types are in `figure-spec.ts`). Renderers turn it into SVG, PNG
 * (Node) or canvas calls (browser).
 *
 * @module
 */
import { rasterizeSvg } from '#platform';
import type { ColorbarInfo, FigureItem, FigureSpec, PanelInfo, PngOptions } from './figure-spec.js';
import { drawFigure } from './render/canvas.js';
import { figureToSvg } from './render/svg.js';

export type {
  ColorbarInfo,
  FigureItem,
  FigureSpec,
  LineItem,
  PanelInfo,
  PngOptions,
  Raster,
  RasterItem,
  RectItem,
  TextItem,
} from './figure-spec.js';

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
