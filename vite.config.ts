import { reactRouter } from '@react-router/dev/vite'
import tailwindcss from '@tailwindcss/vite'
import { defineConfig } from 'vite'
import path from 'node:path'

export default defineConfig({
  plugins: [tailwindcss(), reactRouter()],
  resolve: { alias: { '~': path.resolve(import.meta.dirname, 'app') } },
  // Server-only native modules: the dev dependency scan must not try to bundle them for the browser.
  optimizeDeps: { exclude: ['@node-rs/argon2', 'better-sqlite3', '@prisma/adapter-better-sqlite3'] },
  build: {
    rollupOptions: {
      // zod's sources carry /*@__PURE__*/ comments Rollup cannot place; they are harmless and drown real warnings.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return
        warn(warning)
      },
    },
  },
})
