// Evaluation benchmark (issue 4): generates the large project with evaluation data (600
// requirements × 5 candidates, a closed round 1 by every evaluator, consensus rows, ~150
// improvements) in a temporary database, serves the production build and measures over
// loopback (127.0.0.1 only):
//   1. the scoring matrix page (loader + SSR) for the lead: closed round (consensus view), then
//      after the lead opens round 2 (open round, evaluator view): p50/p95 of the full response;
//   2. saving one score as an evaluator, sequentially: the cell form as a hydrated browser sends
//      it (fetcher POST to scoring.data, via=fetcher → 200) and as a plain form post (→ 302);
//   3. recomputing all results: the results page over HTTP, and candidateResults / scoringResults
//      called directly (tsx child process against the same database);
//   4. N evaluators, each with their own session, saving random cells concurrently for a fixed
//      time; afterwards errors, lost writes (every stored round-2 value equals the last value
//      that evaluator's successful request sent for that cell; row count equals distinct cells)
//      and latency.
// Run from the repository root:
//   node bench/evaluation.mjs [--requirements 600] [--candidates 5] [--evaluators 50]
//                             [--runs 40] [--duration 60] [--recompute-runs 20]
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'

const { values } = parseArgs({
  options: {
    requirements: { type: 'string', default: '600' },
    candidates: { type: 'string', default: '5' },
    evaluators: { type: 'string', default: '50' },
    runs: { type: 'string', default: '40' },
    duration: { type: 'string', default: '60' },
    'recompute-runs': { type: 'string', default: '20' },
  },
})
const RUNS = Math.min(1000, Number(values.runs))
const DURATION_MS = Math.min(600, Number(values.duration)) * 1000
const RECOMPUTE_RUNS = Math.min(200, Number(values['recompute-runs']))
const EVALUATORS = Number(values.evaluators)
const MAX_REQUESTS_PER_EVALUATOR = 20_000 // a bound on the load loop besides the time
const REQUEST_TIMEOUT_MS = 30_000

const root = path.resolve(import.meta.dirname, '..')
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specwright-evaluation-'))
const dbFile = path.join(dir, 'bench.db')
const port = 4050 + Math.floor(Math.random() * 40)
const base = `http://127.0.0.1:${port}`
const env = {
  ...process.env,
  DATABASE_URL: `file:${dbFile}`,
  PORT: String(port),
  HOST: '127.0.0.1',
  NODE_ENV: 'production',
}

