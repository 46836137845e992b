/**
 * `@voxelkit/haxby-decoding`: nilearn's Haxby 2001 decoding tutorial with voxelkit, as a CLI
 * (`voxelkit-haxby`) and as functions for tests and docs.
 *
 * @packageDocumentation
 */

export { type DatasetOptions, isNetworkUnreachable, resolveDataset } from './dataset.js';
export {
  type Behavioral,
  conditionMask,
  labelCounts,
  parseLabels,
  readLabels,
} from './labels.js';
export { formatDataFrame, formatSeries, type TableColumn } from './print.js';
export {
  type CliOptions,
  createProgram,
  EXIT_FAILURE,
  EXIT_USAGE,
  type MainIO,
  main,
} from './program.js';
export { StepProgress, type TextStream } from './progress.js';
export {
  type DatasetInfo,
  type DatasetSource,
  reportToJson,
  type SvcReport,
  type TutorialReport,
} from './report.js';
export {
  runTutorial,
  SYNTHETIC_LOGO_RANGE,
  type TutorialOptions,
  WEIGHTS_FILE,
} from './tutorial.js';
export { writeReport } from './write-report.js';
