import { estimatorNameOf } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import * as api from './index.js';

/** Exported bases that are not estimators themselves. */
const ABSTRACT = new Set(['BaseClassifier']);

describe('estimatorRegistry', () => {
  it('holds every exported estimator class under its own estimatorName (its export name)', () => {
    const classes = Object.entries(api).filter(
      ([name, v]) =>
        !ABSTRACT.has(name) &&
        typeof v === 'function' &&
        typeof (v.prototype as { getParams?: unknown })?.getParams === 'function',
    );
    expect(classes.length).toBeGreaterThanOrEqual(4);
    for (const [exportName, ctor] of classes) {
      expect(api.estimatorRegistry[(ctor as { estimatorName: string }).estimatorName]).toBe(ctor);
      expect((ctor as { estimatorName: string }).estimatorName).toBe(exportName);
    }
    expect(estimatorNameOf(new api.SVC())).toBe('SVC');
    expect(Object.keys(api.estimatorRegistry)).toContain('DummyClassifier');
  });
});
