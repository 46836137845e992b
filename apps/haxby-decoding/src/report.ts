/**
 * The app's report: every number the tutorial prints, in the JSON layout of `--json FILE`.
 *
 * @module
 */

/** Where the data came from. */
export type DatasetSource = 'local' | 'download' | 'synthetic';

/** The files the tutorial ran on. */
export interface DatasetInfo {
  /** `local` (--subject-dir), `download` (fetchHaxby) or `synthetic` (fetchHaxbySynthetic). */
  source: DatasetSource;
  /** The 4-D functional image. */
  func: string;
  /** The mask image. */
  mask: string;
  /** The behavioural labels file. */
  labels: string;
  /** The anatomical image, or null when there is none (plots then use the mean EPI). */
  anat: string | null;
}

/** The face-vs-cat SVC fitted on all face/cat samples. */
export interface SvcReport {
  /** `coef_[0]`: one weight per voxel; positive means "face" (sklearn's classes_[1]). */
  coef: number[];
  /** `intercept_[0]`. */
  intercept: number;
  /** `n_support_`: support vectors per class, in `classes` order. */
  nSupport: number[];
  /** `support_`: indices (into the selected rows) of the support vectors. */
  support: number[];
}

/** The JSON report (`--json FILE`); its keys are exactly these. */
export interface TutorialReport {
  dataset: DatasetInfo;
  /** `fmri_masked.shape`: [scans, voxels]. */
  maskedShape: [number, number];
  /** Shape after keeping the face and cat scans: [rows, voxels]. */
  selectedShape: [number, number];
  /** Scans per label in the behavioural file. */
  labelCounts: Record<string, number>;
  /** `svc.classes_` (sorted): ["cat", "face"]. */
  classes: string[];
  /** Accuracy on the training data itself (meaningless, as the tutorial says). */
  trainingAccuracy: number;
  /** Fit on all but the last 30 samples, accuracy on the last 30. */
  holdoutLast30: number;
  /** The hand-written KFold(5) loop. */
  kfoldManual: number[];
  /** `cross_val_score(svc, X, y)`: StratifiedKFold(5). */
  cvDefault: number[];
  /** `cross_val_score(svc, X, y, cv=KFold(5))`. */
  cvKFold: number[];
  /** `cross_val_score(svc, X, y, cv=LeaveOneGroupOut(), groups=runs)`: one score per run. */
  cvLogo: number[];
  /** The extra: all 8 categories (rest excluded), leave-one-run-out, one score per run. */
  multiclassLogo: number[];
  svc: SvcReport;
  /** The weight image written to the output directory. */
  weights: { path: string; shape: number[] };
  /** The figures written (PNG and SVG). */
  plots: string[];
  /** Wall-clock time of each step in milliseconds. */
  timingsMs: Record<string, number>;
}

/** The report as JSON text (2-space indentation, numbers as JSON numbers). */
export function reportToJson(report: TutorialReport): string {
  const ordered: TutorialReport = {
    dataset: report.dataset,
    maskedShape: report.maskedShape,
    selectedShape: report.selectedShape,
    labelCounts: report.labelCounts,
    classes: report.classes,
    trainingAccuracy: report.trainingAccuracy,
    holdoutLast30: report.holdoutLast30,
    kfoldManual: report.kfoldManual,
    cvDefault: report.cvDefault,
    cvKFold: report.cvKFold,
    cvLogo: report.cvLogo,
    multiclassLogo: report.multiclassLogo,
    svc: report.svc,
    weights: report.weights,
    plots: report.plots,
    timingsMs: report.timingsMs,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
