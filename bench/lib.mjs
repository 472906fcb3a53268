// What the benchmark scripts share: the repository root, running the CLI, the production
// server's start (after any other build) and stop, logging in, and the large project's seed.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

export const root = path.resolve(import.meta.dirname, '..')

/** `node <args>` in the repository with `env`; its stdout, or an error with its stderr. */
export function runNode(env, args) {
  const r = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (r.status !== 0) throw new Error(`${args.slice(0, 3).join(' ')} failed:\n${r.stderr}`)
  return r.stdout
}

/** Migrates the database `env` names and seeds `seed --large <seedArgs>`; its output, slug and lead login. */
export function migrateAndSeedLarge(env, seedArgs) {
  const migrate = spawnSync(path.join(root, 'node_modules/.bin/prisma'), ['migrate', 'deploy'], { cwd: root, env, stdio: 'ignore' })
  if (migrate.status !== 0) throw new Error('prisma migrate deploy failed')
  const seeded = runNode(env, ['bin/specwright.mjs', 'seed', '--large', ...seedArgs])
  const slug = /Large project created: (\S+)/.exec(seeded)?.[1]
  const lead = /lead login: (\S+) \/ (\S+)/.exec(seeded)
  if (!slug || !lead) throw new Error('could not read the slug and the lead login from the seed output')
  return { seeded, slug, lead: { email: lead[1], password: lead[2] } }
}

/** Another engineer's `react-router build` (e.g. Playwright's start) must not race ours. */
export async function waitForOtherBuilds() {
  const built = fs.statSync(path.join(root, 'build/server/index.js'), { throwIfNoEntry: false })
  console.log(`build/server/index.js: ${built ? built.mtime.toISOString() : 'missing'} (scripts/start.mjs rebuilds when app/ is newer)`)
  const deadline = Date.now() + 15 * 60_000
  for (let said = false; ; said = true) {
    const running = spawnSync('pgrep', ['-f', 'react-router build'], { encoding: 'utf8' }).stdout.trim()
    if (!running) return
    if (Date.now() > deadline) throw new Error('another react-router build is still running after 15 minutes')
    if (!said) console.log(`waiting for a running react-router build (pid ${running.split('\n').join(', ')}) to finish…`)
    await new Promise((r) => setTimeout(r, 2000))
  }
}

/**
 * Starts the production server (`scripts/start.mjs`, which builds when the build is stale, after
 * any other running build; or `server.mjs` alone) and waits for `GET /healthz`; the child process.
 */
export async function startServer(env, base, script = 'scripts/start.mjs') {
  if (script === 'scripts/start.mjs') await waitForOtherBuilds()
  const server = spawn(process.execPath, [script], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] })
  const deadline = Date.now() + 10 * 60_000
  try {
    for (;;) {
      if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}) before answering`)
      if (Date.now() > deadline) throw new Error('the server did not answer /healthz within 10 minutes')
      try {
        if ((await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) })).ok) return server
      } catch {
        /* starting */
      }
      await new Promise((r) => setTimeout(r, 100))
    }
  } catch (error) {
    await stopServer(server) // not left running behind a failed start
    throw error
  }
}

/** SIGTERM, and SIGKILL after 5 s. */
export async function stopServer(server) {
  if (!server || server.exitCode !== null) return
  server.kill('SIGTERM')
  await new Promise((resolve) => {
    const t = setTimeout(() => {
      server.kill('SIGKILL')
      resolve()
    }, 5000)
    server.once('exit', () => {
      clearTimeout(t)
      resolve()
    })
  })
}

/** Logs in to the server at `base`; the session cookie. */
export async function login(base, { email, password }, timeoutMs = 30_000) {
  const res = await fetch(`${base}/login`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ email, password }), signal: AbortSignal.timeout(timeoutMs) })
  await res.text()
  if (res.status !== 302 && res.status !== 303) throw new Error(`login answered ${res.status}`)
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
}
