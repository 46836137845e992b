import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { MajorityClassifier } from './testing/majority-classifier.test-helper.js';

class DummyClassifier extends MajorityClassifier {
  static readonly estimatorName: string = 'DummyClassifier';
}

import {
  defineRegistry,
  type EstimatorClass,
  estimatorNameOf,
  mergeRegistries,
} from './estimator-registry.js';

class Sub extends DummyClassifier {}
class Named extends DummyClassifier {
  static override readonly estimatorName: string = 'test/Named';
}

describe('defineRegistry', () => {
  it('maps each class by its own estimatorName, frozen, registering nothing', () => {
    const r = defineRegistry([DummyClassifier, Named]);
    expect(Object.keys(r)).toEqual(['DummyClassifier', 'test/Named']);
    expect(r.DummyClassifier).toBe(DummyClassifier);
    expect(Object.isFrozen(r)).toBe(true);
    expect(estimatorNameOf(new Named())).toBe('test/Named');
  });
  it('does not give a subclass its parent name', () => {
    expect(estimatorNameOf(new Sub())).toBeUndefined();
    expect(estimatorNameOf({})).toBeUndefined();
    expect(() => defineRegistry([Sub as unknown as EstimatorClass])).toThrow(
      /Sub has no own "static readonly estimatorName"/,
    );
  });
  it('rejects two classes under one name', () => {
    class Other extends DummyClassifier {
      static override readonly estimatorName: string = 'test/Named';
    }
    expect(() => defineRegistry([Named, Other])).toThrow(ValidationError);
  });
});

describe('mergeRegistries', () => {
  it('merges and rejects conflicting or malformed entries', () => {
    const a = defineRegistry([DummyClassifier]);
    const b = defineRegistry([Named]);
    expect(Object.keys(mergeRegistries([a, b, a]))).toEqual(['DummyClassifier', 'test/Named']);
    class Other extends DummyClassifier {
      static override readonly estimatorName: string = 'test/Named';
    }
    expect(() => mergeRegistries([b, defineRegistry([Other])])).toThrow(/different classes/);
    expect(() => mergeRegistries([{ Wrong: Named }])).toThrow(/is not a class whose/);
    expect(() => mergeRegistries([null as never])).toThrow(/must be an object/);
  });
});
