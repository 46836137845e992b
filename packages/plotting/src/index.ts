/**
 * `@voxelkit/plotting` (Node entry): nilearn's slice plots — `plotStatMap`, `plotRoi`,
 * `plotAnat`, `plotImg` — rendered to SVG, PNG, or a canvas. Everything of the browser entry,
 * plus `savefig` (writes `.png`/`.svg` files).
 *
 * @packageDocumentation
 */
export * from './index.browser.js';
export { savefig } from './render/savefig.js';
