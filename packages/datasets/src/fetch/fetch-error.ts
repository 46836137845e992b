/**
 * Turning low-level failures (socket, DNS, file system) into a {@link FetchError} whose message
 * says what failed, where, and what to do.
 *
 * @module
 */
import { FetchError, type FetchErrorCode, VoxelkitError } from '@voxelkit/core';

const NETWORK_DOWN = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN']);
// UND_ERR_SOCKET: undici's "other side closed" (a connection cut mid-transfer)
const CUT = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
]);
const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR', 'EEXIST']);

/** The `code` of a Node.js system error, if any. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * True for failures worth retrying (connection cut, stalled transfer, truncated body, busy
 * server); false for failures that will not go away by themselves (no DNS, refused connection,
 * HTTP 4xx, disk errors), so that an offline machine fails at once.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof TransientError) return true;
  const code = errorCode(error);
  return code !== undefined && CUT.has(code);
}

/** A failure that a retry may fix (5xx, 429, timeout mid-transfer, truncated body). */
export class TransientError extends VoxelkitError {
  /** The {@link FetchError} code this failure gets when it is final. */
  readonly code: FetchErrorCode;
  constructor(message: string, code: FetchErrorCode = 'ECONNRESET') {
    super(message);
    this.code = code;
  }
}

/** The {@link FetchErrorCode} of a network failure. */
export function networkErrorCode(error: unknown): FetchErrorCode | undefined {
  if (error instanceof TransientError || error instanceof FetchError) return error.code;
  const code = errorCode(error);
  if (code === undefined) return undefined;
  if (NETWORK_DOWN.has(code)) return 'ENOTFOUND';
  if (UNREACHABLE.has(code)) return 'ECONNREFUSED';
  if (CUT.has(code)) return 'ECONNRESET';
  return undefined;
}

/** A one-line reason for a network failure of `url`. */
export function describeNetworkError(error: unknown, url: string): string {
  const code = errorCode(error);
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    // keep the raw string
  }
  if (code !== undefined && NETWORK_DOWN.has(code)) {
    return `cannot resolve ${host} (${code}): no network connection or DNS failure. Check your connection, or use fetchHaxbySynthetic() to work offline`;
  }
  if (code !== undefined && UNREACHABLE.has(code)) {
    return `cannot connect to ${host} (${code}): the server is down or the network is unreachable`;
  }
  if (code !== undefined && CUT.has(code)) {
    return `the connection to ${host} was cut (${code})`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return code ? `${message} (${code})` : message;
}

/**
 * Wraps a file-system error about `path` (disk full, not writable, …) in a {@link FetchError}.
 * `url` is the download the file belongs to, when there is one.
 */
export function fileSystemError(
  error: unknown,
  path: string,
  action: string,
  url?: string,
): FetchError {
  if (error instanceof FetchError) return error;
  const code = errorCode(error);
  let reason: string;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    reason = `the disk is full (${code}). Free some space or choose another dataDir`;
  } else if (code !== undefined && NOT_WRITABLE.has(code)) {
    reason = `the location is not writable (${code}). Choose a writable dataDir or set VOXELKIT_DATA`;
  } else {
    reason = error instanceof Error ? error.message : String(error);
  }
  return new FetchError(`Could not ${action} ${path}: ${reason}.`, {
    code: 'FILESYSTEM',
    cause: error,
    url: url ?? path,
  });
}
