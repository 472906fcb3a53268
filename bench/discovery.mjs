// Discovery benchmark (issue 3): generates the large project (2,000 requirements, 40
// interviews, 30 processes x 12 steps) in a temporary database, serves the production build,
// logs in as its lead and measures over loopback:
//   - the requirements list page (loader + SSR), unfiltered / filtered / searched / sorted:
//     p50 and p95 of the full response time;
//   - a requirement save (POST of the edit form, redirect answered): p50 and p95.
// Run from the repository root:  node bench/discovery.mjs [--requirements 2000] [--runs 60]
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'

const { values } = parseArgs({ options: { requirements: { type: 'string', default: '2000' }, runs: { type: 'string', default: '60' } } })
const RUNS = Number(values.runs)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specwright-discovery-'))
const dbFile = path.join(dir, 'bench.db')
const port = 3950 + Math.floor(Math.random() * 40)
const base = `http://127.0.0.1:${port}`
const env = { ...process.env, DATABASE_URL: `file:${dbFile}`, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production' }

function run(args) {
  const r = spawnSync(process.execPath, args, { env, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stderr}`)
  return r.stdout
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}
const fmt = (xs) => `p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms (n=${xs.length})`

// 1. The database: migrations, then the large project.
spawnSync(path.resolve('node_modules/.bin/prisma'), ['migrate', 'deploy'], { env, stdio: 'ignore' })
const seeded = run(['bin/specwright.mjs', 'seed', '--large', '--requirements', values.requirements])
const slug = /Large project created: (\S+)/.exec(seeded)?.[1]
const login = /lead login: (\S+) \/ (\S+)/.exec(seeded)
console.log(seeded.trim())

// 2. The server (start.mjs builds first when the build is stale).
const server = spawn(process.execPath, ['scripts/start.mjs'], { env, stdio: ['ignore', 'ignore', 'inherit'] })
for (;;) {
  try {
    if ((await fetch(`${base}/healthz`)).ok) break
  } catch {
    /* starting */
  }
  await new Promise((r) => setTimeout(r, 100))
}

try {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({ email: login[1], password: login[2] }),
  })
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  const headers = { Cookie: cookie }

  async function timeGet(url) {
    const t0 = performance.now()
    const r = await fetch(base + url, { headers })
    await r.text()
    if (r.status !== 200) throw new Error(`${url} answered ${r.status}`)
    return performance.now() - t0
  }

  const list = `/p/${slug}/requirements`
  const cases = {
    'list, unfiltered (page 1 of 2,028)': list,
    'list, filtered type+priority+status': `${list}?type=functional&priority=must&status=approved`,
    'list, Cyrillic search': `${list}?q=${encodeURIComponent('счёт')}`,
    'list, sorted by mean rating': `${list}?sort=rating&dir=desc`,
  }
  for (let i = 0; i < 10; i++) await timeGet(list) // warm-up
  for (const [label, url] of Object.entries(cases)) {
    const times = []
    for (let i = 0; i < RUNS; i++) times.push(await timeGet(url))
    console.log(`${label.padEnd(40)} ${fmt(times)}`)
  }

  // Saves: post each requirement's own values back with its current version.
  const sqlite = new Database(dbFile, { readonly: true })
  const rows = sqlite
    .prepare(
      `SELECT r.code, r.title, r.statementText, r.rationale, r.acceptanceCriterion, r.type, r.priority, r.departmentId, r.status, r.stage,
              r.tags, r.integrationSystem, r.integrationSystemName, r.integrationDirection, r.integrationDataIn, r.integrationTrigger, r.integrationVolume
         FROM Requirement r JOIN Project p ON p.id = r.projectId WHERE p.slug = ? AND r.type != 'integration' ORDER BY r.code LIMIT ?`,
    )
    .all(slug, RUNS)
  const versionOf = sqlite.prepare(`SELECT version FROM Requirement r JOIN Project p ON p.id = r.projectId WHERE p.slug = ? AND r.code = ?`)
  const saves = []
  for (const row of rows) {
    const { version } = versionOf.get(slug, row.code)
    const body = new URLSearchParams({
      intent: 'save',
      version: String(version),
      title: `${row.title} `,
      statement: row.statementText,
      rationale: row.rationale,
      acceptanceCriterion: row.acceptanceCriterion || 'Checked by a tester.',
      type: row.type,
      priority: row.priority,
      departmentId: row.departmentId ?? '',
      status: row.status,
      stage: row.stage,
      tags: JSON.parse(row.tags).join(', '),
    })
    const t0 = performance.now()
    const r = await fetch(`${base}/p/${slug}/requirements/${row.code}`, { method: 'POST', body, headers, redirect: 'manual' })
    await r.text()
    saves.push(performance.now() - t0)
    if (r.status !== 302 && r.status !== 303 && r.status !== 204) throw new Error(`save ${row.code} answered ${r.status}`)
  }
  sqlite.close()
  console.log(`${'requirement save (POST, redirect)'.padEnd(40)} ${fmt(saves)}`)
} finally {
  server.kill('SIGTERM')
  fs.rmSync(dir, { recursive: true, force: true })
}
