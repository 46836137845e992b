import { FetchError, ValidationError } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import { isNetworkUnreachable, resolveDataset } from './dataset.js';
import { StepProgress } from './progress.js';

const sysError = (code: string) => Object.assign(new Error(code), { code });

describe('isNetworkUnreachable', () => {
  it('recognises DNS failures, refused and unroutable connections, connect timeouts', () => {
    for (const code of ['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH']) {
      expect(isNetworkUnreachable(new FetchError('x', { cause: sysError(code) }))).toBe(true);
    }
    expect(
      isNetworkUnreachable(
        new FetchError('No answer from http://a/ within 20000 ms (timeout).', {
          code: 'ETIMEDOUT',
        }),
      ),
    ).toBe(true);
    // The code decides, not the wording; a stall mid-transfer is not "unreachable".
    expect(isNetworkUnreachable(new FetchError('no answer (timeout)', { code: 'ESTALLED' }))).toBe(
      false,
    );
  });

  it('does not treat HTTP errors, checksum mismatches or disk errors as offline', () => {
    expect(isNetworkUnreachable(new FetchError('Download of x failed: HTTP 404 Not Found.'))).toBe(
      false,
    );
    expect(isNetworkUnreachable(new FetchError('Checksum mismatch for x'))).toBe(false);
    expect(isNetworkUnreachable(new FetchError('x', { cause: sysError('EACCES') }))).toBe(false);
    expect(isNetworkUnreachable(new ValidationError('x'))).toBe(false);
    expect(isNetworkUnreachable(undefined)).toBe(false);
  });
});

describe('resolveDataset --subject-dir', () => {
  const progress = new StepProgress({ write: () => true }, false);
  it('rejects a missing folder with the layout it expects', async () => {
    await expect(
      resolveDataset({ subjectDir: '/nonexistent/subj2' }, progress, false),
    ).rejects.toThrow(/--subject-dir \/nonexistent\/subj2 is not a directory.*bold\.nii\.gz/);
  });
});
