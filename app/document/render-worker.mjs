// The render process: renders DOCX/PDF/Markdown (and seals PDFs) off the server's event loop and
// out of its heap, so a long export never stalls other requests and its memory goes back when the
// process stops. Forked by render-pool.server.ts (IPC with structured clone) with the repository
// root in SPECWRIGHT_RENDER_ROOT; it also runs as a worker thread (root in workerData).
//
// It runs the TypeScript renderers from app/. At start it compiles them with esbuild (the compiler
// tsx uses) into one module per renderer under node_modules/.cache/specwright-render/<hash>/, and
// imports that: ~100 ms, and ~25 MB less resident than tsx's loader, which keeps a module-hooks
// thread for as long as the worker lives. The directory is named by its content, written under a
// temporary name and renamed into place, so processes starting together never read a half-written
// file. Where that cannot be written (a read-only install), it loads the sources through tsx.
import crypto from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import v8 from 'node:v8'
import { parentPort, threadId, workerData } from 'node:worker_threads'

// V8 compiles WebAssembly twice: quickly (Liftoff), then optimised (TurboFan) in the background.
// For resvg's 2.5 MB module (the DOCX's PNG diagrams) the second tier cost ~85 MB of resident
// memory in a 30-diagram export (peak 166 MB → 82 MB with Liftoff alone, measured) and saved
// ~15 % of the rasterising time. This process exists to keep exports within a memory ceiling,
// so Liftoff alone. It applies to modules compiled from now on, and this process compiles no
// other WebAssembly. A V8 without the flag prints a warning and goes on.
v8.setFlagsFromString('--liftoff-only')

const root = workerData?.root ?? process.env.SPECWRIGHT_RENDER_ROOT ?? process.cwd()
// The channel to the server: a forked process's IPC, or a worker thread's port.
const port = parentPort ?? {
  on: (event, listener) => process.on(event, listener),
  postMessage: (message) => process.send(message),
}
const entry = path.join(root, 'app/document/render-jobs.server.ts')

async function compiled() {
  const fromRoot = createRequire(path.join(root, 'package.json'))
  const esbuild = fromRoot(createRequire(fromRoot.resolve('tsx')).resolve('esbuild'))
  const cache = path.join(root, 'node_modules/.cache/specwright-render')
  const staging = path.join(cache, `.build-${process.pid}-${threadId}-${Date.now()}`)
  try {
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      splitting: true, // each renderer (and its packages) still loads on its first job
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      alias: { '~': path.join(root, 'app') },
      outdir: staging,
      write: false,
      logLevel: 'silent',
    })
    const hash = crypto.createHash('sha256')
    for (const f of result.outputFiles) hash.update(path.relative(staging, f.path)).update(f.contents)
    const dir = path.join(cache, hash.digest('hex').slice(0, 16))
    if (!fs.existsSync(path.join(dir, 'render-jobs.server.js'))) {
      for (const f of result.outputFiles) {
        fs.mkdirSync(path.dirname(f.path), { recursive: true })
        fs.writeFileSync(f.path, f.contents)
      }
      try {
        fs.renameSync(staging, dir)
      } catch (error) {
        // Another process published the same build first.
        if (!fs.existsSync(path.join(dir, 'render-jobs.server.js'))) throw error
      }
    }
    return await import(pathToFileURL(path.join(dir, 'render-jobs.server.js')).href)
  } finally {
    fs.rmSync(staging, { recursive: true, force: true })
    await esbuild.stop()
  }
}

async function throughTsx() {
  const { register } = await import('tsx/esm/api')
  register({ tsconfig: path.join(root, 'tsconfig.json') })
  return import(pathToFileURL(entry).href)
}

let renderers
try {
  renderers = await compiled()
} catch (error) {
  console.warn(`render worker: loading the renderers through tsx (${error instanceof Error ? error.message : String(error)})`)
  renderers = await throughTsx()
}
const { runRenderJob } = renderers

port.on('message', async ({ id, job }) => {
  try {
    const bytes = await runRenderJob(job)
    // A copy of its own, so the buffer can be transferred rather than cloned.
    const out = new Uint8Array(bytes.length)
    out.set(bytes)
    port.postMessage({ id, bytes: out }, [out.buffer])
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) })
  }
})
port.postMessage({ ready: true })
// A forked process ends with its server: the IPC channel closing means the parent is gone.
if (!parentPort) process.on('disconnect', () => process.exit(0))
