/**
 * The generator worker: builds the synthetic subject off the page's thread and posts it back
 * (the series as a `Blob`, the masks and the background transferred), with progress per run.
 *
 * @module
 */
import { generateSynthetic, type SyntheticMessage } from './synthetic.js';

const post = (message: SyntheticMessage, transfer: Transferable[] = []) =>
  (self as unknown as Worker).postMessage(message, transfer);

generateSynthetic((done, total) => post({ type: 'progress', done, total })).then(
  (subject) => post({ type: 'done', subject }, [subject.vt.buffer, subject.anat.buffer]),
  (error: unknown) =>
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
);
