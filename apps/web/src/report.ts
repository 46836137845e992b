/**
 * The JSON report of a run, in the CLI's `--json` format (`TutorialReport` of
 * `@voxelkit/haxby-decoding`, keys in the same order, two-space indent).
 *
 * @module
 */
import type { TutorialReport } from '@voxelkit/haxby-decoding';

export type { TutorialReport };

/** The report as the CLI writes it with `--json`. */
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
