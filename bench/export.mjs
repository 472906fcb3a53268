// Export benchmark (issue 6): generates the large project with an issued specification
// (`seed --large --requirements 600 --candidates 4 --versions 1`) in a temporary database and
// measures the export code path of the UI and the CLI (exportSpecification) for version 1:
//   1. time: DOCX, PDF and Markdown of the issued version, each format in its own tsx child that
//      exports once to warm up (renderer loaded, JIT warm — as in a running server) and then
//      --runs times; the median of those runs counts (the first, cold call is printed too);
//   2. peak RSS: each format exported exactly once by the command line (`specwright export`,
//      as an operator runs it) under `/usr/bin/time -v`, next to `specwright projects` (the
//      command's floor: it loads Prisma and renders nothing); the render process the command
//      forks is measured on its own (its VmHWM, polled every 50 ms from /proc);
//   3. the production server (built by scripts/start.mjs when stale, after any other running
//      `react-router build` finishes), a fresh `node server.mjs` per format: the download over
//      loopback (first and warm), the server's resident set idle vs its peak (VmHWM) after, and
//      the peak of its render process;
//   4. the peers, when installed: `pandoc -f gfm -t docx` on our Markdown export, and LibreOffice
//      headless turning our DOCX into PDF (after one untimed conversion that creates its profile);
//   5. the signed version (both signers sign version 1): the sealed PDF export (official DOCX +
//      PDF with the DOCX attached + PAdES seal + both stored) from scratch, its phases alone
//      (renderDocx, renderPdf with the attachment, sealPdf), a second, stored download, its peak
//      RSS through the command line, and the same from the server (stored copies dropped before
//      each download); then, in a fresh server, the latency of `GET /healthz` every 20 ms while a
//      sealed PDF and a DOCX render at once (other requests must not wait more than 300 ms).
// Targets: DOCX ≤ 0.25 × pandoc and PDF of the issued version ≤ 0.15 × LibreOffice (our warm
// median from step 1), peak RSS of an export ≤ 300 MB: checked for every process an export
// runs in — the command's, the server's, and the render process of each. Exits 1 when a target
// is missed.
// Run from the repository root:
//   node bench/export.mjs [--requirements 600] [--candidates 4] [--runs 3] [--peer-runs 3]
//                         [--inline] [--keep DIR] [--cpu-prof DIR]
// Exports render in the render process as in the server and the CLI; --inline renders in the
// timing children themselves. --keep copies the exported files there; --cpu-prof writes a V8 CPU
// profile of each timing child to DIR and prints the functions with the most self time (the
// render process is not profiled, so profile with --inline).
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { login, migrateAndSeedLarge, root, runNode, startServer as startProductionServer, stopServer as stopProductionServer } from './lib.mjs'

const { values } = parseArgs({
  options: {
    requirements: { type: 'string', default: '600' },
    candidates: { type: 'string', default: '4' },
    runs: { type: 'string', default: '3' },
    'peer-runs': { type: 'string', default: '3' },
    keep: { type: 'string' },
    'cpu-prof': { type: 'string' },
    inline: { type: 'boolean', default: false },
  },
})
const RUNS = Math.max(1, Math.min(50, Number(values.runs)))
const PEER_RUNS = Math.max(1, Math.min(10, Number(values['peer-runs'])))
// blockMs: the "never block other requests for more than a few hundred ms".
const TARGET = { docxRatio: 0.25, pdfRatio: 0.15, rssMb: 300, blockMs: 300 }

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specwright-export-'))
const dbFile = path.join(dir, 'bench.db')
const files = path.join(dir, 'files')
fs.mkdirSync(files)
const profDir = values['cpu-prof'] ? path.resolve(values['cpu-prof']) : null
// The server and the CLI render in the render process (render-pool.server.ts); --inline in the caller.
const env = { ...process.env, DATABASE_URL: `file:${dbFile}`, NODE_ENV: 'production', SPECWRIGHT_RENDER_INLINE: values.inline ? '1' : '0' }

