// The render process: renders DOCX/PDF/Markdown (and seals PDFs) off the server's event loop and
// out of its heap, so a long export never stalls other requests and its memory goes back when the
// process stops. Forked by render-pool.server.ts (IPC with structured clone) with the repository
// root in SPECWRIGHT_RENDER_ROOT; it also runs as a worker thread (root in workerData).
//
// It runs the TypeScript renderers from app/, compiled once per source change by esbuild
// (app/utils/compiled-import.mjs), or through tsx where that cannot be written.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import v8 from 'node:v8'
import { parentPort, workerData } from 'node:worker_threads'
import { compiledImport } from '../utils/compiled-import.mjs'

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

async function throughTsx() {
  const { register } = await import('tsx/esm/api')
  register({ tsconfig: path.join(root, 'tsconfig.json') })
  return import(pathToFileURL(entry).href)
}

let renderers
try {
  renderers = await compiledImport(root, 'app/document/render-jobs.server.ts', 'specwright-render')
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
