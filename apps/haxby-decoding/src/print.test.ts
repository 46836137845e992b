import { SVC } from '@voxelkit/estimators';
import { describe, expect, it } from 'vitest';

describe('Python reprs', () => {
  it("the tutorial prints the estimator with core's scikit-learn repr", () => {
    expect(String(new SVC({ kernel: 'linear' }))).toBe("SVC(kernel='linear')");
    // sklearn 1.2: print(SVC(C=0.5, class_weight='balanced', cache_size=200))
    expect(String(new SVC({ C: 0.5, classWeight: 'balanced', cacheSize: 200 }))).toBe(
      "SVC(C=0.5, class_weight='balanced')",
    );
  });
});
