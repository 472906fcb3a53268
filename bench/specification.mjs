// Specification benchmark (issue 5): generates the large project with evaluation data and two
// issued specification versions (`seed --large --requirements 600 --candidates 5 --versions 2`;
// version 2 sharpens the acceptance criteria of a few requirements) in a temporary database and
// measures:
//   1. over loopback (production build, logged in as the lead): the specification page
//      `/p/<slug>/specification` (builds the draft and renders its preview), the version page
//      `/p/<slug>/specification/v/1` and the diff page `…/specification/diff?from=1&to=2` —
//      p50/p95 of the full response;
//   2. in a tsx child process against the same database (server idle): buildSpecDocument for
//      the draft, issueVersion (build + completeness + canonical JSON + hash + write; each run
//      issues one more version, allowUnchanged) with its phases timed alone, diffSpecVersions
//      of versions 1 and 2, and the server-side render of the preview (SpecPreview) alone.
// Targets on p50: build ≤ 300 ms, issue ≤ 600 ms, preview page ≤ 500 ms, diff ≤ 300 ms.
// Exits 1 when a target is missed. Run from the repository root:
//   node bench/specification.mjs [--requirements 600] [--candidates 5] [--runs 20]
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { login, migrateAndSeedLarge, root, startServer, stopServer } from './lib.mjs'

const { values } = parseArgs({
  options: {
    requirements: { type: 'string', default: '600' },
    candidates: { type: 'string', default: '5' },
    runs: { type: 'string', default: '20' },
  },
})
const RUNS = Math.max(1, Math.min(500, Number(values.runs)))
const WARMUP = 3
const REQUEST_TIMEOUT_MS = 60_000

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specwright-specification-'))
const dbFile = path.join(dir, 'bench.db')
const port = 4100 + Math.floor(Math.random() * 40)
const base = `http://127.0.0.1:${port}`
const env = {
  ...process.env,
  DATABASE_URL: `file:${dbFile}`,
  PORT: String(port),
  HOST: '127.0.0.1',
  NODE_ENV: 'production',
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

// The model code, run through tsx against the bench database while the server is idle.
const directCode = `
  import path from 'node:path'
  import { pathToFileURL } from 'node:url'
  import { register } from 'tsx/esm/api'
  register({ tsconfig: path.resolve('tsconfig.json') })
  const load = (p) => import(pathToFileURL(path.resolve(p)).href)
  const { db, dbReady } = await load('app/utils/db.server.ts')
  const { buildSpecDocument } = await load('app/document/build.server.ts')
  const { builderInput, getDraft } = await load('app/models/spec-draft.server.ts')
  const { getVersion, issueVersion } = await load('app/models/spec-version.server.ts')
  const { diffSpecVersions } = await load('app/document/diff.ts')
  const { canonicalJson } = await load('app/utils/canonical-json.ts')
  const { specContentHash } = await load('app/document/hash.ts')
  const { SpecPreview } = await load('app/document/render-html.tsx')
  const { createElement } = await import('react')
  const { renderToString } = await import('react-dom/server')
  await dbReady()
  const project = await db.project.findUniqueOrThrow({ where: { slug: process.env.BENCH_SLUG }, select: { id: true } })
  const lead = await db.user.findUniqueOrThrow({ where: { email: process.env.BENCH_LEAD }, select: { id: true } })
  const runs = Number(process.env.BENCH_RUNS)
  async function time(fn) {
    for (let i = 0; i < ${WARMUP}; i++) await fn()
    const xs = []
    for (let i = 0; i < runs; i++) { const t0 = performance.now(); await fn(); xs.push(performance.now() - t0) }
    return xs
  }
  const draft = await getDraft(db, project.id)
  const input = builderInput(draft)
  const built = await buildSpecDocument(db, project.id, input)
  const out = {
    draftAndBuild: await time(async () => buildSpecDocument(db, project.id, builderInput(await getDraft(db, project.id)))),
    build: await time(() => buildSpecDocument(db, project.id, input)),
    canonical: await time(() => { canonicalJson(built.document); canonicalJson(built.data); canonicalJson(input) }),
    hash: await time(() => specContentHash(built.document)),
    preview: await time(() => renderToString(createElement(SpecPreview, { document: built.document }))),
  }
  const [v1, v2] = await Promise.all([getVersion(db, project.id, 1), getVersion(db, project.id, 2)])
  out.getVersion = await time(() => getVersion(db, project.id, 2))
  out.diff = await time(() => diffSpecVersions({ number: 1, document: v1.document, data: v1.data }, { number: 2, document: v2.document, data: v2.data }))
  const diff = diffSpecVersions({ number: 1, document: v1.document, data: v1.data }, { number: 2, document: v2.document, data: v2.data })
  out.diffRequirements = diff.requirements.length
  out.diffSections = diff.sections.length
  const issued = []
  out.issue = await time(async () => {
    const r = await issueVersion(db, { projectId: project.id, actorId: lead.id, allowUnchanged: true })
    if (!r.ok) throw new Error('issueVersion refused: ' + JSON.stringify(r).slice(0, 500))
    issued.push(r.number)
  })
  out.issuedUpTo = Math.max(...issued)
  out.documentBytes = Buffer.byteLength(canonicalJson(built.document))
  out.dataBytes = Buffer.byteLength(canonicalJson(built.data))
  out.sections = built.document.sections.length
  out.requirementsInData = built.data.requirements.length
  await db.$disconnect()
  console.log(JSON.stringify(out))`

async function direct(slug, leadEmail) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', directCode], {
    cwd: root,
    env: { ...env, BENCH_SLUG: slug, BENCH_LEAD: leadEmail, BENCH_RUNS: String(RUNS) },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 600_000,
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c) => (stdout += c))
  child.stderr.on('data', (c) => (stderr += c))
  const code = await new Promise((resolve) => child.once('close', resolve))
  if (code !== 0) throw new Error(`direct child failed (${code}):\n${stderr}`)
  return JSON.parse(stdout.trim().split('\n').at(-1))
}

