import { RandomState, ValidationError } from '@voxelkit/core';
import {
  DummyClassifier,
  estimatorRegistry,
  Pipeline,
  StandardScaler,
  SVC,
} from '@voxelkit/estimators';
import { describe, expect, it } from 'vitest';
import { UnregisteredClassifier } from '../../test/nearest-centroid.js';
import { sklearnCv } from '../../test/sklearn-cv.js';
import { decodeEstimator, encodeEstimator, registryOfInstance } from './estimator-transfer.js';

const { X, y } = sklearnCv;

function roundTrip<T>(value: T): T {
  return structuredClone(value);
}

describe('estimator transfer by estimatorName + getParams(), rebuilt from a registry value', () => {
  it('rebuilds an unfitted estimator with equal parameters', () => {
    const svc = new SVC({ kernel: 'linear', C: 0.25 });
    const back = decodeEstimator<SVC>(roundTrip(encodeEstimator(svc)), estimatorRegistry);
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
    const back = decodeEstimator<Pipeline>(encoded, estimatorRegistry);
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
    const back = decodeEstimator<Pipeline>(
      roundTrip(encodeEstimator(pipe, true)),
      estimatorRegistry,
    );
    expect(back.predict?.(X)).toEqual(pipe.predict?.(X));
    expect(back.predict?.(X)).toHaveLength(36);
    expect(back.decisionFunction).toBeTypeOf('function');
    expect(back.decisionFunction?.(X)).toEqual(pipe.decisionFunction?.(X));
    const dummy = new DummyClassifier().fit(X, y);
    const d = decodeEstimator<DummyClassifier>(
      roundTrip(encodeEstimator(dummy, true)),
      estimatorRegistry,
    );
    expect(d.classPrior_).toEqual(dummy.classPrior_);
    expect(d.predict(X)).toEqual(dummy.predict(X));
  });

  it('refuses what cannot cross into a worker, saying what to do', () => {
    expect(() => encodeEstimator(new UnregisteredClassifier())).toThrow(ValidationError);
    expect(() => encodeEstimator(new UnregisteredClassifier())).toThrow(
      /has no own "static readonly estimatorName".*defineRegistry\(\[UnregisteredClassifier\]\)/,
    );
    expect(() =>
      encodeEstimator(new DummyClassifier({ randomState: new RandomState(0) as never })),
    ).toThrow(/RandomState generator/);
    expect(() => encodeEstimator(new DummyClassifier({ constant: (() => 1) as never }))).toThrow(
      /is a function/,
    );
    expect(() =>
      encodeEstimator(new Pipeline({ steps: [['mine', new UnregisteredClassifier() as never]] })),
    ).toThrow(/estimator\.params\.steps\[0\]\[1\]/);
    expect(() =>
      decodeEstimator({ $estimator: 'NoSuchThing', params: {} }, estimatorRegistry),
    ).toThrow(/No estimator class named "NoSuchThing" is known/);
    // Object.prototype names are not classes of a registry.
    expect(() =>
      decodeEstimator({ $estimator: 'toString', params: {} }, estimatorRegistry),
    ).toThrow(ValidationError);
  });

  it('the calling thread rebuilds fitted estimators from the classes of its own instance', () => {
    const pipe = new Pipeline({
      steps: [
        ['scale', new StandardScaler()],
        ['svc', new SVC({ kernel: 'linear' })],
      ],
    });
    expect(Object.keys(registryOfInstance(pipe)).sort()).toEqual([
      'Pipeline',
      'SVC',
      'StandardScaler',
    ]);
    pipe.fit(X, y);
    const back = decodeEstimator<Pipeline>(
      roundTrip(encodeEstimator(pipe, true)),
      registryOfInstance(pipe),
    );
    expect(back.predict?.(X)).toEqual(pipe.predict?.(X));
  });
});
