/**
 * Writing the `--json` report to a file (Node only; the report's shape and JSON text are in
 * `report.ts`, which browsers import as `@voxelkit/haxby-decoding/report`).
 *
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { reportToJson, type TutorialReport } from './report.js';

/** Writes the report as JSON to `path`, creating its directory. */
export async function writeReport(report: TutorialReport, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, reportToJson(report));
}