const run = (args) => runNode(env, args)
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const ms = (x) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`)
const times = (xs) => `median ${ms(median(xs))} (${xs.map(ms).join(', ')})`
const kib = (n) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MiB` : `${(n / 1024).toFixed(0)} KiB`)
const line = (label, text) => console.log(`${label.padEnd(50)} ${text}`)
const summary = []
function check(label, value, target, unit) {
  const ok = value <= target
  summary.push({ label, value, target, unit, ok })
  line(`  → ${label}`, ok ? `ok (${value.toFixed(2)}${unit} ≤ ${target}${unit})` : `MISSED: ${value.toFixed(2)}${unit} > ${target}${unit} (×${(value / target).toFixed(1)} over)`)
}

// One child = one process exporting through the app's own code (tsx), as the server or CLI would.
const childCode = `
  import fs from 'node:fs'
  import path from 'node:path'
  import { pathToFileURL } from 'node:url'
  import { register } from 'tsx/esm/api'
  register({ tsconfig: path.resolve('tsconfig.json') })
  const load = (p) => import(pathToFileURL(path.resolve(p)).href)
  const { db, dbReady } = await load('app/utils/db.server.ts')
  const ex = await load('app/document/export.server.ts')
  const versions = await load('app/models/spec-version.server.ts')
  await dbReady()
  const E = process.env
  const project = await db.project.findUniqueOrThrow({ where: { slug: E.BENCH_SLUG }, select: { id: true, slug: true } })
  const number = Number(E.BENCH_VERSION)
  const target = { kind: 'version', number }
  const runs = Number(E.BENCH_RUNS)
  const out = {}
  const keep = (name, bytes) => E.BENCH_OUT && fs.writeFileSync(path.join(E.BENCH_OUT, name), bytes)
  // The signed version's official files are made once and stored: drop them to make them again.
  async function dropOfficial() {
    const v = await db.specVersion.findUniqueOrThrow({ where: { projectId_number: { projectId: project.id, number } }, select: { id: true } })
    await db.specFile.deleteMany({ where: { versionId: v.id } })
  }
  async function exportOnce(format, fresh) {
    if (fresh) await dropOfficial()
    const t0 = performance.now()
    const r = await ex.exportSpecification(db, project, target, format)
    return { ms: performance.now() - t0, bytes: r.bytes }
  }
  async function series(fn) {
    const first = await fn()
    const xs = []
    let last = first
    for (let i = 0; i < runs; i++) { last = await fn(); xs.push(last.ms) }
    return { cold: first.ms, runs: xs, size: last.bytes.length, bytes: last.bytes }
  }
  const timed = async (f) => { const t0 = performance.now(); const value = await f(); return { ms: performance.now() - t0, bytes: value } }
  if (E.BENCH_MODE === 'time') {
    const s = await series(() => exportOnce(E.BENCH_FORMAT, E.BENCH_FRESH === '1'))
    keep(E.BENCH_NAME, s.bytes)
    delete s.bytes
    Object.assign(out, s)
    if (E.BENCH_FRESH === '1') out.stored = (await series(() => exportOnce(E.BENCH_FORMAT, false))).runs
  } else if (E.BENCH_MODE === 'phases') {
    // The sealed export's steps one by one, on the document with its signatures.
    const { renderDocx } = await load('app/document/render-docx.server.ts')
    const { renderPdf } = await load('app/document/render-pdf.server.ts')
    const { sealPdf } = await load('app/document/seal.server.ts')
    const { env } = await load('app/utils/env.server.ts')
    const read = await series(() => timed(() => versions.getVersion(db, project.id, number)))
    const v = await versions.getVersion(db, project.id, number)
    const doc = versions.documentWithSignatures(v)
    const stamp = { status: v.status === 'signed' ? 'signed' : 'issued', versionNumber: v.number, versionId: v.id, contentHash: v.contentHash, projectSlug: project.slug }
    const docx = await series(() => timed(() => renderDocx(doc, stamp)))
    const attachments = v.status === 'signed' ? [{ name: 'official.docx', data: docx.bytes, mime: ex.CONTENT_TYPES.docx }] : []
    const pdf = await series(() => timed(() => renderPdf(doc, stamp, { attachments })))
    const seal = await series(() => timed(() => sealPdf(pdf.bytes, { dataDir: env().dataDir, reason: 'bench' })))
    for (const [k, s] of Object.entries({ read, docx, pdf, seal })) { delete s.bytes; delete s.size; out[k] = s }
  }
  await db.$disconnect()
  console.log(JSON.stringify(out))`

