// `npm start`: make a fresh clone usable with no set-up — create the database, apply
// migrations, seed the demo projects on an empty database, build when the build is missing
// or older than the sources, then serve. Running it again keeps the data.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const prepareOnly = process.argv.includes('--prepare-only')
process.env.DATABASE_URL ??= 'file:./data/specwright.db'
process.chdir(root)

function run(label, command, args) {
  const started = Date.now()
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: process.env })
  if (result.status !== 0) {
    console.error(`specwright: ${label} failed (exit ${result.status ?? result.signal})`)
    process.exit(1)
  }
  return Date.now() - started
}

const bin = (name) => path.join(root, 'node_modules/.bin', name)

// 1. The database and its schema.
const dbFile = path.resolve(process.env.DATABASE_URL.replace(/^file:(\/\/)?/, ''))
fs.mkdirSync(path.dirname(dbFile), { recursive: true })
run('applying database migrations', bin('prisma'), ['migrate', 'deploy'])

// 2. Demo data on an empty database (prints the demo logins either way).
run('seeding the demo projects', process.execPath, [path.join(root, 'bin/specwright.mjs'), 'seed', '--demo', '--if-empty'])
if (prepareOnly) process.exit(0)

// 3. A production build that matches the sources.
function newestMtime(entry) {
  const stat = fs.statSync(entry, { throwIfNoEntry: false })
  if (!stat) return 0
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const child of fs.readdirSync(entry)) {
    if (child === 'generated') continue
    newest = Math.max(newest, newestMtime(path.join(entry, child)))
  }
  return newest
}
const builtAt = newestMtime(path.join(root, 'build/server/index.js'))
const sourcesAt = Math.max(
  ...['app', 'public', 'vite.config.ts', 'react-router.config.ts', 'package-lock.json'].map((p) => newestMtime(path.join(root, p))),
)
if (builtAt < sourcesAt) {
  console.log('specwright: building the app (first start or changed sources)…')
  run('building the app', bin('react-router'), ['build'])
}

// 4. Serve.
process.env.NODE_ENV ??= 'production'
const { startServer } = await import('../server.mjs')
const server = await startServer()
const address = server.address()
const port = typeof address === 'object' && address ? address.port : process.env.PORT
console.log(`Specwright is ready on http://localhost:${port}`)
