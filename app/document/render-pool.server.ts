import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { runRenderJob, type RenderJob } from './render-jobs.server'

/**
 * Runs rendering jobs in one long-lived worker thread: rendering a large specification takes
 * seconds of CPU, which on the request path would stall every other request for as long. The
 * worker starts on the first export and stays; jobs queue in it. Tests and the CLI render
 * inline (SPECWRIGHT_RENDER_INLINE=1, or under vitest). The worker loads the renderers from the
 * source tree (app/), which a deployment keeps beside build/ (see README, deployment).
 */

type Pending = { resolve: (b: Buffer) => void; reject: (e: Error) => void }

let worker: Worker | null = null
let ready: Promise<void> | null = null
let nextId = 1
const pending = new Map<number, Pending>()

function inline(): boolean {
  return process.env.SPECWRIGHT_RENDER_INLINE === '1' || process.env.VITEST !== undefined
}

function failAll(error: Error) {
  for (const p of pending.values()) p.reject(error)
  pending.clear()
  worker = null
  ready = null
}

function start(): Promise<void> {
  if (ready) return ready
  const root = process.cwd()
  const w = new Worker(path.join(root, 'app/document/render-worker.mjs'), { workerData: { root } })
  worker = w
  ready = new Promise<void>((resolve, reject) => {
    w.once('error', reject)
    w.on('message', (msg: { ready?: true; id?: number; bytes?: Uint8Array; error?: string }) => {
      if (msg.ready) return resolve()
      const p = msg.id !== undefined ? pending.get(msg.id) : undefined
      if (!p || msg.id === undefined) return
      pending.delete(msg.id)
      if (msg.error !== undefined) p.reject(new Error(`render worker: ${msg.error}`))
      else p.resolve(Buffer.from(msg.bytes!.buffer, msg.bytes!.byteOffset, msg.bytes!.byteLength))
    })
  })
  w.on('error', (e) => failAll(e instanceof Error ? e : new Error(String(e))))
  w.on('exit', (code) => failAll(new Error(`render worker exited (${code})`)))
  // An idle worker must not keep the process alive (it is unref'd once idle; see render()).
  return ready
}

export async function render(job: RenderJob): Promise<Buffer> {
  if (inline()) return runRenderJob(job)
  await start()
  const id = nextId++
  return new Promise<Buffer>((resolve, reject) => {
    pending.set(id, { resolve, reject })
    worker!.ref()
    worker!.postMessage({ id, job })
  }).finally(() => {
    if (pending.size === 0) worker?.unref()
  })
}
