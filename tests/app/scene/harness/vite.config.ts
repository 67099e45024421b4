/** Builds the scene harness (index.html: <Scene/> over a fabric; micro.html: a bare instanced-mesh benchmark) into /tmp/scene-harness-dist. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  publicDir: false,
  logLevel: 'warn',
  build: { rollupOptions: { input: { index: fileURLToPath(new URL('./index.html', import.meta.url)), micro: fileURLToPath(new URL('./micro.html', import.meta.url)) } }, outDir: '/tmp/scene-harness-dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 8000, reportCompressedSize: false },
  server: { fs: { allow: [fileURLToPath(new URL('../../../..', import.meta.url))] } },
});
