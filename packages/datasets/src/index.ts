/**
 * `@voxelkit/datasets` (Node.js only): `fetchHaxby` — verified, resumable, cached downloads of
 * the Haxby 2001 dataset — and `fetchHaxbySynthetic`, an offline dataset shaped like it.
 *
 * @packageDocumentation
 */
export { type GetDataDirOptions, getDataDir } from './data-dir.js';
export {
  type DownloadOptions,
  type DownloadResult,
  downloadFile,
} from './fetch/download.js';
export { md5File, parseMd5Sums } from './fetch/md5sums.js';
export type { ProgressCallback, ProgressEvent } from './fetch/progress.js';
export { DEFAULT_MAX_ENTRY_BYTES, extractTarball } from './fetch/untar.js';
export {
  type FetchHaxbyOptions,
  fetchHaxby,
  HAXBY_DESCRIPTION,
  HAXBY_MASK_URL,
  HAXBY_SUBJECT_FILES,
  HAXBY_URL,
  type HaxbyDataset,
  type StimuliTree,
} from './haxby.js';
export { type FetchHaxbySyntheticOptions, fetchHaxbySynthetic } from './haxby-synthetic.js';
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
export {
  type ProgressStream,
  TerminalProgress,
  type TerminalProgressOptions,
} from './terminal-progress.js';
