/**
 * `KFold`: consecutive folds, optionally shuffled, as scikit-learn's `KFold`.
 *
 * @module
 */
import {
  checkRandomState,
  type Label,
  type RandomStateLike,
  ValidationError,
} from '@voxelkit/core';
import {
  numSamples,
  type Split,
  type SplitInput,
  type Splitter,
  splitFromFolds,
} from './splitter.js';

/** Options of {@link KFold}. */
export interface KFoldOptions {
  /** Number of folds, at least 2 (default 5). */
  nSplits?: number;
  /** Shuffle the samples before cutting them into folds (default false). */
  shuffle?: boolean;
  /**
   * Seed (or generator) of the shuffle; only allowed with `shuffle: true`. An integer gives the
   * same folds as scikit-learn with the same `random_state`.
   */
  randomState?: RandomStateLike;
}

/**
 * Checks the options every k-fold splitter shares (sklearn's `_BaseKFold`).
 *
 * @throws ValidationError for fewer than 2 splits, a non-boolean `shuffle`, or a `randomState`
 *   without `shuffle`.
 */
export function checkKFoldOptions(
  options: KFoldOptions,
  name: string,
): { nSplits: number; shuffle: boolean; randomState: RandomStateLike } {
  const nSplits = options.nSplits ?? 5;
  if (typeof nSplits !== 'number' || !Number.isInteger(nSplits) || nSplits < 2) {
    throw new ValidationError(
      `${name} needs nSplits to be an integer >= 2 (at least one train/test split); got ${String(nSplits)}.`,
    );
  }
  const shuffle = options.shuffle ?? false;
  if (typeof shuffle !== 'boolean') {
    throw new ValidationError(`${name}: shuffle must be true or false; got ${String(shuffle)}.`);
  }
  if (!shuffle && options.randomState !== undefined && options.randomState !== null) {
    throw new ValidationError(
      `${name}: setting randomState has no effect since shuffle is false. Leave randomState unset, or set shuffle: true.`,
    );
  }
  return { nSplits, shuffle, randomState: options.randomState };
}

/** Throws when there are more folds than samples. */
export function checkEnoughSamples(nSplits: number, nSamples: number): void {
  if (nSplits > nSamples) {
    throw new ValidationError(
      `Cannot have nSplits=${nSplits} greater than the number of samples: nSamples=${nSamples}. Use fewer splits.`,
    );
  }
}

/**
 * K-fold cross-validation: the samples (shuffled if asked) are cut into `nSplits` consecutive
 * folds; the first `nSamples % nSplits` folds have one sample more. Each fold is the test set once.
 *
 * @example
 * ```ts
 * for (const { train, test } of new KFold({ nSplits: 5 }).split(X)) { … }
 * ```
 */
export class KFold implements Splitter {
  readonly nSplits: number;
  readonly shuffle: boolean;
  readonly randomState: RandomStateLike;

  constructor(options: KFoldOptions = {}) {
    const o = checkKFoldOptions(options, 'KFold');
    this.nSplits = o.nSplits;
    this.shuffle = o.shuffle;
    this.randomState = o.randomState;
  }

  /** Yields `nSplits` train/test splits of the samples of `X`. */
  *split(
    X: SplitInput,
    _y?: ArrayLike<Label> | null,
    _groups?: ArrayLike<Label> | null,
  ): Generator<Split> {
    const n = numSamples(X);
    checkEnoughSamples(this.nSplits, n);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    if (this.shuffle) checkRandomState(this.randomState).shuffle(order);
    const base = Math.floor(n / this.nSplits);
    const extra = n % this.nSplits;
    const fold = new Int32Array(n);
    let pos = 0;
    for (let f = 0; f < this.nSplits; f++) {
      const size = base + (f < extra ? 1 : 0);
      for (let j = 0; j < size; j++) fold[order[pos++] as number] = f;
    }
    for (let f = 0; f < this.nSplits; f++) {
      yield splitFromFolds(fold, f);
    }
  }

  /** The number of folds. */
  getNSplits(): number {
    return this.nSplits;
  }
}
