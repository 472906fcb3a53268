// The render worker: renders DOCX/PDF/Markdown (and seals PDFs) off the server's event loop, so a
// long export never stalls other requests. Started by render-pool.server.ts with the repository
// root in workerData; it loads the TypeScript renderers from app/ through tsx, like the CLI does.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parentPort, workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

const root = workerData.root
register({ tsconfig: path.join(root, 'tsconfig.json') })
const { runRenderJob } = await import(pathToFileURL(path.join(root, 'app/document/render-jobs.server.ts')).href)

parentPort.on('message', async ({ id, job }) => {
  try {
    const bytes = await runRenderJob(job)
    // A copy of its own, so the buffer can be transferred rather than cloned.
    const out = new Uint8Array(bytes.length)
    out.set(bytes)
    parentPort.postMessage({ id, bytes: out }, [out.buffer])
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) })
  }
})
parentPort.postMessage({ ready: true })
