// Measures `npm start`: time from launch to the first 200 from /login, and the server's
// resident memory once it has answered. Run from the repository root:
//   node bench/startup.mjs            (a fresh database in a temp dir: migrate + seed + serve)
//   node bench/startup.mjs --reuse    (a second start on the same database)
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specwright-bench-'))
const port = 3900 + Math.floor(Math.random() * 90)
const env = { ...process.env, DATABASE_URL: `file:${path.join(dir, 'bench.db')}`, PORT: String(port), HOST: '127.0.0.1' }

async function startOnce(label) {
  const started = performance.now()
  const child = spawn(process.execPath, ['scripts/start.mjs'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  child.stdout.on('data', (d) => (log += d))
  child.stderr.on('data', (d) => (log += d))
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${log}`)
    try {
      const res = await fetch(`http://127.0.0.1:${port}/login`)
      if (res.status === 200) break
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  const firstResponseMs = performance.now() - started
  // Warm a few pages, then read the server's RSS from /proc.
  for (let i = 0; i < 5; i++) await fetch(`http://127.0.0.1:${port}/login`)
  const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8')
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  child.kill('SIGTERM')
  await new Promise((r) => child.once('exit', r))
  console.log(`${label}: first 200 after ${(firstResponseMs / 1000).toFixed(2)} s, server RSS ${(rssKb / 1024).toFixed(0)} MB`)
}

await startOnce('fresh database (migrate + seed + serve)')
await startOnce('second start (data kept)')
fs.rmSync(dir, { recursive: true, force: true })
