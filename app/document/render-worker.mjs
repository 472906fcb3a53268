// The render process: renders DOCX/PDF/Markdown (and seals PDFs) off the server's event loop and
// out of its heap, so a long export never stalls other requests and its memory goes back when the
// process stops. Forked by render-pool.server.ts (IPC with structured clone) with the repository
// root in SPECWRIGHT_RENDER_ROOT.
//
// It runs the TypeScript renderers from app/, compiled once per source change by esbuild
// (app/utils/compiled-import.mjs), or through tsx where that cannot be written.
import v8 from 'node:v8'
import { compiledImport } from '../utils/compiled-import.mjs'

// V8 compiles WebAssembly twice: quickly (Liftoff), then optimised (TurboFan) in the background.
// For resvg's 2.5 MB module (the DOCX's PNG diagrams) the second tier cost ~85 MB of resident
// memory in a 30-diagram export (peak 166 MB → 82 MB with Liftoff alone, measured) and saved
// ~15 % of the rasterising time. This process exists to keep exports within a memory ceiling,
// so Liftoff alone. It applies to modules compiled from now on, and this process compiles no
// other WebAssembly. A V8 without the flag prints a warning and goes on.
v8.setFlagsFromString('--liftoff-only')

const root = process.env.SPECWRIGHT_RENDER_ROOT ?? process.cwd()
const { runRenderJob } = await compiledImport(root, 'app/document/render-jobs.server.ts', 'specwright-render')

process.on('message', async ({ id, job }) => {
  try {
    process.send({ id, bytes: await runRenderJob(job) })
  } catch (error) {
    process.send({ id, error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) })
  }
})
process.send({ ready: true })
// The render process ends with its server: the IPC channel closing means the parent is gone.
process.on('disconnect', () => process.exit(0))