function run(args) {
  const r = spawnSync(process.execPath, args, {
    cwd: root,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  if (r.status !== 0) throw new Error(`${args.slice(0, 3).join(' ')} failed:\n${r.stderr}`)
  return r.stdout
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}
const fmt = (xs) => `p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms (n=${xs.length})`
const verdict = (value, target) =>
  value <= target ? `ok (target ≤ ${target} ms)` : `MISSED target ≤ ${target} ms by ${(value - target).toFixed(1)} ms (×${(value / target).toFixed(2)})`
const line = (label, text) => console.log(`${label.padEnd(52)} ${text}`)
const summary = []
function check(label, value, target) {
  summary.push({ label, value, target, ok: value <= target })
  line(`  → ${label}`, verdict(value, target))
}

let server
try {
  // 1. The database: migrations, then the large project with evaluation data.
  const migrate = spawnSync(path.join(root, 'node_modules/.bin/prisma'), ['migrate', 'deploy'], { cwd: root, env, stdio: 'ignore' })
  if (migrate.status !== 0) throw new Error('prisma migrate deploy failed')
  const seedStarted = performance.now()
  const seeded = run([
    'bin/specwright.mjs',
    'seed',
    '--large',
    '--requirements',
    values.requirements,
    '--candidates',
    values.candidates,
    '--evaluators',
    values.evaluators,
  ])
  console.log(seeded.trim())
  console.log(`(seed took ${((performance.now() - seedStarted) / 1000).toFixed(1)} s)`)
  const slug = /Large project created: (\S+)/.exec(seeded)?.[1]
  const lead = /lead login: (\S+) \/ (\S+)/.exec(seeded)
  if (!slug || !lead) throw new Error('could not read the slug and the lead login from the seed output')
  const password = lead[2]
  const tag = /^lead\.(.+)@large\.example$/.exec(lead[1])[1]

  // Evaluator accounts in the generator's order: the lead, the department heads, then members.
  const sqlite = new Database(dbFile, { readonly: true })
  const project = sqlite.prepare('SELECT id FROM Project WHERE slug = ?').get(slug)
  const heads = sqlite.prepare(`SELECT COUNT(*) AS n FROM Membership WHERE projectId = ? AND role = 'department_head'`).get(project.id).n
  const evaluatorEmails = Array.from({ length: EVALUATORS }, (_, i) =>
    i === 0 ? lead[1] : i <= heads ? `head${i}.${tag}@large.example` : `evaluator${i + 1}.${tag}@large.example`,
  )
  const userIdOf = sqlite.prepare('SELECT id FROM User WHERE email = ?')
  const evaluators = evaluatorEmails.map((email) => ({
    email,
    id: userIdOf.get(email)?.id,
  }))
  if (evaluators.some((e) => !e.id)) throw new Error('an expected evaluator account is missing')
  const round1 = sqlite.prepare(`SELECT id FROM ScoringRound WHERE projectId = ? AND number = 1`).get(project.id)
  const counts = {
    requirements: sqlite.prepare('SELECT COUNT(*) AS n FROM Requirement WHERE projectId = ? AND deletedAt IS NULL').get(project.id).n,
    evaluated: sqlite.prepare(`SELECT COUNT(*) AS n FROM Requirement WHERE projectId = ? AND deletedAt IS NULL AND status <> 'rejected'`).get(project.id).n,
    candidates: sqlite.prepare('SELECT COUNT(*) AS n FROM Candidate WHERE projectId = ?').get(project.id).n,
    scores: sqlite.prepare('SELECT COUNT(*) AS n FROM Score WHERE roundId = ?').get(round1.id).n,
    consensus: sqlite.prepare('SELECT COUNT(*) AS n FROM ConsensusScore WHERE roundId = ?').get(round1.id).n,
    improvements: sqlite.prepare('SELECT COUNT(*) AS n FROM Improvement WHERE projectId = ?').get(project.id).n,
    evaluators: sqlite.prepare('SELECT COUNT(DISTINCT evaluatorId) AS n FROM Score WHERE roundId = ?').get(round1.id).n,
  }
  console.log(
    `data: ${counts.requirements} requirements (${counts.evaluated} evaluated, not rejected) × ${counts.candidates} candidates × ` +
      `${counts.evaluators} evaluators = ${counts.scores} round-1 scores, ${counts.consensus} consensus rows, ${counts.improvements} improvements`,
  )
  // The cells an evaluator may score: evaluated requirements × candidates.
  const reqIds = sqlite
    .prepare(`SELECT id FROM Requirement WHERE projectId = ? AND deletedAt IS NULL AND status <> 'rejected' ORDER BY code`)
    .all(project.id)
    .map((r) => r.id)
  const candIds = sqlite
    .prepare('SELECT id FROM Candidate WHERE projectId = ? ORDER BY position')
    .all(project.id)
    .map((r) => r.id)
  sqlite.close()

  // 2. Recompute without HTTP: the model functions through tsx against the same database.
  const recomputeCode = `
    import path from 'node:path'
    import { pathToFileURL } from 'node:url'
    import { register } from 'tsx/esm/api'
    register({ tsconfig: path.resolve('tsconfig.json') })
    const { db, dbReady } = await import(pathToFileURL(path.resolve('app/utils/db.server.ts')).href)
    const m = await import(pathToFileURL(path.resolve('app/models/scoring.server.ts')).href)
    await dbReady()
    const { id } = await db.project.findUniqueOrThrow({ where: { slug: process.env.BENCH_SLUG }, select: { id: true } })
    const runs = Number(process.env.BENCH_RUNS)
    async function time(fn) {
      for (let i = 0; i < 3; i++) await fn()
      const xs = []
      for (let i = 0; i < runs; i++) { const t0 = performance.now(); await fn(); xs.push(performance.now() - t0) }
      return xs
    }
    const out = {
      candidateResults: await time(() => m.candidateResults(db, id)),
      scoringResults: await time(() => m.scoringResults(db, id, { heatmapLimit: 60 })),
      requirementWeights: await time(() => m.requirementWeights(db, id)),
      effectiveConsensus: await time(() => m.effectiveConsensus(db, id)),
    }
    const results = await m.candidateResults(db, id)
    out.check = results.map((r) => r.weightedScore.toFixed(1) + '%')
    await db.$disconnect()
    console.log(JSON.stringify(out))`
  // Asynchronous on purpose: a spawnSync would block this event loop while the server closes
  // the idle keep-alive socket, and the next POST would be written into the closed socket.
  async function recompute(label) {
    const child = spawn(process.execPath, ['--input-type=module', '-e', recomputeCode], {
      cwd: root,
      env: { ...env, BENCH_SLUG: slug, BENCH_RUNS: String(RECOMPUTE_RUNS) },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 300_000,
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c) => (stdout += c))
    child.stderr.on('data', (c) => (stderr += c))
    const code = await new Promise((resolve) => child.once('close', resolve))
    if (code !== 0) throw new Error(`recompute child failed (${code}):\n${stderr}`)
    const out = JSON.parse(stdout.trim().split('\n').at(-1))
    console.log(`\nRecompute, direct (tsx child, ${label}; weighted scores ${out.check.join(' / ')})`)
    line('candidateResults (weights, consensus, coverage)', fmt(out.candidateResults))
    line('scoringResults (+ heatmap, contributions, sensitivity)', fmt(out.scoringResults))
    line('  of which requirementWeights', fmt(out.requirementWeights))
    line('  of which effectiveConsensus', fmt(out.effectiveConsensus))
    return out
  }

  // 3. The server (start.mjs builds first when the build is stale).
  server = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const startDeadline = Date.now() + 10 * 60_000
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}) before answering`)
    if (Date.now() > startDeadline) throw new Error('the server did not answer /healthz within 10 minutes')
    try {
      if ((await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) })).ok) break
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100))
  }

  async function login(email) {
    const res = await fetch(`${base}/login`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ email, password }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    })
    await res.text()
    if (res.status !== 302 && res.status !== 303) throw new Error(`login ${email} answered ${res.status}`)
    return res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ')
  }

  const leadCookie = await login(lead[1])
  async function timeGet(url, cookie = leadCookie) {
    const t0 = performance.now()
    const r = await fetch(base + url, {
      headers: { Cookie: cookie },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    })
    const body = await r.text()
    if (r.status !== 200) throw new Error(`${url} answered ${r.status}`)
    return { ms: performance.now() - t0, body }
  }
  async function series(label, url, target) {
    for (let i = 0; i < 5; i++) await timeGet(url) // warm-up
    const times = []
    let bytes = 0
    for (let i = 0; i < RUNS; i++) {
      const { ms, body } = await timeGet(url)
      times.push(ms)
      bytes = body.length
    }
    line(label, `${fmt(times)}, ${(bytes / 1024).toFixed(0)} KiB`)
    if (target) check(`${label} p50`, pct(times, 50), target)
    return times
  }

  const matrix = `/p/${slug}/scoring`
  console.log(`\nServer on ${base}; ${RUNS} runs per page after 5 warm-up requests`)
  console.log('\nScoring matrix, lead, round 1 closed (consensus view, 25 rows × candidates)')
  await series('matrix, page 1', matrix, 200)
  await series('matrix, must only, page 5', `${matrix}?priority=must&page=5`, 200)

  console.log('\nResults page (recompute over HTTP: weights, consensus, coverage, sensitivity, SSR)')
  await series('results page', `${matrix}/results`, 150)

  const direct = await recompute('server idle')
  check('recompute direct: scoringResults p50', pct(direct.scoringResults, 50), 150)

  // The lead opens round 2 (the plain form post of the round panel).
  {
    const r = await fetch(base + matrix, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: leadCookie },
      body: new URLSearchParams({ intent: 'open', back: '' }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    })
    await r.text()
    if (r.status !== 302 && r.status !== 303) throw new Error(`opening round 2 answered ${r.status}`)
  }
  const check2 = new Database(dbFile, { readonly: true })
  const round2 = check2.prepare(`SELECT id, status FROM ScoringRound WHERE projectId = ? AND number = 2`).get(project.id)
  check2.close()
  if (round2?.status !== 'open') throw new Error('round 2 is not open after the lead opened it')

  console.log('\nScoring matrix, lead, round 2 open (own scores, a score form per cell)')
  await series('matrix, page 1 (open round)', matrix, 200)

  // Every successful save: the last value per (evaluator, requirement, candidate) must be what is stored.
  const expected = new Map()
  const rand = (n) => Math.floor(Math.random() * n)
  async function save(cookie, evaluatorId, mode) {
    const requirementId = reqIds[rand(reqIds.length)]
    const candidateId = candIds[rand(candIds.length)]
    const value = rand(4)
    const body = new URLSearchParams({
      intent: 'score',
      requirementId,
      candidateId,
      value: String(value),
      comment: '',
      basis: 'demo',
      back: '',
    })
    if (mode === 'fetcher') body.set('via', 'fetcher')
    const url = mode === 'fetcher' ? `${base}${matrix}.data` : base + matrix
    const t0 = performance.now()
    let status
    let ok = false
    try {
      const r = await fetch(url, {
        method: 'POST',
        headers: { Cookie: cookie },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      })
      const text = await r.text()
      status = r.status
      // fetcher: 200 with the action's data ({ ok: true }); form post: a redirect to the matrix.
      ok = mode === 'fetcher' ? status === 200 && text.includes('"ok",true') : status === 302 || status === 303
    } catch {
      status = -1
    }
    const ms = performance.now() - t0
    if (ok) expected.set(`${evaluatorId}|${requirementId}|${candidateId}`, value)
    return { ms, status, ok }
  }

  // 4. Sequential saves by one evaluator (a member made evaluator when there is one).
  const solo = evaluators[Math.min(evaluators.length - 1, heads + 1)]
  const soloCookie = await login(solo.email)
  console.log(`\nSaving one score, sequentially, as ${solo.email} (round 2 open)`)
  for (const mode of ['fetcher', 'form']) {
    for (let i = 0; i < 5; i++) await save(soloCookie, solo.id, mode)
    const times = []
    for (let i = 0; i < RUNS; i++) {
      const r = await save(soloCookie, solo.id, mode)
      if (!r.ok) throw new Error(`sequential save (${mode}) answered ${r.status}`)
      times.push(r.ms)
    }
    const label = mode === 'fetcher' ? 'save, fetcher POST scoring.data (JS on) → 200' : 'save, form POST (no JS) → 302'
    line(label, fmt(times))
    check(`${label} p50`, pct(times, 50), 30)
  }

  // 5. Concurrency: every evaluator logged in with their own session, saving random cells.
  console.log(`\nConcurrency: ${evaluators.length} evaluators, each its own session, saving random cells for ${DURATION_MS / 1000} s (fetcher POSTs)`)
  const cookies = []
  for (const e of evaluators) cookies.push(await login(e.email))
  const records = []
  const started = performance.now()
  const deadline = started + DURATION_MS
  await Promise.all(
    evaluators.map(async (e, i) => {
      for (let n = 0; n < MAX_REQUESTS_PER_EVALUATOR && performance.now() < deadline; n++) {
        records.push(await save(cookies[i], e.id, 'fetcher'))
      }
    }),
  )
  const elapsed = (performance.now() - started) / 1000
  const times = records.map((r) => r.ms)
  const errors = records.filter((r) => !r.ok)
  const byStatus = {}
  for (const r of records) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1
  line('requests', `${records.length} in ${elapsed.toFixed(1)} s = ${(records.length / elapsed).toFixed(1)} req/s; statuses ${JSON.stringify(byStatus)}`)
  line('latency', `${fmt(times)}, p99 ${pct(times, 99).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`)

  // Lost writes: read back round 2.
  const verify = new Database(dbFile, { readonly: true })
  const stored = verify.prepare('SELECT evaluatorId, requirementId, candidateId, value FROM Score WHERE roundId = ?').all(round2.id)
  verify.close()
  const storedMap = new Map(stored.map((s) => [`${s.evaluatorId}|${s.requirementId}|${s.candidateId}`, s.value]))
  let missing = 0
  let wrong = 0
  for (const [key, value] of expected) {
    if (!storedMap.has(key)) missing++
    else if (storedMap.get(key) !== value) wrong++
  }
  const extra = [...storedMap.keys()].filter((k) => !expected.has(k)).length
  line('errors (non-2xx/3xx or refused)', `${errors.length}`)
  line(
    'lost writes',
    `${missing + wrong} (missing ${missing}, value differs ${wrong}); round-2 rows ${stored.length} vs distinct cells saved ${expected.size}` +
      ` (incl. the sequential saves), rows never saved ${extra}`,
  )
  summary.push({
    label: 'concurrency errors',
    value: errors.length,
    target: 0,
    ok: errors.length === 0,
  })
  const lost = missing + wrong + extra + Math.abs(stored.length - expected.size)
  summary.push({
    label: 'concurrency lost writes / row-count mismatch',
    value: lost,
    target: 0,
    ok: lost === 0,
  })
  check('concurrent save p95', pct(times, 95), 250)

  console.log('\nSummary')
  for (const s of summary)
    console.log(
      `  ${s.ok ? 'ok    ' : 'MISSED'} ${s.label}: ${typeof s.value === 'number' && !Number.isInteger(s.value) ? s.value.toFixed(1) : s.value} (target ≤ ${s.target})`,
    )
  if (summary.some((s) => !s.ok)) process.exitCode = 1
} finally {
  if (server && server.exitCode === null) {
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
  fs.rmSync(dir, { recursive: true, force: true })
}
