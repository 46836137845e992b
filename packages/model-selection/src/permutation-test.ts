/**
 * `permutationTestScore`: the significance of a cross-validated score against scores obtained
 * with permuted labels (scikit-learn's `permutation_test_score`), with the same permutations as
 * scikit-learn for the same integer seed. Permutations run on worker threads with `nJobs`.
 *
 * @module
 */
import {
  checkRandomState,
  type Label,
  type MatrixLike,
  type RandomState,
  type RandomStateLike,
  ValidationError,
} from '@voxelkit/core';
import { getScorer } from '@voxelkit/metrics';
import { allSplits, type CrossValScoreOptions, prepareInputs } from './cross-validation.js';
import {
  type CrossValEstimator,
  type FoldJob,
  type PermutationResult,
  takeTargets,
} from './fit-and-score.js';
import { encodeGroups } from './splitters/splitter.js';
import { runJobs } from './workers/pool.js';

/** Options of {@link permutationTestScore}. */
export interface PermutationTestScoreOptions extends CrossValScoreOptions {
  /** Number of label permutations (default 100). */
  nPermutations?: number;
  /**
   * Seed or generator of the permutations (default 0, as scikit-learn). With `groups`, labels
   * are permuted within each group.
   */
  randomState?: RandomStateLike;
}

/** The result of {@link permutationTestScore}. */
export interface PermutationTestScoreResult {
  /** The cross-validated score on the true labels (mean over the splits). */
  score: number;
  /** The cross-validated score for each permutation. */
  permutationScores: Float64Array;
  /** (number of permutation scores ≥ score + 1) / (nPermutations + 1). */
  pvalue: number;
}

/**
 * A random re-ordering of the samples, as scikit-learn's `_shuffle`: a permutation of all
 * samples, or — with groups — of the samples of each group in turn (groups in sorted order), so
 * labels only move within their group. `y[order[i]]` is sample i's permuted label.
 */
export function permutationOrder(
  n: number,
  groupCodes: Int32Array | undefined,
  nGroups: number,
  rng: RandomState,
): Int32Array {
  if (groupCodes === undefined) return rng.permutation(n);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const members = new Int32Array(n);
  for (let g = 0; g < nGroups; g++) {
    let m = 0;
    for (let i = 0; i < n; i++) if (groupCodes[i] === g) members[m++] = i;
    const perm = rng.shuffle(members.slice(0, m));
    for (let j = 0; j < m; j++) order[members[j] as number] = perm[j] as number;
  }
  return order;
}

/**
 * Evaluates the significance of a cross-validated score with permutations: the score with the
 * true labels, the scores with `nPermutations` permuted label vectors (cross-validated the same
 * way — folds that depend on y are recomputed), and the p-value `(C + 1) / (nPermutations + 1)`.
 *
 * @example
 * ```ts
 * const { score, pvalue } = await permutationTestScore(svc, X, y, {
 *   cv: new LeaveOneGroupOut(), groups: chunks, nPermutations: 200, nJobs: 2,
 * });
 * ```
 */
export async function permutationTestScore(
  estimator: CrossValEstimator,
  X: MatrixLike,
  y: ArrayLike<Label>,
  options: PermutationTestScoreOptions = {},
): Promise<PermutationTestScoreResult> {
  const nPermutations = options.nPermutations ?? 100;
  if (!Number.isInteger(nPermutations) || nPermutations < 1) {
    throw new ValidationError(
      `nPermutations must be a positive integer; got ${String(nPermutations)}.`,
    );
  }
  if (y === undefined || y === null) {
    throw new ValidationError('permutationTestScore needs y (the labels to permute).');
  }
  const p = prepareInputs(estimator, X, y, options.cv, options.groups);
  const scorer = getScorer(options.scoring);
  const rng = checkRandomState(options.randomState ?? 0);
  const y0 = p.y as NonNullable<typeof p.y>;
  const encoded =
    p.groups === undefined ? undefined : encodeGroups(p.groups, p.X.rows, 'permutationTestScore');
  const jobs: FoldJob[] = [{ kind: 'permutation', order: null, folds: allSplits(p) }];
  for (let k = 0; k < nPermutations; k++) {
    const order = permutationOrder(p.X.rows, encoded?.codes, encoded?.unique.length ?? 0, rng);
    jobs.push({ kind: 'permutation', order, folds: allSplits(p, takeTargets(y0, order)) });
  }
  const results = (await runJobs(
    { estimator: p.estimator, X: p.X, y: p.y, scorers: [scorer] },
    [options.scoring],
    jobs,
    options,
  )) as PermutationResult[];
  const score = (results[0] as PermutationResult).score;
  const permutationScores = Float64Array.from(results.slice(1), (r) => r.score);
  let atLeast = 0;
  for (const s of permutationScores) if (s >= score) atLeast++;
  return { score, permutationScores, pvalue: (atLeast + 1) / (nPermutations + 1) };
}
