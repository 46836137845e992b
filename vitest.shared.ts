import { defineConfig } from 'vitest/config';

/**
 * Shared vitest settings for every package. Workspace siblings resolve to their TypeScript
 * sources through the `@voxelkit/source` export condition, so tests never run against a stale
 * `dist/`.
 */
export const sharedConfig = defineConfig({
  resolve: { conditions: ['@voxelkit/source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['@voxelkit/source', 'node', 'import', 'default'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Under CI each package also writes a JSON summary that .ci/run totals into one closing line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: '.vitest-results.json' },
  },
});
