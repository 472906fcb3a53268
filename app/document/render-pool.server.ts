import path from 'node:path'
import { Worker, type ResourceLimits } from 'node:worker_threads'
import { runRenderJob, type RenderJob } from './render-jobs.server'

/**
 * Runs rendering jobs in a worker thread: rendering a large specification takes a good part of a
 * second of CPU, which on the request path would stall every other request for as long. The
 * worker starts on the first export; jobs queue in it. It is a second V8 heap in the server's
 * process, so it is capped (an export that needs more fails alone, with a clear error, and the
 * next one gets a fresh worker) and it is stopped after a minute without work, which gives its
 * memory back; the next export starts it again. Tests and the CLI render inline
 * (SPECWRIGHT_RENDER_INLINE=1, or under vitest). The worker loads the renderers from the source
 * tree (app/), which a deployment keeps beside build/ (see README, deployment).
 */

export type RenderPoolOptions = {
  /** Stop the worker after this long without a job (ms). */
  idleMs?: number
  /** Heap limits of the worker thread. */
  resourceLimits?: ResourceLimits
  /** The repository root (where app/ and node_modules/ are). */
  root?: string
}

export type RenderPool = {
  render(job: RenderJob): Promise<Buffer>
  /** Whether a worker thread is running now. */
  readonly running: boolean
  /** Stops the worker; jobs still waiting are rejected. */
  close(): Promise<void>
}

// The PDF and the DOCX of a 600-requirement specification need well under half of this; the young
// generation is kept small because the renderers make many short-lived objects and every megabyte
// of it is resident.
const DEFAULT_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 192, maxYoungGenerationSizeMb: 16 }
const DEFAULT_IDLE_MS = 60_000

type Pending = { format: RenderJob['format']; resolve: (b: Buffer) => void; reject: (e: Error) => void }
type WorkerMessage = { ready?: true; id?: number; bytes?: Uint8Array; error?: string }

/** Why a worker stopped, in words an operator can act on. */
function exitReason(error: Error | null, code: number, limits: ResourceLimits): string {
  const codeName = (error as (Error & { code?: string }) | null)?.code
  if (codeName === 'ERR_WORKER_OUT_OF_MEMORY') return `it ran out of memory (heap limit ${limits.maxOldGenerationSizeMb ?? '?'} MB)`
  if (error) return `it failed: ${error.message}`
  return `it exited with code ${code}`
}

export function createRenderPool(options: RenderPoolOptions = {}): RenderPool {
  const idleMs = options.idleMs ?? DEFAULT_IDLE_MS
  const limits = options.resourceLimits ?? DEFAULT_LIMITS
  let worker: Worker | null = null
  let ready: Promise<void> | null = null
  let idleTimer: NodeJS.Timeout | null = null
  let nextId = 1
  const pending = new Map<number, Pending>()

  /** Rejects every job of worker `w` and forgets it, so the next job starts a fresh one. */
  function fail(w: Worker, error: Error | null, code: number) {
    if (worker !== w) return
    worker = null
    ready = null
    if (idleTimer) clearTimeout(idleTimer)
    idleTimer = null
    for (const p of pending.values()) {
      p.reject(new Error(`The render worker stopped while rendering a ${p.format.toUpperCase()}: ${exitReason(error, code, limits)}.`))
    }
    pending.clear()
  }

  function start(): Promise<void> {
    if (ready) return ready
    const root = options.root ?? process.cwd()
    // The worker inherits node's options, except one that only applies to an -e script (a worker from a file rejects it).
    const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type'))
    const w = new Worker(path.join(root, 'app/document/render-worker.mjs'), { workerData: { root }, resourceLimits: limits, execArgv })
    worker = w
    let lastError: Error | null = null
    ready = new Promise<void>((resolve, reject) => {
      w.once('exit', (code) => reject(new Error(`The render worker could not start: ${exitReason(lastError, code, limits)}.`)))
      w.on('message', (msg: WorkerMessage) => {
        if (msg.ready) return resolve()
        const p = msg.id !== undefined ? pending.get(msg.id) : undefined
        if (!p || msg.id === undefined) return
        pending.delete(msg.id)
        if (msg.error !== undefined) p.reject(new Error(`render worker: ${msg.error}`))
        else p.resolve(Buffer.from(msg.bytes!.buffer, msg.bytes!.byteOffset, msg.bytes!.byteLength))
        if (pending.size === 0) idle(w)
      })
    })
    // Handled here, so a rejected start does not surface as an unhandled rejection as well.
    ready.catch(() => {})
    w.on('error', (e) => {
      lastError = e instanceof Error ? e : new Error(String(e))
    })
    w.on('exit', (code) => fail(w, lastError, code))
    return ready
  }

  /** No job left: let the process exit if it wants to, and stop the worker if none comes for a while. */
  function idle(w: Worker) {
    w.unref()
    if (idleTimer) clearTimeout(idleTimer)
    idleTimer = setTimeout(() => {
      idleTimer = null
      if (worker === w && pending.size === 0) {
        worker = null
        ready = null
        void w.terminate()
      }
    }, idleMs)
    idleTimer.unref()
  }

  async function render(job: RenderJob): Promise<Buffer> {
    if (idleTimer) clearTimeout(idleTimer)
    idleTimer = null
    const starting = start()
    // Referenced while it starts and while it has work, so a script awaiting an export does not exit early.
    worker!.ref()
    const w = worker!
    await starting
    if (worker !== w) throw new Error(`The render worker stopped before it could render a ${job.format.toUpperCase()}.`)
    const id = nextId++
    return new Promise<Buffer>((resolve, reject) => {
      pending.set(id, { format: job.format, resolve, reject })
      w.postMessage({ id, job })
    })
  }

  async function close(): Promise<void> {
    const w = worker
    if (!w) return
    fail(w, new Error('the render pool was closed'), 0)
    await w.terminate()
  }

  return {
    render,
    get running() {
      return worker !== null
    },
    close,
  }
}

function inline(): boolean {
  return process.env.SPECWRIGHT_RENDER_INLINE === '1' || process.env.VITEST !== undefined
}

let pool: RenderPool | null = null

/** Renders a job in the shared worker thread (inline in tests and the CLI). */
export async function render(job: RenderJob): Promise<Buffer> {
  if (inline()) return runRenderJob(job)
  pool ??= createRenderPool()
  return pool.render(job)
}
