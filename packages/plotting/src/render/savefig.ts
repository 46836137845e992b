/**
 * Saving a figure to a file (Node): the format follows the extension, like matplotlib's
 * `savefig`.
 *
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { ValidationError } from '@voxelkit/core';
import type { Figure } from '../figure.js';
import type { PngOptions } from '../figure-spec.js';

/**
 * Writes `figure` to `path`: `.png` (rendered with bundled fonts) or `.svg`. Creates the parent
 * directory when needed. Resolves to the path written.
 */
export async function savefig(
  figure: Figure,
  path: string,
  options: PngOptions = {},
): Promise<string> {
  const ext = extname(path).toLowerCase();
  let bytes: Uint8Array | string;
  if (ext === '.png') bytes = figure.toPNG(options);
  else if (ext === '.svg') bytes = figure.toSVG();
  else {
    throw new ValidationError(
      `savefig: cannot tell the format of '${path}'; use a .png or .svg file name.`,
    );
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
  return path;
}
