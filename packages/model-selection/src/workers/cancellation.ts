/**
 * `signal` and `timeout` of a parallel run as one AbortSignal whose reason is a typed error.
 *
 * @module
 */
import { ValidationError } from '@voxelkit/core';
import { AbortError, TimeoutError } from './errors.js';

/** What the user may pass to stop a run. */
export interface CancelOptions {
  /**
   * Stops the run when aborted: it rejects with an {@link AbortError} (the signal's reason as
   * `cause`) and terminates the workers. With `nJobs: 1` the signal is checked between folds (a
   * running fold on the calling thread cannot be interrupted).
   */
  signal?: AbortSignal;
  /**
   * Wall-clock limit of the whole run in milliseconds (default: none). Past it the run rejects
   * with a {@link TimeoutError} and terminates the workers; with `nJobs: 1` it is checked
   * between folds.
   */
  timeout?: number;
}

/** One AbortSignal combining the caller's `signal` and `timeout`; call `dispose()` when done. */
export class Cancellation {
  readonly signal: AbortSignal | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onAbort: (() => void) | undefined;
  private readonly userSignal: AbortSignal | undefined;

  /** @throws ValidationError for a `timeout` that is not a positive number, or a non-signal. */
  constructor(options: CancelOptions = {}) {
    const { signal, timeout } = options;
    if (
      signal !== undefined &&
      (typeof signal !== 'object' ||
        signal === null ||
        typeof (signal as AbortSignal).addEventListener !== 'function' ||
        typeof (signal as AbortSignal).aborted !== 'boolean')
    ) {
      throw new ValidationError(
        'signal must be an AbortSignal (e.g. new AbortController().signal).',
      );
    }
    if (
      timeout !== undefined &&
      (typeof timeout !== 'number' || !(timeout > 0) || Number.isNaN(timeout))
    ) {
      throw new ValidationError(
        `timeout must be a positive number of milliseconds; got ${String(timeout)}.`,
      );
    }
    if (signal === undefined && timeout === undefined) return;
    const controller = new AbortController();
    this.signal = controller.signal;
    this.userSignal = signal;
    if (signal !== undefined) {
      this.onAbort = () =>
        controller.abort(
          new AbortError('The run was aborted (signal); its workers were terminated.', {
            cause: signal.reason,
          }),
        );
      if (signal.aborted) this.onAbort();
      else signal.addEventListener('abort', this.onAbort, { once: true });
    }
    if (timeout !== undefined && Number.isFinite(timeout)) {
      const start = Date.now();
      this.timer = setTimeout(() => {
        controller.abort(
          new TimeoutError(
            `The run did not finish within its timeout of ${timeout} ms (${Date.now() - start} ms elapsed); its workers were terminated. Raise timeout, or look for a fold that never returns.`,
          ),
        );
      }, timeout);
    }
  }

  /** Throws the abort reason (an AbortError or TimeoutError) if the run was stopped. */
  throwIfAborted(): void {
    if (this.signal?.aborted) throw this.signal.reason;
  }

  /** Clears the timer and the listener on the caller's signal. */
  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.onAbort !== undefined) this.userSignal?.removeEventListener('abort', this.onAbort);
  }
}
