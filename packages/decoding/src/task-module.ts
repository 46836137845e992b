/**
 * Where the workers find `@voxelkit/decoding`'s task handlers: the `tasks` module beside this
 * one, by absolute URL (`dist/tasks.js`, or `src/tasks.ts` when running from sources), so that a
 * worker thread of `@voxelkit/model-selection` and a `voxelkit-worker` on the same installation
 * import it whatever their own location.
 *
 * @module
 */

/** The URL of `@voxelkit/decoding/tasks`, for `workerModules`. */
export function tasksModuleUrl(): URL {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./tasks${ext}`, import.meta.url);
}
