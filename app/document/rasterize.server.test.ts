import { specFixture } from '../../tests/setup/spec-fixtures'
import { describe, expect, it } from 'vitest'
import type { Section } from './spec-document'
import { svgToPng } from './rasterize.server'

function firstFigure(sections: Section[]): string | null {
  for (const s of sections) {
    for (const b of s.blocks) if (b.type === 'figure') return b.svg
    const inner = firstFigure(s.children)
    if (inner) return inner
  }
  return null
}

describe('svgToPng', () => {
  it('draws a process diagram as a PNG of the asked width, with the aspect ratio kept', async () => {
    const doc = specFixture('volga-gost')
    const svg = firstFigure(doc.sections)
    expect(svg).toBeTruthy()
    const png = await svgToPng(svg!, 800)
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
    const width = png.readUInt32BE(16)
    const height = png.readUInt32BE(20)
    expect(width).toBe(800)
    const [, w, h] = /viewBox="0 0 (\d+) (\d+)"/.exec(svg!)!.map(Number)
    expect(Math.abs(height - (800 * h!) / w!)).toBeLessThanOrEqual(1)
    // Not a blank image: a diagram with text and frames compresses far worse than white.
    expect(png.length).toBeGreaterThan(20_000)
  }, 30_000)
})
