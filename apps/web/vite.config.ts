import { defineConfig } from 'vite';

// Static files only (`vite build` → dist/): the page computes everything itself.
export default defineConfig({
  base: './',
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  worker: { format: 'es' },
  // In `vite dev` the fold worker must stay beside its module (see model-selection's README).
  optimizeDeps: { exclude: ['@voxelkit/model-selection'] },
});
