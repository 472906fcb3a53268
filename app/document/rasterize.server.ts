import crypto from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import type * as ResvgModule from '@resvg/resvg-wasm'
import { fontPaths } from './fonts.server'

/**
 * SVG → PNG for the documents (the DOCX carries a PNG beside each process diagram's SVG, for
 * the viewers that cannot draw SVG — LibreOffice, Word before 2016). resvg's WebAssembly build:
 * no native binary, no system fonts (the document's DejaVu fonts are given to it). Results are
 * cached per process by the SVG's hash: a version's diagrams render once.
 */

type Resvg = typeof ResvgModule

let ready: Promise<Resvg> | null = null
const cache = new Map<string, Buffer>()
const CACHE_MAX = 200

function load(): Promise<Resvg> {
  ready ??= (async () => {
    const mod = await import('@resvg/resvg-wasm')
    const require = createRequire(import.meta.url)
    await mod.initWasm(fs.readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')))
    return mod
  })()
  return ready
}

let fonts: Uint8Array[] | null = null
function fontBuffers(): Uint8Array[] {
  if (fonts) return fonts
  const sans = fontPaths('sans')
  // The diagrams use the regular and bold faces only.
  fonts = [sans.regular, sans.bold].map((p) => new Uint8Array(fs.readFileSync(p)))
  return fonts
}

/** The PNG of an SVG at `width` pixels (height follows the aspect ratio). */
export async function svgToPng(svg: string, width: number): Promise<Buffer> {
  const key = crypto.createHash('sha256').update(svg).update(String(width)).digest('hex')
  const hit = cache.get(key)
  if (hit) return hit
  const { Resvg } = await load()
  const r = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    background: 'white',
    font: { fontBuffers: fontBuffers(), loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  })
  // Both wasm-side objects are freed at once: an unfreed image keeps its pixmap (MBs) alive.
  const image = r.render()
  const png = Buffer.from(image.asPng())
  image.free()
  r.free()
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string)
  cache.set(key, png)
  return png
}
