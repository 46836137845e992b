import { FetchError } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import {
  describeNetworkError,
  fileSystemError,
  isTransient,
  networkErrorCode,
  TransientError,
} from './fetch-error.js';

const sysError = (code: string) => Object.assign(new Error(`${code} happened`), { code });

describe('fetch errors', () => {
  it('maps disk full and unwritable locations to FetchError with advice', () => {
    const full = fileSystemError(sysError('ENOSPC'), '/d/x.part', 'write', 'http://h/x');
    expect(full).toBeInstanceOf(FetchError);
    expect(full.message).toMatch(/disk is full/);
    expect(full.url).toBe('http://h/x');
    expect(fileSystemError(sysError('EROFS'), '/d', 'create').message).toMatch(/not writable/);
    expect(fileSystemError(sysError('EACCES'), '/d', 'create').url).toBe('/d');
  });

  it('fails fast on DNS and refused connections, retries cuts and 5xx', () => {
    expect(isTransient(sysError('ENOTFOUND'))).toBe(false);
    expect(isTransient(sysError('EAI_AGAIN'))).toBe(false);
    expect(isTransient(sysError('ECONNREFUSED'))).toBe(false);
    expect(isTransient(sysError('ECONNRESET'))).toBe(true);
    expect(isTransient(new TransientError('HTTP 503'))).toBe(true);
    expect(describeNetworkError(sysError('ENOTFOUND'), 'http://data.pymvpa.org/x')).toMatch(
      /cannot resolve data\.pymvpa\.org .*no network/,
    );
  });
});

describe('networkErrorCode', () => {
  it.each([
    ['ENOTFOUND', 'ENOTFOUND'],
    ['EAI_AGAIN', 'ENOTFOUND'],
    ['ECONNREFUSED', 'ECONNREFUSED'],
    ['EHOSTUNREACH', 'ECONNREFUSED'],
    ['ECONNRESET', 'ECONNRESET'],
    ['EPIPE', 'ECONNRESET'],
  ])('%s -> %s', (code, expected) => {
    expect(networkErrorCode(sysError(code))).toBe(expected);
  });
  it('keeps the code of a TransientError or FetchError, none for the unknown', () => {
    expect(networkErrorCode(new TransientError('stalled (timeout)', 'ESTALLED'))).toBe('ESTALLED');
    expect(networkErrorCode(new TransientError('HTTP 503', 'HTTP_STATUS'))).toBe('HTTP_STATUS');
    expect(networkErrorCode(new FetchError('x', { code: 'ETIMEDOUT' }))).toBe('ETIMEDOUT');
    expect(networkErrorCode(new Error('plain'))).toBeUndefined();
    expect(fileSystemError(sysError('ENOSPC'), '/x', 'write').code).toBe('FILESYSTEM');
  });
});
