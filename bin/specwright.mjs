#!/usr/bin/env node
// The operators' command line. It runs the app's own TypeScript model code against the database
// named by DATABASE_URL, exactly as the server does: compiled once per source change by esbuild
// (app/utils/compiled-import.mjs; ~50 MB less resident than tsx's loader), or through tsx where
// the compiled copy cannot be written.
import path from 'node:path'
import { compiledImport } from '../app/utils/compiled-import.mjs'

const root = path.resolve(import.meta.dirname, '..')
process.env.DATABASE_URL ??= 'file:./data/specwright.db'
// `export` renders in the render process, as the server does (render-pool.server.ts): the
// renderers' memory stays out of this process.
// `specwright projects | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})

const cli = await compiledImport(root, 'app/cli/main.ts', 'specwright-cli')
process.exitCode = await cli.main(process.argv.slice(2))
