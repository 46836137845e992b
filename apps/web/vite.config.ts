import { defineConfig } from 'vite';

// Static files only (`vite build` → dist/): the page computes everything itself. niivue (and the
// codecs it loads on demand) get their own chunks, so the app's own JavaScript can be measured
// without them (bench/web.mjs).
export default defineConfig({
  base: './',
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      output: {
        manualChunks: (id) => (id.includes('/@niivue/') ? 'niivue' : undefined),
      },
    },
  },
  worker: { format: 'es' },
  // In `vite dev` the fold worker must stay beside its module (see model-selection's README).
  optimizeDeps: { exclude: ['@voxelkit/model-selection'] },
});