let server
try {
  // 1. The database: migrations, then the large project with two issued versions.
  const seedStarted = performance.now()
  const { seeded, slug, lead } = migrateAndSeedLarge(env, ['--requirements', values.requirements, '--candidates', values.candidates, '--versions', '2'])
  console.log(seeded.trim())
  console.log(`(seed took ${((performance.now() - seedStarted) / 1000).toFixed(1)} s)`)
  if (!/specification version 2 issued/.test(seeded)) throw new Error('the seed did not issue version 2')

  // 2. The server (start.mjs builds first when the build is stale), then the pages.
  server = await startServer(env, base)
  const cookie = await login(base, lead, REQUEST_TIMEOUT_MS)

  async function timeGet(url) {
    const t0 = performance.now()
    const r = await fetch(base + url, { headers: { Cookie: cookie }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
    const body = await r.text()
    if (r.status !== 200) throw new Error(`${url} answered ${r.status}`)
    return { ms: performance.now() - t0, body }
  }
  async function series(label, url, target, mustContain) {
    for (let i = 0; i < WARMUP; i++) await timeGet(url)
    const times = []
    let body = ''
    for (let i = 0; i < RUNS; i++) {
      const r = await timeGet(url)
      times.push(r.ms)
      body = r.body
    }
    if (mustContain && !body.includes(mustContain)) throw new Error(`${url} does not show "${mustContain}"`)
    line(label, `${fmt(times)}, ${(Buffer.byteLength(body) / 1024).toFixed(0)} KiB`)
    if (target) check(`${label} p50`, pct(times, 50), target)
    return times
  }

  const spec = `/p/${slug}/specification`
  const cpus = os.cpus()
  console.log(`\nmachine: ${cpus.length} × ${cpus[0]?.model ?? '?'}, Node ${process.version}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`)
  console.log(`\nServer on ${base}; ${RUNS} runs per page after ${WARMUP} warm-up requests, logged in as the lead`)
  await series('specification page (draft build + preview SSR)', spec, 500, 'spec-preview')
  await series('version 1 page', `${spec}/v/1`, null, 'spec-preview')
  await series('diff page, versions 1 → 2', `${spec}/diff?from=1&to=2`, null)

  // 3. The model code alone (server idle).
  const d = await direct(slug, lead.email)
  console.log(
    `\nDirect, tsx child (${RUNS} runs after ${WARMUP} warm-up): document ${(d.documentBytes / 1024).toFixed(0)} KiB canonical JSON, ` +
      `data ${(d.dataBytes / 1024).toFixed(0)} KiB, ${d.sections} top-level sections, ${d.requirementsInData} requirements in the snapshot`,
  )
  line('buildSpecDocument (draft already loaded)', fmt(d.build))
  line('  getDraft + buildSpecDocument', fmt(d.draftAndBuild))
  check('buildSpecDocument p50', pct(d.build, 50), 300)
  line('issueVersion (whole transaction)', `${fmt(d.issue)} (issued versions 3–${d.issuedUpTo})`)
  line('  of which canonical JSON (document + data + draft)', fmt(d.canonical))
  line('  of which content hash (canonical JSON + SHA-256)', fmt(d.hash))
  check('issueVersion p50', pct(d.issue, 50), 600)
  line('diffSpecVersions, versions 1 → 2', `${fmt(d.diff)} (${d.diffRequirements} requirements, ${d.diffSections} sections changed)`)
  line('  getVersion (read + JSON.parse one version)', fmt(d.getVersion))
  check('diffSpecVersions p50', pct(d.diff, 50), 300)
  line('SpecPreview renderToString alone', fmt(d.preview))

  console.log('\nSummary')
  for (const s of summary) console.log(`  ${s.ok ? 'ok    ' : 'MISSED'} ${s.label}: ${s.value.toFixed(1)} ms (target ≤ ${s.target} ms)`)
  if (summary.some((s) => !s.ok)) process.exitCode = 1
} finally {
  await stopServer(server)
  fs.rmSync(dir, { recursive: true, force: true })
}
