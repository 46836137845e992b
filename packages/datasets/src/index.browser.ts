/**
 * `@voxelkit/datasets` (browser entry: no Node built-ins): the offline Haxby-shaped synthetic
 * subject (`makeHaxbyLike`, generated in memory volume by volume) and the Haxby block design.
 * Fetching and caching (`fetchHaxby`, `fetchHaxbySynthetic`) need a file system: Node entry only.
 *
 * @packageDocumentation
 */
export {
  BLOCK_ONSETS,
  HAXBY_CATEGORIES,
  HAXBY_DESIGN,
  type HaxbyCategory,
  type HaxbyLabels,
  haxbyLabels,
} from './synthetic/design.js';
export {
  DEFAULT_TUNING,
  HAXBY_AFFINE,
  type HaxbyLikeModel,
  type HaxbyLikeOptions,
  type HaxbyLikeSize,
  type HaxbyLikeTuning,
  haxbyLikeGeometry,
  makeHaxbyLike,
} from './synthetic/haxby-like.js';
