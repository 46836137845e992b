/**
 * Typed errors. Every error voxelkit throws on purpose extends {@link VoxelkitError}, and its
 * message says what was found, what was expected and what to do about it.
 *
 * @module
 */

/** Base class of every error voxelkit throws on purpose. */
export class VoxelkitError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Invalid input: wrong shape, non-finite values, unknown option values, inconsistent lengths. */
export class ValidationError extends VoxelkitError {}

/** A predict/transform-like method was called on an estimator that has not been fitted. */
export class NotFittedError extends VoxelkitError {}

/** A file is not valid NIfTI, is truncated, or uses a feature that is not supported. */
export class NiftiError extends VoxelkitError {}

/**
 * What kind of failure a {@link FetchError} is, so that callers need not match its message:
 * `ENOTFOUND` (no DNS / no network), `ECONNREFUSED` (host unreachable or refusing),
 * `ETIMEDOUT` (no answer at all), `ESTALLED` (a transfer stalled or trickled below the minimum
 * rate), `ECONNRESET` (connection cut), `HTTP_STATUS`, `CHECKSUM` (size, MD5 or content check
 * failed, or no checksum available), `UNSAFE_ARCHIVE`, `CORRUPT_ARCHIVE`, `FILESYSTEM` (disk
 * full, not writable), `ABORTED`, `INVALID_URL`.
 */
export type FetchErrorCode =
  | 'ENOTFOUND'
  | 'ECONNREFUSED'
  | 'ETIMEDOUT'
  | 'ESTALLED'
  | 'ECONNRESET'
  | 'HTTP_STATUS'
  | 'CHECKSUM'
  | 'UNSAFE_ARCHIVE'
  | 'CORRUPT_ARCHIVE'
  | 'FILESYSTEM'
  | 'ABORTED'
  | 'INVALID_URL';

/** A download failed: network, HTTP status, checksum, unsafe archive, disk. */
export class FetchError extends VoxelkitError {
  /** The URL (or path) the failure concerns, when there is one. */
  readonly url: string | undefined;
  /** The kind of failure, when known (see {@link FetchErrorCode}). */
  readonly code: FetchErrorCode | undefined;
  constructor(message: string, options?: { cause?: unknown; url?: string; code?: FetchErrorCode }) {
    super(message, options);
    this.url = options?.url;
    this.code = options?.code;
  }
}

/**
 * Base class of every warning voxelkit emits through {@link warn} (Python's `Warning`): each kind
 * of warning is a subclass, so a handler can filter by class, e.g.
 * `setWarningHandler((w) => { if (!(w instanceof ConvergenceWarning)) console.warn(w.message); })`.
 * Warnings are never thrown by voxelkit itself.
 */
export class VoxelkitWarning extends VoxelkitError {}

/** An iterative solver stopped before converging (scikit-learn's `ConvergenceWarning`). */
export class ConvergenceWarning extends VoxelkitWarning {}

/**
 * Receives warnings; replace with {@link setWarningHandler} (e.g. to silence or collect them, or
 * to filter them by class).
 */
export type WarningHandler = (warning: VoxelkitWarning) => void;

let warningHandler: WarningHandler = (w) => {
  const proc = (globalThis as { process?: { emitWarning?: (m: string, n: string) => void } })
    .process;
  if (proc?.emitWarning) proc.emitWarning(w.message, w.name);
  else console.warn(`${w.name}: ${w.message}`);
};

/** Replaces the global warning handler and returns the previous one. */
export function setWarningHandler(handler: WarningHandler): WarningHandler {
  const previous = warningHandler;
  warningHandler = handler;
  return previous;
}

/** Emits a warning through the current handler (like Python's `warnings.warn`). */
export function warn(warning: VoxelkitWarning): void {
  warningHandler(warning);
}