/** Runs a timing child (tsx, the app's code in-process); returns its JSON. */
async function child(vars, { profile = null } = {}) {
  const nodeArgs = [...(profile ? ['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-name', `${profile}.cpuprofile`] : []), '-e', childCode]
  const p = spawn(process.execPath, nodeArgs, {
    cwd: root,
    env: { ...env, BENCH_SLUG: slug, BENCH_VERSION: '1', BENCH_RUNS: String(RUNS), BENCH_OUT: files, ...vars },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 900_000,
  })
  let stdout = ''
  let stderr = ''
  p.stdout.on('data', (c) => (stdout += c))
  p.stderr.on('data', (c) => (stderr += c))
  const code = await new Promise((resolve) => p.once('close', resolve))
  if (code !== 0) throw new Error(`export child ${JSON.stringify(vars)} failed (${code}):\n${stderr.slice(-4000)}`)
  return JSON.parse(stdout.trim().split('\n').at(-1))
}

/** Peak resident set (MB) of a process from /proc, or null when it is gone. */
function peakOf(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN) / 1024
  } catch {
    return null
  }
}

/**
 * Watches the render processes (render-worker.mjs) among the descendants of `pid`, every 50 ms,
 * and keeps the highest peak RSS any of them reached: `time -v` and VmHWM see one process only.
 */
function watchRenderProcesses(pid) {
  let peak = 0
  const read = (file) => {
    try {
      return fs.readFileSync(file, 'utf8')
    } catch {
      return '' // the process has gone
    }
  }
  // /proc/<pid>/task/<pid>/children: the main thread's children (forks come from it).
  const children = (p) => read(`/proc/${p}/task/${p}/children`).split(' ').filter(Boolean).map(Number)
  const poll = () => {
    for (let todo = [pid], p; (p = todo.pop()) !== undefined; ) {
      for (const c of children(p)) {
        todo.push(c)
        if (read(`/proc/${c}/cmdline`).includes('render-worker.mjs')) peak = Math.max(peak, peakOf(c) ?? 0)
      }
    }
  }
  const timer = setInterval(poll, 50)
  return {
    stop() {
      clearInterval(timer)
      return peak
    },
  }
}

/** `specwright <args>` under /usr/bin/time -v: its wall time, peak RSS, and its render process's peak (MB). */
async function cli(args) {
  const useTime = fs.existsSync('/usr/bin/time')
  const argv = [process.execPath, 'bin/specwright.mjs', ...args]
  const p = spawn(useTime ? '/usr/bin/time' : argv[0], useTime ? ['-v', ...argv] : argv.slice(1), { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const watch = watchRenderProcesses(p.pid)
  let stderr = ''
  p.stdout.resume()
  p.stderr.on('data', (c) => (stderr += c))
  const t0 = performance.now()
  const code = await new Promise((resolve) => p.once('close', resolve))
  const renderMb = watch.stop()
  if (code !== 0) throw new Error(`specwright ${args.join(' ')} failed (${code}):\n${stderr.slice(-3000)}`)
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]
  return { ms: performance.now() - t0, rssMb: kb ? Number(kb) / 1024 : NaN, renderMb }
}

/** Deletes the stored official copies of version 1, so the next signed export makes them again. */
async function dropOfficialCopies() {
  const Database = (await import('better-sqlite3')).default
  const sqlite = new Database(dbFile)
  sqlite.prepare('DELETE FROM SpecFile WHERE versionId IN (SELECT v.id FROM SpecVersion v JOIN Project p ON p.id = v.projectId WHERE p.slug = ? AND v.number = 1)').run(slug)
  sqlite.close()
}

/** Wall time of an external command (ms), its peak RSS (MB) when /usr/bin/time is there. */
function peer(cmd, args) {
  const useTime = fs.existsSync('/usr/bin/time')
  const t0 = performance.now()
  const r = useTime ? spawnSync('/usr/bin/time', ['-v', cmd, ...args], { encoding: 'utf8' }) : spawnSync(cmd, args, { encoding: 'utf8' })
  const took = performance.now() - t0
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}):\n${(r.stderr ?? '').slice(-2000)}`)
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '')?.[1]
  return { ms: took, rssMb: kb ? Number(kb) / 1024 : null }
}

function pdfPages(file) {
  if (!has('pdfinfo')) return null
  const r = spawnSync('pdfinfo', [file], { encoding: 'utf8' })
  return Number(/^Pages:\s+(\d+)/m.exec(r.stdout)?.[1] ?? NaN)
}

/** The functions with the most self time in a V8 CPU profile. */
function topSelfTime(file, n = 12) {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8'))
  const self = new Map()
  const byId = new Map(prof.nodes.map((node) => [node.id, node]))
  const dt = prof.timeDeltas
  for (let i = 0; i < prof.samples.length; i++) {
    const f = byId.get(prof.samples[i]).callFrame
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/app\//, 'app/')}:${f.lineNumber + 1}`
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000)
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0)
  console.log(`  ${path.basename(file)}: ${ms(total)} sampled; top self time:`)
  for (const [key, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`    ${ms(t).padStart(8)} ${((100 * t) / total).toFixed(1).padStart(5)}%  ${key}`)
}

