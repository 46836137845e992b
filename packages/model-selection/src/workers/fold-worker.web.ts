/**
 * Entry point of a Web Worker fold worker (browsers): the first message is
 * `{ type: 'init', init }`, then job messages follow. The build bundles it into a
 * self-contained `dist/workers/fold-worker.web.js` (no bare imports: a module worker sees no
 * import map), with core, metrics and the estimators of `estimatorRegistry`.
 *
 * @module
 */
import { estimatorRegistry } from '@voxelkit/estimators';
import type { InitMessage, JobMessage } from './protocol.js';
import { serveFoldJobs } from './serve.js';

interface WorkerScope {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

const scope = globalThis as unknown as WorkerScope;

function onInit(event: { data: unknown }): void {
  const message = event.data as InitMessage;
  if (message?.type !== 'init') return;
  scope.removeEventListener('message', onInit);
  void serveFoldJobs(
    message.init,
    {
      post: (m) => scope.postMessage(m),
      onMessage: (listener) =>
        scope.addEventListener('message', (e) => listener(e.data as JobMessage)),
    },
    [estimatorRegistry],
  );
}

scope.addEventListener('message', onInit);
