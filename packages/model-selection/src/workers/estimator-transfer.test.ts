import { RandomState, ValidationError } from '@voxelkit/core';
import { DummyClassifier, Pipeline, StandardScaler, SVC } from '@voxelkit/estimators';
import { describe, expect, it } from 'vitest';
import { UnregisteredClassifier } from '../../test/nearest-centroid.js';
import { sklearnCv } from '../../test/sklearn-cv.js';
import { decodeEstimator, encodeEstimator } from './estimator-transfer.js';

const { X, y } = sklearnCv;

function roundTrip<T>(value: T): T {
  return structuredClone(value);
}

describe('estimator transfer by registered name + getParams()', () => {
  it('rebuilds an unfitted estimator with equal parameters', () => {
    const svc = new SVC({ kernel: 'linear', C: 0.25 });
    const back = decodeEstimator<SVC>(roundTrip(encodeEstimator(svc)));
    expect(back).toBeInstanceOf(SVC);
    expect(back).not.toBe(svc);
    expect(back.getParams()).toEqual(svc.getParams());
  });

  it('rebuilds nested estimators (a Pipeline’s steps)', () => {
    const pipe = new Pipeline({
      steps: [
        ['scale', new StandardScaler()],
        ['svc', new SVC({ kernel: 'linear', C: 2 })],
      ],
    });
    const encoded = roundTrip(encodeEstimator(pipe));
    expect(encoded.$estimator).toBe('Pipeline');
    const back = decodeEstimator<Pipeline>(encoded);
    const steps = back.getParams().steps;
    expect(steps[0]?.[1]).toBeInstanceOf(StandardScaler);
    expect(steps[1]?.[1]).toBeInstanceOf(SVC);
    expect(steps[1]?.[1].getParams()).toEqual(new SVC({ kernel: 'linear', C: 2 }).getParams());
  });

  it('carries the learned state of fitted estimators', () => {
    const pipe = new Pipeline({
      steps: [
        ['scale', new StandardScaler()],
        ['svc', new SVC({ kernel: 'linear' })],
      ],
    });
    pipe.fit(X, y);
    const back = decodeEstimator<Pipeline>(roundTrip(encodeEstimator(pipe, true)));
    expect(back.predict?.(X)).toEqual(pipe.predict?.(X));
    expect(back.predict?.(X)).toHaveLength(36);
    expect(back.decisionFunction).toBeTypeOf('function');
    expect(back.decisionFunction?.(X)).toEqual(pipe.decisionFunction?.(X));
    const dummy = new DummyClassifier().fit(X, y);
    const d = decodeEstimator<DummyClassifier>(roundTrip(encodeEstimator(dummy, true)));
    expect(d.classPrior_).toEqual(dummy.classPrior_);
    expect(d.predict(X)).toEqual(dummy.predict(X));
  });

  it('refuses what cannot cross into a worker, saying what to do', () => {
    expect(() => encodeEstimator(new UnregisteredClassifier())).toThrow(ValidationError);
    expect(() => encodeEstimator(new UnregisteredClassifier())).toThrow(/registerEstimator\(/);
    expect(() =>
      encodeEstimator(new DummyClassifier({ randomState: new RandomState(0) as never })),
    ).toThrow(/RandomState generator/);
    expect(() => encodeEstimator(new DummyClassifier({ constant: (() => 1) as never }))).toThrow(
      /is a function/,
    );
    expect(() =>
      encodeEstimator(new Pipeline({ steps: [['mine', new UnregisteredClassifier() as never]] })),
    ).toThrow(/estimator\.params\.steps\[0\]\[1\]/);
    expect(() => decodeEstimator({ $estimator: 'NoSuchThing', params: {} })).toThrow(
      /No estimator is registered as "NoSuchThing"/,
    );
  });
});