// ── The production server: the same exports over HTTP, its memory read from /proc ──────────

const port = 4150 + Math.floor(Math.random() * 40)
const base = `http://127.0.0.1:${port}`
const serverEnv = { ...env, PORT: String(port), HOST: '127.0.0.1' }
delete serverEnv.SPECWRIGHT_RENDER_INLINE // the server renders in its render process
let server = null

/** scripts/start.mjs the first time (it builds when the build is stale), then `node server.mjs` alone. */
async function startServer(viaStart) {
  server = await startProductionServer(serverEnv, base, viaStart ? 'scripts/start.mjs' : 'server.mjs')
}

async function stopServer() {
  await stopProductionServer(server)
}

/** The server process's resident set now and its peak so far (MB), from /proc (Linux). */
function serverMemory() {
  const status = fs.readFileSync(`/proc/${server.pid}/status`, { encoding: 'utf8', flag: 'r' })
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 }
}

/**
 * A fresh server per measurement: log in, read its idle memory, download the export RUNS + 1
 * times (the first starts the render process), then read its peak and its render process's. `before` runs before each
 * download (the sealed export drops the stored official files there).
 */
async function serverExports(credentials, url, before = () => {}) {
  await startServer(false)
  try {
    const cookie = await login(base, credentials)
    const idle = serverMemory()
    const watch = watchRenderProcesses(server.pid)
    const xs = []
    let size = 0
    for (let i = 0; i <= RUNS; i++) {
      await before()
      const t0 = performance.now()
      const r = await fetch(base + url, { headers: { Cookie: cookie }, signal: AbortSignal.timeout(600_000) })
      const body = Buffer.from(await r.arrayBuffer())
      if (r.status !== 200) throw new Error(`${url} answered ${r.status}: ${body.toString('utf8', 0, 300)}`)
      xs.push(performance.now() - t0)
      size = body.length
    }
    return { cold: xs[0], runs: xs.slice(1), size, idle, after: serverMemory(), renderMb: watch.stop() }
  } finally {
    await stopServer()
  }
}

/**
 * Whether exports hold up other requests: a fresh server, `GET /healthz` (a database round
 * trip) every 20 ms, first idle for 2 s, then while `urls` download at once. Their latencies (ms).
 */
