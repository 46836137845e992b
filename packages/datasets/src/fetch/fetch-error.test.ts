import { FetchError } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import {
  describeNetworkError,
  fileSystemError,
  isTransient,
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
