// Three builds: main (ESM, with the analysis worker as its own entry via ?modulePath), preload (CommonJS,
// as sandboxed preloads require; bundled so it needs no require() of packages), renderer (React).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/**
 * electron-vite's ESM shim adds `const require = createRequire(import.meta.url)` to every chunk that calls
 * require(); a bundled module with its own top-level `require = createRequire(import.meta.url)` (the engine's
 * model loader) then declares it twice and the chunk fails to parse. Both are createRequire of the same chunk
 * URL, so dropping the module's copy changes nothing else.
 */
function dedupeRequireShim(): Plugin {
  return {
    name: 'policybench:dedupe-require-shim',
    apply: 'build',
    renderChunk(code) {
      const out = code.replace(/^(?:var|let|const) require = createRequire\(import\.meta\.url\);$/gm, '/* require: the CommonJS shim above */');
      return out === code ? null : { code: out, map: null };
    },
  };
}

export default defineConfig({
  main: {
    plugins: [dedupeRequireShim()],
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: 'src/main/index.ts' } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: 'src/preload/index.ts' },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: 'src/renderer/index.html' } },
    },
  },
});
