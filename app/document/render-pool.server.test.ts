import { specFixture } from '../../tests/setup/spec-fixtures'
import { spawnSync } from 'node:child_process'
import { afterEach, describe, expect, test } from 'vitest'
import { createRenderPool, type RenderPool } from './render-pool.server'
import type { SpecDocument } from './spec-document'

// These tests start real worker threads (render() itself renders inline under vitest).
const fixture = () => specFixture('northwind-short')
const DRAFT = { status: 'draft' } as const
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A document with one table far too long for a small heap. */
function hugeDocument(rows: number): SpecDocument {
  const doc = fixture()
  doc.sections[0]!.blocks.push({
    type: 'table',
    columns: [
      { weight: 1, align: 'left' },
      { weight: 5, align: 'left' },
    ],
    head: [],
    rows: Array.from({ length: rows }, (_, i) => [
      { runs: [{ text: `R-${i}` }] },
      { runs: [{ text: `Requirement ${i}, with enough words to wrap in its cell.` }] },
    ]),
  })
  return doc
}

let pool: RenderPool | null = null
afterEach(async () => {
  await pool?.close()
  pool = null
})

describe('render pool', () => {
  test('renders in a child process, stops it after being idle, and starts a fresh one for the next job', async () => {
    pool = createRenderPool({ idleMs: 300 })
    const md = await pool.render({ format: 'md', document: fixture(), stamp: DRAFT })
    expect(md.toString('utf8')).toContain('Help desk for Northwind Supplies')
    expect(pool.running).toBe(true)
    await sleep(900)
    expect(pool.running).toBe(false)
    const pdf = await pool.render({ format: 'pdf', document: fixture(), stamp: DRAFT })
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(pool.running).toBe(true)
  }, 60_000)

  test('a render process out of memory rejects its job with a clear error, and the next job gets a fresh one', async () => {
    pool = createRenderPool({ idleMs: 60_000, resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 } })
    await expect(pool.render({ format: 'pdf', document: hugeDocument(40_000), stamp: DRAFT })).rejects.toThrow(
      'The render worker stopped while rendering a PDF: it ran out of memory (heap limit 48 MB).',
    )
    expect(pool.running).toBe(false)
    const md = await pool.render({ format: 'md', document: fixture(), stamp: DRAFT })
    expect(md.toString('utf8')).toContain('Help desk for Northwind Supplies')
  }, 120_000)

  test('a job that fails in the renderer rejects alone; the render process keeps serving', async () => {
    pool = createRenderPool({ idleMs: 60_000 })
    const broken = { ...fixture(), sections: null } as unknown as SpecDocument
    await expect(pool.render({ format: 'md', document: broken, stamp: DRAFT })).rejects.toThrow(/^render worker: /)
    expect(pool.running).toBe(true)
    const md = await pool.render({ format: 'md', document: fixture(), stamp: DRAFT })
    expect(md.toString('utf8')).toContain('Help desk for Northwind Supplies')
  }, 60_000)

  test('a process whose rendering is done exits at once: the idle render process does not hold it open', () => {
    const script = `
      import fs from 'node:fs'
      import { createRenderPool } from './app/document/render-pool.server.ts'
      const pool = createRenderPool({ idleMs: 60_000 })
      const doc = JSON.parse(fs.readFileSync('tests/fixtures/spec/northwind-short.json', 'utf8'))
      const md = await pool.render({ format: 'md', document: doc, stamp: { status: 'draft' } })
      console.log(md.length > 0 ? 'rendered' : 'empty')`
    const t0 = performance.now()
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 50_000 })
    const took = performance.now() - t0
    expect(r.stderr).toBe('')
    expect(r.stdout.trim()).toBe('rendered')
    expect(r.status).toBe(0)
    expect(took).toBeLessThan(30_000) // the idle stop would come after 60 s
  }, 60_000)
})
