/**
 * `@voxelkit/decoding/tasks`: the custom tasks of `Decoder`, `DecoderRegressor` and
 * `SearchLight` (one fold of a decoder fit, one chunk of searchlight spheres), exported as
 * `taskHandlers` for the workers of `@voxelkit/model-selection` and `voxelkit-worker`. The
 * decoders pass this module to their workers themselves; import it only to serve these tasks from
 * a worker of your own.
 *
 * @packageDocumentation
 */
import { defineTaskHandlers } from '@voxelkit/model-selection';
import { DECODER_FOLD_TASK, fitDecoderFold } from './decoder-fold.js';
import { SPHERE_CHUNK_TASK, scoreSphereChunk } from './searchlight/score-spheres.js';

/** The decoding package's task handlers, by task name. */
export const taskHandlers = /* @__PURE__ */ defineTaskHandlers({
  [DECODER_FOLD_TASK]: fitDecoderFold,
  [SPHERE_CHUNK_TASK]: scoreSphereChunk,
});

export { DECODER_FOLD_TASK, SPHERE_CHUNK_TASK };
