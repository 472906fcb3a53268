#!/usr/bin/env node
// The operators' command line. It runs the app's own TypeScript model code (through tsx),
// against the database named by DATABASE_URL, exactly as the server does.
import path from 'node:path'
import { register } from 'tsx/esm/api'

const root = path.resolve(import.meta.dirname, '..')
process.env.DATABASE_URL ??= 'file:./data/specwright.db'
// `export` renders in the render process, as the server does (render-pool.server.ts): the
// renderers' memory stays out of this process, which already holds tsx and Prisma.
// `specwright projects | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})
register({ tsconfig: path.join(root, 'tsconfig.json') })
const { main } = await import('../app/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
