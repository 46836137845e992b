import {
  checkIsFitted,
  isClassifier,
  type Label,
  NotFittedError,
  ValidationError,
} from '@voxelkit/core';
import { checkEstimator, makeCheckData } from '@voxelkit/core/testing';
import { describe, expect, it } from 'vitest';
import { makePipeline, Pipeline } from './pipeline.js';
import { StandardScaler } from './preprocessing/standard-scaler.js';
import { SVC } from './svm/svc.js';

checkEstimator(() => makePipeline(new StandardScaler(), new SVC({ kernel: 'linear' })), {
  name: 'Pipeline(StandardScaler, SVC)',
});
checkEstimator(() => makePipeline(new StandardScaler()), {
  kind: 'transformer',
  name: 'Pipeline(StandardScaler)',
});

describe('Pipeline', () => {
  const { X, y } = makeCheckData();
  const labels = y as string[];

  it('equals running the steps by hand', () => {
    const pipe = makePipeline(new StandardScaler(), new SVC({ kernel: 'linear', C: 0.1 }));
    pipe.fit(X, labels);
    const scaler = new StandardScaler().fit(X);
    const svc = new SVC({ kernel: 'linear', C: 0.1 }).fit(scaler.transform(X), labels);
    expect(pipe.predict!(X)).toEqual(svc.predict(scaler.transform(X)));
    expect(Array.from((pipe.decisionFunction!(X) as { data: Float64Array }).data)).toEqual(
      Array.from((svc.decisionFunction(scaler.transform(X)) as { data: Float64Array }).data),
    );
    expect(pipe.score(X, labels)).toBe(svc.score(scaler.transform(X), labels));
    expect(pipe.classes_).toEqual(['alpha', 'beta', 'gamma']);
    expect(pipe.nFeaturesIn_).toBe(6);
    expect(isClassifier(pipe)).toBe(true);
    expect(pipe.transform).toBeUndefined();
  });

  it('names steps like make_pipeline and sets nested params', () => {
    const pipe = makePipeline(new StandardScaler(), new StandardScaler(), new SVC());
    expect(pipe.getParams().steps.map(([n]) => n)).toEqual([
      'standardscaler-1',
      'standardscaler-2',
      'svc',
    ]);
    pipe.setParams({ svc__C: 10 });
    expect((pipe.namedSteps.svc as SVC).getParams().C).toBe(10);
    expect(() => pipe.setParams({ nope__C: 1 })).toThrow(ValidationError);
    const c = pipe.clone();
    expect(c.namedSteps.svc).not.toBe(pipe.namedSteps.svc);
    expect((c.namedSteps.svc as SVC).getParams().C).toBe(10);
  });

  it('rejects bad steps and use before fit', () => {
    expect(() => new Pipeline().fit(X, labels)).toThrow(ValidationError);
    expect(() =>
      new Pipeline({
        steps: [
          ['svc', new SVC()],
          ['sc', new StandardScaler()],
        ],
      }).fit(X, labels),
    ).toThrow(/transformer/);
    expect(() =>
      new Pipeline({
        steps: [
          ['a', new StandardScaler()],
          ['a', new SVC()],
        ],
      }).fit(X, labels),
    ).toThrow(/unique/);
    expect(() => makePipeline(new StandardScaler(), new SVC()).predict!(X)).toThrow(NotFittedError);
  });
  it('keeps learned state in _ fields (checkIsFitted) and types predict from the final step', () => {
    const pipe = makePipeline(new StandardScaler(), new SVC({ kernel: 'linear' }));
    expect(() => checkIsFitted(pipe)).toThrow(NotFittedError);
    // Compiles without `!`: the final step is an SVC, so predict is (X) => Label[].
    const predicted: Label[] = pipe.fit(X, labels).predict(X);
    expect(predicted).toEqual(
      new SVC({ kernel: 'linear' })
        .fit(new StandardScaler().fit(X).transform(X), labels)
        .predict(new StandardScaler().fit(X).transform(X)),
    );
    expect(() => checkIsFitted(pipe)).not.toThrow();
    expect(pipe.nFeaturesIn_).toBe(6);
    expect(pipe.classes_).toEqual(['alpha', 'beta', 'gamma']);
    expect(pipe.clone().nFeaturesIn_).toBeUndefined();
    // A transformer-only pipeline has no predict, by type and at run time.
    const scalerOnly = makePipeline(new StandardScaler());
    const none: undefined = scalerOnly.predict;
    expect(none).toBeUndefined();
  });
});
