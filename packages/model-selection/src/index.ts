/**
 * `@voxelkit/model-selection`: scikit-learn-identical cross-validation splitters, and
 * `crossValScore` / `crossValidate` / `crossValPredict` / `permutationTestScore`, in parallel on
 * worker threads.
 *
 * @packageDocumentation
 */

export {
  defaultScore,
  getScorer,
  type MultiScoring,
  type ResolvedScoring,
  resolveScoring,
  SCORER_NAMES,
  type ScorableEstimator,
  type Scoring,
  type ScoringFunction,
} from '@voxelkit/metrics';
export { type CvLike, checkCv, isClassTarget, type SplitIndices } from './check-cv.js';
export {
  type CrossValidateOptions,
  type CrossValidateResult,
  type CrossValPredictOptions,
  type CrossValScoreOptions,
  crossValidate,
  crossValPredict,
  crossValScore,
  FoldClassesWarning,
} from './cross-validation.js';
export type {
  CrossValEstimator,
  FoldJob,
  JobContext,
  JobResult,
  PermutationJob,
  PermutationResult,
  PredictJob,
  PredictMethod,
  PredictResult,
  ScoreJob,
  ScoreResult,
  Targets,
} from './fit-and-score.js';
export { GridSearchCV, type GridSearchCVParams, type GridSearchResults } from './grid-search.js';
export { ParameterGrid, type ParamGridSpec } from './parameter-grid.js';
export {
  type PermutationTestScoreOptions,
  type PermutationTestScoreResult,
  permutationOrder,
  permutationTestScore,
} from './permutation-test.js';
export { GroupKFold, type GroupKFoldOptions } from './splitters/group-k-fold.js';
export { KFold, type KFoldOptions } from './splitters/k-fold.js';
export { LeaveOneGroupOut } from './splitters/leave-one-group-out.js';
export { LeavePGroupsOut, type LeavePGroupsOutOptions } from './splitters/leave-p-groups-out.js';
export {
  ShuffleSplit,
  type ShuffleSplitOptions,
  validateShuffleSplit,
} from './splitters/shuffle-split.js';
export {
  type EncodedGroups,
  isSplitter,
  numSamples,
  type Split,
  type SplitInput,
  type Splitter,
  SplitWarning,
} from './splitters/splitter.js';
export { StratifiedKFold, type StratifiedKFoldOptions } from './splitters/stratified-k-fold.js';
export {
  StratifiedShuffleSplit,
  type StratifiedShuffleSplitOptions,
} from './splitters/stratified-shuffle-split.js';
export {
  type TrainTestSplitOptions,
  type TrainTestSplitResult,
  trainTestSplit,
  trainTestSplitIndices,
} from './splitters/train-test-split.js';
export { Cancellation, type CancelOptions } from './workers/cancellation.js';
export { AbortError, TimeoutError, WorkerOutOfMemoryError } from './workers/errors.js';
export {
  decodeEstimator,
  type EncodedEstimator,
  encodeEstimator,
} from './workers/estimator-transfer.js';
export type {
  Executor,
  ExecutorRunOptions,
  ExecutorStatus,
  RunExecutor,
  RunProgress,
} from './workers/executor.js';
export {
  DEFAULT_WORKER_MAX_OLD_GENERATION_MB,
  type ParallelOptions,
  resolveNJobs,
  runJobs,
  type WorkerResourceLimits,
} from './workers/pool.js';
export {
  deserializeError,
  type JobMessage,
  type SerializedError,
  serializeError,
  type WorkerInit,
  type WorkerMessage,
} from './workers/protocol.js';
export { serveFoldJobs, type WorkerEndpoint } from './workers/serve.js';
export {
  defineTaskHandlers,
  mergeTaskHandlers,
  runTask,
  type TaskContext,
  type TaskHandler,
  type TaskHandlers,
  type TaskJob,
  type TaskResult,
  type TaskRunContext,
} from './workers/tasks.js';
