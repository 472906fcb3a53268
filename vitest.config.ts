import path from 'node:path'
import { defineConfig } from 'vitest/config'

// Its own config: the React Router Vite plugin must not load under vitest.
export default defineConfig({
  resolve: { alias: { '~': path.resolve(import.meta.dirname, 'app') } },
  test: {
    include: ['app/**/*.test.{ts,tsx}', 'tests/unit/**/*.test.{ts,tsx}'],
    globalSetup: ['tests/setup/vitest-global.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
