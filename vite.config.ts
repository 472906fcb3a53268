import { reactRouter } from '@react-router/dev/vite'
import tailwindcss from '@tailwindcss/vite'
import { defineConfig } from 'vite'
import path from 'node:path'

export default defineConfig({
  plugins: [tailwindcss(), reactRouter()],
  resolve: { alias: { '~': path.resolve(import.meta.dirname, 'app') } },
  // Server-only native modules: the dev dependency scan must not try to bundle them for the browser.
  optimizeDeps: { exclude: ['@node-rs/argon2', 'better-sqlite3', '@prisma/adapter-better-sqlite3'] },
})
