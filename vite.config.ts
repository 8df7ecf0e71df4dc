import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const frameRoot = fileURLToPath(new URL('./src/frame', import.meta.url));

// The frame app: two pages of one React app, served by the display server from dist/frame.
export default defineConfig({
  root: frameRoot,
  publicDir: fileURLToPath(new URL('./public', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/frame', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    rollupOptions: {
      input: {
        embed: `${frameRoot}/embed.html`,
        hosted: `${frameRoot}/hosted.html`,
      },
    },
  },
});
