import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Where `/api` (and the docs and probes) go during `vite` and `vite preview`:
// the API's default address, or API_PROXY_TARGET when it runs elsewhere.
const apiTarget = process.env.API_PROXY_TARGET ?? 'http://127.0.0.1:8080';
const proxy = Object.fromEntries(
  ['/api', '/api-docs', '/docs', '/health'].map((prefix) => [
    prefix,
    { target: apiTarget, changeOrigin: false },
  ]),
);

export default defineConfig({
  plugins: [react()],
  server: { proxy },
  preview: { proxy },
  build: { outDir: 'dist', sourcemap: true },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    environment: 'node',
    restoreMocks: true,
  },
});
