/**
 * GridSearchCV and ParameterGrid against scikit-learn 1.2.1 (grid-search.golden.py): iris,
 * LogisticRegression(solver='liblinear') over penalty × C, cv 5 (StratifiedKFold).
 */
import { readFileSync } from 'node:fs';
import { type Matrix2D, ValidationError } from '@voxelkit/core';
import { checkEstimator } from '@voxelkit/core/testing';
import { LinearSVC, LogisticRegression } from '@voxelkit/estimators';
import { describe, expect, it } from 'vitest';
import { GridSearchCV } from './grid-search.js';
import { ParameterGrid } from './parameter-grid.js';

const g = JSON.parse(readFileSync(new URL('./grid-search.golden.json', import.meta.url), 'utf8'));
const X: Matrix2D = { data: Float64Array.from(g.X as number[]), rows: 150, cols: 4 };
const y = g.y as number[];

describe('ParameterGrid', () => {
  it("enumerates in scikit-learn's order (sorted keys, last fastest, grid by grid)", () => {
    expect([...new ParameterGrid([{ b: [1, 2], a: ['x', 'y'] }, { c: [3] }, {}])]).toEqual(g.grid);
    expect(new ParameterGrid({ a: [1, 2, 3], b: [4, 5] }).length).toBe(6);
  });
  it('rejects non-array and empty value lists', () => {
    expect(() => new ParameterGrid({ C: 1 as never })).toThrow(ValidationError);
    expect(() => new ParameterGrid({ C: [] })).toThrow(/non-empty/);
  });
});

describe('GridSearchCV equals scikit-learn', () => {
  const grid = { penalty: ['l1', 'l2'], C: [0.01, 0.1, 1, 10] };
  it('cvResults_, bestIndex_, bestParams_, bestScore_ (sync and on 2 workers)', async () => {
    const search = new GridSearchCV({
      estimator: new LogisticRegression(),
      paramGrid: grid,
      cv: 5,
    });
    search.fit(X, y);
    const r = search.cvResults_;
    expect(r?.params).toEqual(g.params);
    for (let c = 0; c < 8; c++) {
      expect(r?.meanTestScore[c]).toBeCloseTo(g.mean[c], 12);
      expect(r?.stdTestScore[c]).toBeCloseTo(g.std[c], 12);
      expect(r?.splitTestScores[0]?.[c]).toBe(g.split0[c]);
      expect(r?.splitTestScores[4]?.[c]).toBe(g.split4[c]);
    }
    expect([...(r?.rankTestScore ?? [])]).toEqual(g.rank);
    expect(search.bestIndex_).toBe(g.bestIndex);
    expect(search.bestParams_).toEqual(g.bestParams);
    expect(search.bestScore_).toBeCloseTo(g.bestScore, 12);
    const best = new LogisticRegression(g.bestParams).fit(X, y);
    expect(search.predict(X)).toEqual(best.predict(X));
    expect(search.score(X, y)).toBe(best.score(X, y));
    expect(search.classes_).toEqual([0, 1, 2]);

    const parallel = new GridSearchCV({
      estimator: new LogisticRegression(),
      paramGrid: grid,
      cv: 5,
      nJobs: 2,
    });
    await parallel.fitAsync(X, y);
    expect([...(parallel.cvResults_?.meanTestScore ?? [])]).toEqual([...(r?.meanTestScore ?? [])]);
    expect(parallel.bestParams_).toEqual(search.bestParams_);
  }, 60000);

  it('a grid naming an unknown parameter is a ValidationError before any fit', () => {
    expect(() =>
      new GridSearchCV({ estimator: new LinearSVC(), paramGrid: { gamma: [1] } }).fit(X, y),
    ).toThrow(/Invalid parameter "gamma"/);
  });

  it('refit: false keeps the results but cannot predict', () => {
    const s = new GridSearchCV({
      estimator: new LogisticRegression(),
      paramGrid: { C: [1, 10] },
      refit: false,
    }).fit(X, y);
    expect(s.bestEstimator_).toBeUndefined();
    expect(s.bestParams_).toBeDefined();
    expect(() => s.predict(X)).toThrow(/refit/);
  });
});

checkEstimator(
  () =>
    new GridSearchCV({ estimator: new LogisticRegression(), paramGrid: { C: [0.1, 1] }, cv: 3 }),
);
