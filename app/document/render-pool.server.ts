import { fork, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { runRenderJob, type RenderJob } from './render-jobs.server'

/**
 * Runs rendering jobs in a child process: rendering a large specification takes a good part of
 * a second of CPU, which on the request path would stall every other request for as long, and
 * its memory would stay in the server's heap. The child starts on the first export and jobs
 * queue in it; it loads only the renderers (no database, no app), so its peak memory is the
 * export's own. Its heap is capped (an export that needs more fails alone, with a clear error,
 * and the next one gets a fresh child) and it is stopped after a minute without work, which
 * gives all its memory back; the next export starts it again. Tests and the CLI render inline
 * (SPECWRIGHT_RENDER_INLINE=1, or under vitest). The child loads the renderers from the source
 * tree (app/), which a deployment keeps beside build/ (see README, deployment).
 */

export type RenderLimits = { maxOldGenerationSizeMb?: number; maxYoungGenerationSizeMb?: number }

export type RenderPoolOptions = {
  /** Stop the child after this long without a job (ms). */
  idleMs?: number
  /** Heap limits of the child. */
  resourceLimits?: RenderLimits
  /** The repository root (where app/ and node_modules/ are). */
  root?: string
}

export type RenderPool = {
  render(job: RenderJob): Promise<Buffer>
  /** Whether a render process is running now. */
  readonly running: boolean
  /** Stops the render process; jobs still waiting are rejected. */
  close(): Promise<void>
}

const DEFAULT_LIMITS: RenderLimits = { maxOldGenerationSizeMb: 192, maxYoungGenerationSizeMb: 16 }
const DEFAULT_IDLE_MS = 60_000

type Pending = { format: RenderJob['format']; resolve: (b: Buffer) => void; reject: (e: Error) => void }
type WorkerMessage = { ready?: true; id?: number; bytes?: Uint8Array; error?: string }

/** Why the render process stopped, in words an operator can act on. */
function exitReason(error: Error | null, code: number | null, signal: NodeJS.Signals | null, limits: RenderLimits, stderr: string): string {
  // V8 aborts a process whose heap is exhausted: "FATAL ERROR: … JavaScript heap out of memory", SIGABRT / 134.
  if (/heap out of memory|Reached heap limit/i.test(stderr) || signal === 'SIGABRT' || code === 134) {
    return `it ran out of memory (heap limit ${limits.maxOldGenerationSizeMb ?? '?'} MB)`
  }
  if (error) return `it failed: ${error.message}`
  return signal ? `it was stopped (${signal})` : `it exited with code ${code ?? '?'}`
}

export function createRenderPool(options: RenderPoolOptions = {}): RenderPool {
  const idleMs = options.idleMs ?? DEFAULT_IDLE_MS
  const limits = options.resourceLimits ?? DEFAULT_LIMITS
  let worker: ChildProcess | null = null
  let ready: Promise<void> | null = null
  let idleTimer: NodeJS.Timeout | null = null
  let nextId = 1
  const pending = new Map<number, Pending>()

  /** Rejects every job of child `w` and forgets it, so the next job starts a fresh one. */
  function fail(w: ChildProcess, reason: string) {
    if (worker !== w) return
    worker = null
    ready = null
    if (idleTimer) clearTimeout(idleTimer)
    idleTimer = null
    for (const p of pending.values()) p.reject(new Error(`The render worker stopped while rendering a ${p.format.toUpperCase()}: ${reason}.`))
    pending.clear()
  }

  /** Whether the child (its handle, IPC channel and stderr pipe) keeps this process alive. */
  function setRef(w: ChildProcess, on: boolean) {
    type Refable = { ref?: () => void; unref?: () => void } | null | undefined
    for (const handle of [w, w.channel as Refable, w.stderr as Refable]) {
      if (on) handle?.ref?.()
      else handle?.unref?.()
    }
  }

  function start(): Promise<void> {
    if (ready) return ready
    const root = options.root ?? process.cwd()
    const execArgv = [
      ...(limits.maxOldGenerationSizeMb ? [`--max-old-space-size=${limits.maxOldGenerationSizeMb}`] : []),
      ...(limits.maxYoungGenerationSizeMb ? [`--max-semi-space-size=${Math.max(1, Math.round(limits.maxYoungGenerationSizeMb / 2))}`] : []),
    ]
    const w = fork(path.join(root, 'app/document/render-worker.mjs'), [], {
      cwd: root,
      execArgv,
      env: {
        ...process.env,
        SPECWRIGHT_RENDER_ROOT: root,
        // glibc's malloc raises its mmap threshold after each large free, so the render's
        // megabyte buffers end up in its heap and stay resident; a fixed threshold returns them
        // (sealed export in a fresh process: 214 → 196 MB peak, measured). Other libcs ignore it.
        MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? '131072',
      },
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    })
    worker = w
    let lastError: Error | null = null
    let stderr = ''
    w.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8')
      stderr = (stderr + text).slice(-4000)
      process.stderr.write(text)
    })
    ready = new Promise<void>((resolve, reject) => {
      w.once('exit', (code, signal) => reject(new Error(`The render worker could not start: ${exitReason(lastError, code, signal, limits, stderr)}.`)))
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
    ready.catch(() => {})
    w.on('error', (e) => {
      lastError = e instanceof Error ? e : new Error(String(e))
    })
    w.on('exit', (code, signal) => fail(w, exitReason(lastError, code, signal, limits, stderr)))
    return ready
  }

  /** No job left: let the server exit if it wants to, and stop the child if none comes for a while. */
  function idle(w: ChildProcess) {
    setRef(w, false)
    if (idleTimer) clearTimeout(idleTimer)
    idleTimer = setTimeout(() => {
      idleTimer = null
      if (worker === w && pending.size === 0) {
        worker = null
        ready = null
        w.kill()
      }
    }, idleMs)
    idleTimer.unref()
  }

  async function render(job: RenderJob): Promise<Buffer> {
    if (idleTimer) clearTimeout(idleTimer)
    idleTimer = null
    const starting = start()
    const w = worker!
    setRef(w, true)
    await starting
    if (worker !== w) throw new Error(`The render worker stopped before it could render a ${job.format.toUpperCase()}.`)
    const id = nextId++
    return new Promise<Buffer>((resolve, reject) => {
      pending.set(id, { format: job.format, resolve, reject })
      w.send({ id, job })
    })
  }

  async function close(): Promise<void> {
    const w = worker
    if (!w) return
    fail(w, 'the render pool was closed')
    await new Promise<void>((resolve) => {
      if (w.exitCode !== null || w.signalCode !== null) return resolve()
      // An idle child is unref'd: without this, a process with nothing else to do would end
      // before the child's exit and leave this promise (and its awaiting caller) unsettled.
      setRef(w, true)
      w.once('exit', () => resolve())
      w.kill()
    })
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

/** Renders a job in the shared render process (inline in tests, or with SPECWRIGHT_RENDER_INLINE=1). */
export async function render(job: RenderJob): Promise<Buffer> {
  if (inline()) return runRenderJob(job)
  pool ??= createRenderPool()
  return pool.render(job)
}

/** Stops the shared render process now (a command that is done), instead of after its idle minute. */
export async function closeRenderProcess(): Promise<void> {
  await pool?.close()
  pool = null
}