async function responsiveness(credentials, urls, before = () => {}) {
  await startServer(false)
  try {
    const cookie = await login(base, credentials)
    const probe = async (until) => {
      const xs = []
      while (!until()) {
        const t0 = performance.now()
        await (await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(30_000) })).text()
        xs.push(performance.now() - t0)
        await new Promise((r) => setTimeout(r, 20))
      }
      const sorted = xs.sort((a, b) => a - b)
      return { n: xs.length, p50: sorted[Math.floor(xs.length / 2)], p99: sorted[Math.floor(xs.length * 0.99)], max: sorted.at(-1) }
    }
    const quietUntil = Date.now() + 2000
    const idle = await probe(() => Date.now() > quietUntil)
    await before()
    let done = false
    const downloads = Promise.all(
      urls.map(async (url) => {
        const r = await fetch(base + url, { headers: { Cookie: cookie }, signal: AbortSignal.timeout(600_000) })
        await r.arrayBuffer()
        if (r.status !== 200) throw new Error(`${url} answered ${r.status}`)
      }),
    ).finally(() => (done = true))
    const busy = await probe(() => done)
    await downloads
    return { idle, busy }
  } finally {
    await stopServer()
  }
}

let slug
try {
  // 1. The database: migrations, then the large project with version 1 issued.
  const large = migrateAndSeedLarge(env, ['--requirements', values.requirements, '--candidates', values.candidates, '--versions', '1'])
  console.log(large.seeded.trim())
  slug = large.slug
  if (profDir) fs.mkdirSync(profDir, { recursive: true })
  const cpus = os.cpus()
  console.log(`\nmachine: ${cpus.length} × ${cpus[0]?.model ?? '?'}, Node ${process.version}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`)

  // 2. Our exports of the issued version: time, then peak RSS of one export per process.
  console.log(`\nExports of issued version 1 (exportSpecification, ${values.inline ? 'inline' : 'render process'}; ${RUNS} runs after one warm-up export in the same process)`)
  const ours = {}
  for (const format of ['md', 'docx', 'pdf']) {
    const t = await child({ BENCH_MODE: 'time', BENCH_FORMAT: format, BENCH_NAME: `ours.${format}` }, { profile: profDir ? `issued-${format}` : null })
    ours[format] = t
    line(`${format.toUpperCase()} export`, `${times(t.runs)}; first (cold) ${ms(t.cold)}; ${kib(t.size)}`)
  }
  const pages = pdfPages(path.join(files, 'ours.pdf'))
  if (pages !== null) line('PDF pages (pdfinfo)', String(pages))

  console.log('\nPeak RSS of one export through the command line (`specwright export`, a fresh process each), and of its render process')
  const floor = await cli(['projects'])
  line('`specwright projects` (the command floor)', `${floor.rssMb.toFixed(0)} MB`)
  const rss = {}
  for (const format of ['md', 'docx', 'pdf']) {
    const r = await cli(['export', '--project', slug, '--version', '1', '--format', format, '--out', path.join(files, `cli.${format}`)])
    rss[format] = r
    line(`${format.toUpperCase()} export, peak RSS`, `command ${r.rssMb.toFixed(0)} MB (+${(r.rssMb - floor.rssMb).toFixed(0)} MB over its floor), render process ${r.renderMb.toFixed(0)} MB; ${ms(r.ms)} in all, cold`)
  }

  // The same exports from the production server (render process), a fresh server each.
  const credentials = large.lead
  const exportUrl = (format) => `/p/${slug}/specification/export?version=1&format=${format}`
  const served = {}
  if (fs.existsSync('/proc/self/status')) {
    await startServer(true) // builds when stale; the measurements restart `node server.mjs` alone
    await stopServer()
    console.log(`\nProduction server, a fresh process per format: GET …/export?version=1&format=… (${RUNS} runs after the first, which starts the render process)`)
    for (const format of ['md', 'docx', 'pdf']) {
      const r = await serverExports(credentials, exportUrl(format))
      served[format] = r
      line(`${format.toUpperCase()} download`, `${times(r.runs)}; first ${ms(r.cold)}; RSS idle ${r.idle.rss.toFixed(0)} MB → peak ${r.after.peak.toFixed(0)} MB (+${(r.after.peak - r.idle.rss).toFixed(0)} MB), ${r.after.rss.toFixed(0)} MB after; render process peak ${r.renderMb.toFixed(0)} MB`)
    }
  }

  // 3. The peers on the same content.
  console.log(`\nPeers (${PEER_RUNS} runs each, median)`)
  const peers = {}
  if (has('pandoc')) {
    const xs = []
    let r
    for (let i = 0; i < PEER_RUNS; i++) {
      r = peer('pandoc', ['-f', 'gfm', '-t', 'docx', path.join(files, 'ours.md'), '-o', path.join(files, 'pandoc.docx')])
      xs.push(r.ms)
    }
    peers.pandoc = median(xs)
    line('pandoc -f gfm -t docx (our Markdown)', `${times(xs)}; peak RSS ${r.rssMb?.toFixed(0) ?? '?'} MB; ${kib(fs.statSync(path.join(files, 'pandoc.docx')).size)}`)
  } else line('pandoc', 'not installed: DOCX ratio not measured')
  if (has('soffice')) {
    const profile = path.join(os.tmpdir(), `lo-bench-${process.pid}`)
    const lo = path.join(files, 'lo')
    const convert = () => peer('soffice', ['--headless', `-env:UserInstallation=file://${profile}`, '--convert-to', 'pdf', '--outdir', lo, path.join(files, 'ours.docx')])
    try {
      const first = convert() // creates the LibreOffice profile: not counted
      const xs = []
      let r
      for (let i = 0; i < PEER_RUNS; i++) {
        r = convert()
        xs.push(r.ms)
      }
      peers.soffice = median(xs)
      const loPages = pdfPages(path.join(lo, 'ours.pdf'))
      line('LibreOffice headless: our DOCX → PDF', `${times(xs)} (first, with profile creation, ${ms(first.ms)}); peak RSS ${r.rssMb?.toFixed(0) ?? '?'} MB; ${loPages ?? '?'} pages`)
    } finally {
      fs.rmSync(profile, { recursive: true, force: true })
    }
  } else line('soffice', 'not installed: PDF ratio not measured')

  // 4. Sign version 1 (the lead for the client, then the vendor), then the sealed export.
  const signed = run([
    '--input-type=module',
    '-e',
    `import path from 'node:path'
     import { pathToFileURL } from 'node:url'
     import { register } from 'tsx/esm/api'
     register({ tsconfig: path.resolve('tsconfig.json') })
     const load = (p) => import(pathToFileURL(path.resolve(p)).href)
     const { db, dbReady } = await load('app/utils/db.server.ts')
     const m = await load('app/models/spec-version.server.ts')
     await dbReady()
     const project = await db.project.findUniqueOrThrow({ where: { slug: ${JSON.stringify(slug)} }, select: { id: true } })
     let v = await m.getVersion(db, project.id, 1)
     let status
     for (const s of v.signers) {
       const challenge = await m.createSigningChallenge(db, s.id)
       const r = await m.signVersion(db, { projectId: project.id, number: 1, userId: s.userId, challenge, confirmedHash: v.contentHash, fullName: s.user.name, position: s.role, ip: '127.0.0.1', userAgent: 'bench/export.mjs' })
       if (!r.ok) throw new Error('signing refused: ' + r.reason)
       status = r.status
     }
     await db.$disconnect()
     console.log(status + ' by ' + v.signers.map((s) => s.party).join(' + '))`,
  ])
  console.log(`\nVersion 1 ${signed.trim()}: the sealed PDF export (official DOCX made, attached, PAdES seal, both stored)`)
  const sealed = await child({ BENCH_MODE: 'time', BENCH_FORMAT: 'pdf', BENCH_FRESH: '1', BENCH_NAME: 'sealed.pdf' }, { profile: profDir ? 'sealed-pdf' : null })
  line('sealed PDF export from scratch', `${times(sealed.runs)}; first (cold) ${ms(sealed.cold)}; ${kib(sealed.size)}`)
  line('  the same download again (stored copy)', times(sealed.stored))
  const phases = await child({ BENCH_MODE: 'phases' })
  line('  phase: getVersion (read + parse)', times(phases.read.runs))
  line('  phase: renderDocx (signed)', times(phases.docx.runs))
  line('  phase: renderPdf (signed, DOCX attached)', times(phases.pdf.runs))
  line('  phase: sealPdf', times(phases.seal.runs))
  await dropOfficialCopies()
  const sealedRss = await cli(['export', '--project', slug, '--version', '1', '--format', 'pdf', '--out', path.join(files, 'sealed-cli.pdf')])
  line('sealed PDF export from scratch, peak RSS', `command ${sealedRss.rssMb.toFixed(0)} MB, render process ${sealedRss.renderMb.toFixed(0)} MB; ${ms(sealedRss.ms)} in all, cold`)
  const sealedPages = pdfPages(path.join(files, 'sealed.pdf'))
  if (sealedPages !== null) line('sealed PDF pages (pdfinfo)', String(sealedPages))

  if (fs.existsSync('/proc/self/status')) {
    const r = await serverExports(credentials, exportUrl('pdf'), dropOfficialCopies)
    served.sealed = r
    line('sealed PDF download, production server', `${times(r.runs)} (stored copies dropped before each); first ${ms(r.cold)}; RSS idle ${r.idle.rss.toFixed(0)} MB → peak ${r.after.peak.toFixed(0)} MB (+${(r.after.peak - r.idle.rss).toFixed(0)} MB), ${r.after.rss.toFixed(0)} MB after; render process peak ${r.renderMb.toFixed(0)} MB`)
    // Do exports hold up other requests? A fresh server renders a sealed PDF and a DOCX at once.
    const lag = await responsiveness(credentials, [exportUrl('pdf'), exportUrl('docx')], dropOfficialCopies)
    const stats = (x) => `p50 ${ms(x.p50)}, p99 ${ms(x.p99)}, max ${ms(x.max)} (${x.n} requests)`
    line('GET /healthz every 20 ms, server idle', stats(lag.idle))
    line('  while a sealed PDF and a DOCX render (cold)', stats(lag.busy))
    served.lag = lag.busy.max
  }

  // 5. Verdicts: the issued version's PDF is the fair comparison with LibreOffice (no seal, no attachment).
  console.log('\nTargets')
  if (peers.pandoc) check('DOCX export / pandoc', median(ours.docx.runs) / peers.pandoc, TARGET.docxRatio, '×')
  if (peers.soffice) check('PDF export (issued) / LibreOffice', median(ours.pdf.runs) / peers.soffice, TARGET.pdfRatio, '×')
  if (peers.soffice) line('  (sealed PDF export / LibreOffice, for information)', `${(median(sealed.runs) / peers.soffice).toFixed(2)}×`)
  for (const [k, r] of [...Object.entries(rss), ['sealed', sealedRss]]) {
    const what = k === 'sealed' ? 'sealed PDF' : k.toUpperCase()
    check(`peak RSS, ${what} export, the command`, r.rssMb, TARGET.rssMb, ' MB')
    check(`peak RSS, ${what} export, its render process`, r.renderMb, TARGET.rssMb, ' MB')
  }
  if (served.lag !== undefined) check('longest other request while exports render', served.lag, TARGET.blockMs, ' ms')
  for (const [k, r] of Object.entries(served).filter(([k]) => k !== 'lag')) {
    const what = k === 'sealed' ? 'sealed PDF' : k.toUpperCase()
    check(`peak RSS, server after ${what} downloads`, r.after.peak, TARGET.rssMb, ' MB')
    check(`peak RSS, server's render process, ${what}`, r.renderMb, TARGET.rssMb, ' MB')
  }

  if (profDir) {
    console.log(`\nCPU profiles in ${profDir}`)
    for (const f of fs.readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'))) topSelfTime(path.join(profDir, f))
  }
  if (values.keep) {
    fs.mkdirSync(values.keep, { recursive: true })
    fs.cpSync(files, values.keep, { recursive: true })
    console.log(`\nfiles kept in ${path.resolve(values.keep)}`)
  }

  console.log('\nSummary')
  for (const s of summary) console.log(`  ${s.ok ? 'ok    ' : 'MISSED'} ${s.label}: ${s.value.toFixed(2)}${s.unit} (target ≤ ${s.target}${s.unit})`)
  if (summary.some((s) => !s.ok)) process.exitCode = 1
} finally {
  await stopServer()
  fs.rmSync(dir, { recursive: true, force: true })
}
