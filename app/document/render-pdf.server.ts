/**
 * The PDF rendering of a specification (docs/decisions/0006): the same IR, in the same order as
 * the HTML preview, laid out on A4 by pdfkit with embedded DejaVu TrueType fonts — a title
 * sheet, a printed contents with page numbers, numbered sections with bookmarks, tables that
 * split across pages and repeat their header row, process diagrams, and a signature sheet.
 *
 * Text is broken into lines here, not by pdfkit, so every height is known before anything is
 * drawn: that is what lets a table row split across pages and the contents be reserved up
 * front (its height does not depend on the page numbers it prints) and filled in at the end.
 * The render stamp (version, content hash) goes into headers, footers and the file's metadata.
 *
 * Speed and memory (issue 6): words are shaped by fontkit once per process and kept (widths and
 * glyphs, per face); text and shapes are written as content-stream operators, one chunk per
 * page, with pdfkit keeping the objects, fonts and subsets. Pages are written out as soon as the
 * next one starts: what depends on later pages (page N of M, the contents' page numbers) goes
 * into a second content stream of its page, written at the end.
 */
import fs from 'node:fs'
import path from 'node:path'
import PDFDocument from 'pdfkit'
import { formatDateTime } from '~/i18n'
import { formatMoney } from '~/utils/money'
import { fontPaths } from './fonts.server'
import { label, shortHash } from './labels'
import { type Block, type Cell, type Column, type RenderStamp, type Run, type Section, type SignatureLine, type SpecDocument } from './spec-document'

export type PdfAttachment = { name: string; data: Buffer; mime: string; description?: string }
export type RenderPdfOptions = { attachments?: PdfAttachment[] }

type Lang = SpecDocument['meta']['language']

// ── Page geometry and look ────────────────────────────────────────────────────────────────

const MM = 72 / 25.4
const PAGE_W = 595.28
const PAGE_H = 841.89
const MARGIN = { top: 20 * MM, bottom: 20 * MM, left: 25 * MM, right: 15 * MM }
const CONTENT_W = PAGE_W - MARGIN.left - MARGIN.right
const TOP = MARGIN.top
const BOTTOM = PAGE_H - MARGIN.bottom

const BODY_SIZE = 10
const LEADING = 1.35
const BODY_LH = BODY_SIZE * LEADING
const TABLE_SIZE = 8.5
const TABLE_LH = TABLE_SIZE * 1.3
const SMALL_SIZE = 7.5
const HEADING_SIZE = [14, 12, 10.5] as const
const CELL_PAD_X = 4
const CELL_PAD_Y = 3
const LIST_INDENT = 16
const TOC_NUMBER_W = 32
const TOC_INDENT = 14

// DejaVu's vertical metrics (ascent 1901, descent 483 of 2048 units; the same in every face used).
const ASCENT = 0.928
const FONT_HEIGHT = 1.164

const INK = '#111827'
const MUTED = '#4b5563'
const RULE = '#8a94a3'
const LINK = '#1d4ed8'
const DANGER = '#b91c1c'
const HEAD_FILL = '#e8ecf1'
const TOTAL_FILL = '#dde2e8'
const SUBTOTAL_FILL = '#f1f3f6'
const WARN_FILL = '#fff8e6'
const WARN_BORDER = '#d38b12'

// ── Fonts and styled text ────────────────────────────────────────────────────────────────

type Family = 'body' | 'cond' | 'mono'
type FontKey = `${Family}-${'r' | 'b' | 'i' | 'bi'}`

type TextStyle = { family: Family; bold?: boolean; italic?: boolean; underline?: boolean; strike?: boolean; link?: string; color: string }
type StyledRun = { text: string; style: TextStyle; break?: boolean }
type Piece = { text: string; style: TextStyle; width: number }
type Line = { pieces: Piece[]; width: number }
type Align = Column['align']
type Decor = { underline?: boolean; strike?: boolean; link?: string }

/** The font file of each face; the condensed faces (same package) give tables a third more text per line. */
function fontFiles(): Record<FontKey, string> {
  const sans = fontPaths('sans')
  const dir = path.dirname(sans.regular)
  const condensed = (file: string, fallback: string) => {
    const p = path.join(dir, file)
    return fs.existsSync(p) ? p : fallback
  }
  return {
    'body-r': sans.regular,
    'body-b': sans.bold,
    'body-i': sans.italic,
    'body-bi': sans.boldItalic,
    'cond-r': condensed('DejaVuSansCondensed.ttf', sans.regular),
    'cond-b': condensed('DejaVuSansCondensed-Bold.ttf', sans.bold),
    'cond-i': condensed('DejaVuSansCondensed-Oblique.ttf', sans.italic),
    'cond-bi': condensed('DejaVuSansCondensed-BoldOblique.ttf', sans.boldItalic),
    'mono-r': sans.mono ?? sans.regular,
    'mono-b': sans.mono ?? sans.bold,
    'mono-i': sans.mono ?? sans.italic,
    'mono-bi': sans.mono ?? sans.boldItalic,
  }
}

// What this module uses of fontkit (through pdfkit, which parses the fonts) and of pdfkit's internals.
type FontkitGlyph = { id: number; codePoints: number[]; advanceWidth: number }
type FontkitPosition = { xAdvance: number; xOffset: number; yOffset: number }
type FontkitFont = { unitsPerEm: number; layout(text: string): { glyphs: FontkitGlyph[]; positions: FontkitPosition[] } }
type PdfRef = { write(chunk: string | Uint8Array): void; end(): void }
type EmbeddedFont = {
  id: string
  font: FontkitFont
  ascender: number
  descender: number
  subset: { includeGlyph(id: number): number }
  widths: number[]
  unicode: number[][]
  ref(): PdfRef
}
type PdfInternals = {
  _font: EmbeddedFont
  page: { content: PdfRef; fonts: Record<string, PdfRef>; dictionary: { data: { Contents: PdfRef | PdfRef[] } } }
  ref(data?: object): PdfRef
}
const internals = (doc: PDFKit.PDFDocument) => doc as unknown as PdfInternals

/**
 * A run of text as fontkit shapes it (kerning, marks), in 1/1000 em — pdfkit's own shaping,
 * done once per process for each word instead of twice (measure, draw) in every render.
 */
type Shaped = { width: number; ids: number[]; codePoints: number[][]; advances: number[]; xAdvances: number[]; xOffsets: number[]; yOffsets: number[] }

/**
 * One face, parsed once per process: a copy that shapes, the words shaped so far, and a copy that
 * every document's pdfkit font subsets. Two copies, because subsetting fills fontkit's glyph cache
 * with glyphs that have lost their characters, and shaping would hand those out.
 */
type Face = { shaper: FontkitFont; subsetter: FontkitFont; shapes: Map<string, Shaped> }

// A long-running server meets new words in every document; past this many per face the cache starts over.
const SHAPE_CACHE_LIMIT = 50_000
const faces = new Map<FontKey, Face>()

/** fontkit as pdfkit uses it: a throwaway document parses the font. */
function parseFont(bytes: Buffer): FontkitFont {
  const probe = new PDFDocument({ autoFirstPage: false })
  probe.font(bytes)
  return internals(probe)._font.font
}

function faceOf(key: FontKey): Face {
  let face = faces.get(key)
  if (!face) {
    const bytes = fs.readFileSync(fontFiles()[key])
    face = { shaper: parseFont(bytes), subsetter: parseFont(bytes), shapes: new Map() }
    faces.set(key, face)
  }
  return face
}

function shapeSegment(face: Face, text: string): Shaped {
  let s = face.shapes.get(text)
  if (s) return s
  const font = face.shaper
  const scale = 1000 / font.unitsPerEm
  const run = font.layout(text)
  s = { width: 0, ids: [], codePoints: [], advances: [], xAdvances: [], xOffsets: [], yOffsets: [] }
  run.glyphs.forEach((g, i) => {
    const p = run.positions[i]!
    s!.ids.push(g.id)
    s!.codePoints.push(g.codePoints)
    s!.advances.push(g.advanceWidth * scale)
    s!.xAdvances.push(p.xAdvance * scale)
    s!.xOffsets.push(p.xOffset * scale)
    s!.yOffsets.push(p.yOffset * scale)
    s!.width += p.xAdvance * scale
  })
  if (face.shapes.size >= SHAPE_CACHE_LIMIT) face.shapes.clear()
  face.shapes.set(text, s)
  return s
}

/**
 * Text is shaped in segments split as pdfkit splits it — after each space or tab — so widths are
 * what pdfkit would draw. The end (exclusive) of the segment that starts at `from`:
 */
function segmentEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 32 || c === 9) return i + 1
  }
  return text.length
}

function segments(text: string): string[] {
  const out: string[] = []
  for (let from = 0; from < text.length; from = segmentEnd(text, from)) out.push(text.slice(from, segmentEnd(text, from)))
  return out
}

/** A number in a content stream: three decimals are a thousandth of a point. */
const num3 = (n: number) => String(Math.round(n * 1000) / 1000)

const rectOps = (x: number, y: number, w: number, h: number) => `${num3(x)} ${num3(y)} ${num3(w)} ${num3(h)} re`
const fillRectOps = (x: number, y: number, w: number, h: number, color: string) => `${colorOp(color)} ${rectOps(x, y, w, h)} f`
const strokeRectOps = (x: number, y: number, w: number, h: number, color: string, width: number) =>
  `${width} w ${colorOp(color, true)} ${rectOps(x, y, w, h)} S`
const lineOps = (x1: number, y1: number, x2: number, y2: number, color: string, width: number) =>
  `${width} w ${colorOp(color, true)} ${num3(x1)} ${num3(y1)} m ${num3(x2)} ${num3(y2)} l S`

/** Text is shown in a y-up space, as pdfkit does (pages are drawn with the y axis pointing down); closed by Q. */
const TEXT_SPACE = `q 1 0 0 -1 0 ${PAGE_H} cm`

const colorOps = new Map<string, { fill: string; stroke: string }>()

/** `rg`/`RG` operators of a #rrggbb colour. */
function colorOp(hex: string, stroke = false): string {
  let ops = colorOps.get(hex)
  if (!ops) {
    const v = parseInt(hex.slice(1), 16)
    const rgb = [v >> 16, (v >> 8) & 0xff, v & 0xff].map((c) => num3(c / 255)).join(' ')
    ops = { fill: `${rgb} rg`, stroke: `${rgb} RG` }
    colorOps.set(hex, ops)
  }
  return stroke ? ops.stroke : ops.fill
}

function fontKey(style: TextStyle): FontKey {
  const face = style.bold && style.italic ? 'bi' : style.bold ? 'b' : style.italic ? 'i' : 'r'
  return `${style.family}-${face}`
}

function sameStyle(a: TextStyle, b: TextStyle): boolean {
  return (
    a.family === b.family &&
    !!a.bold === !!b.bold &&
    !!a.italic === !!b.italic &&
    !!a.underline === !!b.underline &&
    !!a.strike === !!b.strike &&
    a.link === b.link &&
    a.color === b.color
  )
}

/** Only web and mail links become clickable, as in the HTML preview. */
function safeLink(link: string | undefined): string | undefined {
  return link && /^(https?:|mailto:)/i.test(link.trim()) ? link.trim() : undefined
}

function styled(runs: Run[], base: TextStyle): StyledRun[] {
  return runs.map((r) => {
    const link = safeLink(r.link)
    const style: TextStyle = {
      ...base,
      bold: base.bold || r.bold,
      italic: base.italic || r.italic,
      underline: base.underline || r.underline || !!link,
      strike: base.strike || r.strike,
      link,
      color: link ? LINK : base.color,
    }
    return { text: r.text, style, break: r.break }
  })
}

const plain = (text: string, style: TextStyle): StyledRun[] => [{ text, style }]

// ── The writer: a cursor over pages, line breaking, drawing ────────────────────────────────

type Box = { x: number; width: number }
type BlockContext = Box & { listLevel: number; compact: boolean }
type TocEntry = { text: string; depth: number; dest: string; page?: number }

/** A face as used in one document: pdfkit's embedded font (its subset) and each glyph's hex code in that subset. */
type DocFont = { face: Face; embedded: EmbeddedFont; hex: string[]; tj: Map<string, string | null> }

class PdfWriter {
  readonly doc: PDFKit.PDFDocument
  y = TOP
  /** Pages so far; pages are written out as soon as the next one starts (pdfkit does not buffer them). */
  pages = 0
  private outlineStack: PDFKit.PDFOutline[] = []
  readonly toc: TocEntry[] = []
  private tocIndex = 0
  private fonts = new Map<FontKey, DocFont>()
  private pageFonts = new Set<string>()
  /** Per page (1-based), a content stream written at the end: running heads, and the contents' entries. */
  readonly later: PdfRef[] = []
  private sink: PdfRef | null = null
  /** Operators not yet handed to pdfkit: written as one chunk per page (or per later stream). */
  private pending: string[] = []

  constructor(
    doc: PDFKit.PDFDocument,
    readonly lang: Lang,
  ) {
    this.doc = doc
  }

  /** 1-based number of the page being written. */
  get page(): number {
    return this.pages
  }

  /**
   * Every page after the title sheet gets a second content stream, filled in at the end with what
   * depends on the whole document (page N of M, the contents' page numbers), so no page is kept.
   */
  newPage(): void {
    this.flush()
    this.doc.addPage()
    this.pages++
    this.pageFonts.clear()
    this.y = TOP
    if (this.pages === 1) return
    const pdf = internals(this.doc)
    const later = pdf.ref()
    pdf.page.dictionary.data.Contents = [pdf.page.content, later]
    for (const key of ['body-r', 'body-b'] as const) this.useFont(this.docFont(key))
    this.later[this.pages] = later
  }

  get atTop(): boolean {
    return this.y <= TOP + 0.01
  }

  /** Starts a new page unless `height` still fits on this one (or the page is empty anyway). */
  ensure(height: number): void {
    if (this.y + height > BOTTOM && !this.atTop) this.newPage()
  }

  /** The face in this document: pdfkit's font with this document's subset (pdfkit takes a parsed font as a source). */
  private docFont(key: FontKey): DocFont {
    let f = this.fonts.get(key)
    if (f) return f
    const face = faceOf(key)
    this.doc.registerFont(key, face.subsetter as unknown as Buffer)
    this.doc.font(key)
    f = { face, embedded: internals(this.doc)._font, hex: [], tj: new Map() }
    this.fonts.set(key, f)
    return f
  }

  /** Puts the font into the resources of the page being written (a later stream's page got its fonts when it started). */
  private useFont(f: DocFont): void {
    if (this.sink || this.pageFonts.has(f.embedded.id)) return
    internals(this.doc).page.fonts[f.embedded.id] = f.embedded.ref()
    this.pageFonts.add(f.embedded.id)
  }

  /** Queues content-stream operators for the page being written, or for a later stream (see `into`). */
  write(ops: string): void {
    this.pending.push(ops)
  }

  /** Hands the queued operators to pdfkit; before anything pdfkit draws itself, and before a page ends. */
  flush(): void {
    if (this.pending.length === 0) return
    const chunk = Buffer.from(`${this.pending.join('\n')}\n`, 'latin1')
    this.pending = []
    if (this.sink) this.sink.write(chunk)
    else internals(this.doc).page.content.write(chunk)
  }

  /** Runs `draw` with its output going into page `page`'s later stream. */
  into(page: number, draw: () => void): void {
    const later = this.later[page]
    if (!later) return
    this.flush()
    this.sink = later
    try {
      draw()
      this.flush()
    } finally {
      this.pending = []
      this.sink = null
    }
  }

  /** Ends the later streams (their pages were written long ago and refer to them); the last page's operators go first. */
  finish(): void {
    this.flush()
    for (const later of this.later) later?.end()
  }

  measure(text: string, key: FontKey, size: number): number {
    const face = this.docFont(key).face
    let width = 0
    for (let from = 0; from < text.length; ) {
      const end = segmentEnd(text, from)
      width += shapeSegment(face, from === 0 && end === text.length ? text : text.slice(from, end)).width
      from = end
    }
    return (width * size) / 1000
  }

  private glyphHex(f: DocFont, s: Shaped, i: number): string {
    const id = s.ids[i]!
    let hex = f.hex[id]
    if (hex === undefined) {
      const e = f.embedded
      const gid = e.subset.includeGlyph(id)
      hex = gid.toString(16).padStart(4, '0')
      f.hex[id] = hex
      e.widths[gid] ??= s.advances[i]!
      e.unicode[gid] ??= s.codePoints[i]!
    }
    return hex
  }

  /** A segment's glyphs as TJ elements (kerning as adjustments) in this document's subset; null if a mark must be moved. */
  private segmentTJ(f: DocFont, seg: string, s: Shaped): string | null {
    const known = f.tj.get(seg)
    if (known !== undefined) return known
    let tj = ''
    let hex = ''
    let moved = false
    for (let i = 0; i < s.ids.length && !moved; i++) {
      moved = s.xOffsets[i] !== 0 || s.yOffsets[i] !== 0
      hex += this.glyphHex(f, s, i)
      const kern = s.xAdvances[i]! - s.advances[i]!
      if (kern !== 0) {
        tj += `<${hex}> ${num3(-kern)} `
        hex = ''
      }
    }
    if (hex) tj += `<${hex}>`
    f.tj.set(seg, moved ? null : tj)
    return moved ? null : tj
  }

  /**
   * Text-showing operators (inside BT … ET, in the y-up space that TEXT_SPACE sets) for `text`
   * with its left end at `x` and its top at `top`, as pdfkit would draw it: its glyphs, kerning
   * as TJ adjustments (and marks moved by their offsets, see showMarked).
   */
  private showText(text: string, key: FontKey, size: number, x: number, top: number): { ops: string; width: number; font: DocFont } {
    const f = this.docFont(key)
    this.useFont(f)
    const scale = size / 1000
    const baseline = PAGE_H - top - f.embedded.ascender * scale
    let tj = ''
    let width = 0
    for (let from = 0; from < text.length; ) {
      const end = segmentEnd(text, from)
      const seg = from === 0 && end === text.length ? text : text.slice(from, end)
      const shaped = shapeSegment(f.face, seg)
      const elements = this.segmentTJ(f, seg, shaped)
      if (elements === null) return this.showMarked(f, text, size, x, baseline)
      tj += elements
      width += shaped.width
      from = end
    }
    return { ops: `/${f.embedded.id} ${num3(size)} Tf 1 0 0 1 ${num3(x)} ${num3(baseline)} Tm [${tj}] TJ`, width: width * scale, font: f }
  }

  /** Text with marks placed by offsets (combining accents): glyph by glyph, as pdfkit's _fragment does it. */
  private showMarked(f: DocFont, text: string, size: number, x: number, baseline: number): { ops: string; width: number; font: DocFont } {
    const scale = size / 1000
    let ops = `/${f.embedded.id} ${num3(size)} Tf`
    let pen = x
    let moved = true
    let tj = ''
    for (const seg of segments(text)) {
      const s = shapeSegment(f.face, seg)
      for (let i = 0; i < s.ids.length; i++) {
        const hex = this.glyphHex(f, s, i)
        const xo = s.xOffsets[i]!
        const yo = s.yOffsets[i]!
        if (xo || yo || moved) {
          if (tj) ops += ` [${tj}] TJ`
          tj = ''
        }
        if (xo || yo) {
          ops += ` 1 0 0 1 ${num3(pen + xo * scale)} ${num3(baseline + yo * scale)} Tm [<${hex}>] TJ`
          moved = true
        } else {
          if (moved) ops += ` 1 0 0 1 ${num3(pen)} ${num3(baseline)} Tm`
          moved = false
          const kern = s.xAdvances[i]! - s.advances[i]!
          tj += kern !== 0 ? `<${hex}> ${num3(-kern)} ` : `<${hex}>`
        }
        pen += s.xAdvances[i]! * scale
      }
    }
    if (tj) ops += ` [${tj}] TJ`
    return { ops, width: pen - x, font: f }
  }

  /** Underline and strike-through of shown text, drawn as pdfkit draws them (in the text's colour). */
  private decorations(shown: { width: number; font: DocFont }, decor: Decor, color: string, size: number, x: number, top: number): string {
    if (!decor.underline && !decor.strike) return ''
    const lineHeight = this.lineHeight(shown.font, size)
    const lw = size < 10 ? 0.5 : Math.floor(size / 10)
    const rule = (y: number) => ` q ${colorOp(color, true)} ${lw} w ${num3(x)} ${num3(y)} m ${num3(x + shown.width)} ${num3(y)} l S Q`
    return (decor.underline ? rule(top + lineHeight - lw) : '') + (decor.strike ? rule(top + lineHeight / 2) : '')
  }

  private lineHeight(f: DocFont, size: number): number {
    return ((f.embedded.ascender - f.embedded.descender) / 1000) * size
  }

  /** Operators for text in one style whose top-left corner is at (x, top), on one line. */
  textOps(text: string, key: FontKey, size: number, color: string, x: number, top: number, decor: Decor = {}): string {
    if (!text) return ''
    const shown = this.showText(text, key, size, x, top)
    return `${TEXT_SPACE} BT ${colorOp(color)} ${shown.ops} ET Q${this.decorations(shown, decor, color, size, x, top)}`
  }

  /** Text in one style whose top-left corner is at (x, top), on one line. */
  text(text: string, key: FontKey, size: number, color: string, x: number, top: number, decor: Decor = {}): void {
    const ops = this.textOps(text, key, size, color, x, top, decor)
    if (ops) this.write(ops)
  }

  /** Greedy line breaking of styled runs into lines no wider than `width`. */
  layout(runs: StyledRun[], width: number, size: number): Line[] {
    const lines: Line[] = []
    let pieces: Piece[] = []
    let lineWidth = 0
    let space: Piece | null = null
    const flush = () => {
      lines.push({ pieces: mergePieces(pieces), width: lineWidth })
      pieces = []
      lineWidth = 0
      space = null
    }
    const add = (p: Piece) => {
      pieces.push(p)
      lineWidth += p.width
    }
    for (const run of runs) {
      if (run.break) flush()
      const key = fontKey(run.style)
      run.text.split('\n').forEach((part, i) => {
        if (i > 0) flush()
        for (const token of part.split(/(\s+)/)) {
          if (!token) continue
          if (/^\s+$/.test(token)) {
            if (pieces.length > 0) space = { text: ' ', style: run.style, width: this.measure(' ', key, size) }
            continue
          }
          let word = token
          let w = this.measure(word, key, size)
          const sw: number = space ? (space as Piece).width : 0
          if (pieces.length > 0 && lineWidth + sw + w > width) flush()
          else if (space) add(space)
          space = null
          // A word wider than the line (a hash, a URL) is cut where it must be.
          while (w > width - lineWidth && word.length > 1) {
            // A word of letters gets a hyphen at the cut; a hash, a number or a URL is cut bare.
            const natural = /^[\p{L}\p{P}]+$/u.test(word) && !/[/:@]/.test(word)
            const piece = (n: number) => word.slice(0, n) + (natural && /\p{L}/u.test(word[n - 1]!) && /\p{L}/u.test(word[n]!) ? '-' : '')
            let cut = Math.max(1, Math.floor((word.length * (width - lineWidth)) / w))
            while (cut > 1 && this.measure(piece(cut), key, size) > width - lineWidth) cut--
            const head = piece(cut)
            add({ text: head, style: run.style, width: this.measure(head, key, size) })
            flush()
            word = word.slice(cut)
            w = this.measure(word, key, size)
          }
          add({ text: word, style: run.style, width: w })
        }
      })
    }
    if (pieces.length > 0 || lines.length === 0) flush()
    return lines
  }

  /** Draws one laid-out line whose box starts at (x, top) and is `lineHeight` tall: all its pieces in one text object. */
  drawLine(line: Line, x: number, top: number, size: number, lineHeight: number, width: number, align: Align = 'left'): void {
    let dx = align === 'right' ? width - line.width : align === 'center' ? (width - line.width) / 2 : 0
    const textTop = top + (lineHeight - size * FONT_HEIGHT) / 2
    let shownOps = ''
    let after = ''
    const links: { x: number; width: number; height: number; url: string }[] = []
    for (const p of line.pieces) {
      const px = x + dx
      dx += p.width
      if (!p.text) continue
      const shown = this.showText(p.text, fontKey(p.style), size, px, textTop)
      shownOps += ` ${colorOp(p.style.color)} ${shown.ops}`
      after += this.decorations(shown, p.style, p.style.color, size, px, textTop)
      if (p.style.link) links.push({ x: px, width: shown.width, height: this.lineHeight(shown.font, size), url: p.style.link })
    }
    if (shownOps) this.write(`${TEXT_SPACE} BT${shownOps} ET Q${after}`)
    if (!this.sink) for (const l of links) this.doc.link(l.x, textTop, l.width, l.height, l.url)
  }

  /** Text that flows across pages line by line. */
  flow(runs: StyledRun[], box: Box, size: number, lineHeight: number, align: Align = 'left'): void {
    for (const line of this.layout(runs, box.width, size)) {
      this.ensure(lineHeight)
      this.drawLine(line, box.x, this.y, size, lineHeight, box.width, align)
      this.y += lineHeight
    }
  }

  /** A single line of text, cut with an ellipsis to fit `width`. */
  fitted(text: string, key: FontKey, size: number, width: number): string {
    if (this.measure(text, key, size) <= width) return text
    let cut = text.length
    while (cut > 1 && this.measure(`${text.slice(0, cut)}…`, key, size) > width) cut--
    return `${text.slice(0, cut).trimEnd()}…`
  }

  // ── Headings, bookmarks, the contents ──

  heading(text: string, depth: number, tocDepth: number = depth): void {
    const level = Math.min(depth, 2)
    const size = HEADING_SIZE[level]!
    const lh = size * 1.3
    if (depth === 0 && !this.atTop) this.newPage()
    if (!this.atTop) this.y += level === 1 ? 10 : 7
    const lines = this.layout(plain(text, { family: 'body', bold: true, color: INK }), CONTENT_W, size)
    // Keep the heading with the first lines of what follows it.
    this.ensure(lines.length * lh + 3 * BODY_LH)
    const dest = this.bookmark(text, tocDepth)
    this.toc.push({ text, depth: tocDepth, dest, page: this.page })
    for (const line of lines) {
      this.drawLine(line, MARGIN.left, this.y, size, lh, CONTENT_W)
      this.y += lh
    }
    this.y += level === 0 ? 8 : 4
  }

  /** A named destination at the cursor and an outline item nested under the last shallower one. */
  bookmark(text: string, depth: number): string {
    const dest = tocDest(this.tocIndex++)
    this.doc.addNamedDestination(dest, 'XYZ', null, PAGE_H - this.y + 4, null)
    const parent = depth === 0 ? this.doc.outline : (this.outlineStack[depth - 1] ?? this.doc.outline)
    const item = parent.addItem(text)
    this.outlineStack[depth] = item
    this.outlineStack.length = depth + 1
    return dest
  }
}

function mergePieces(pieces: Piece[]): Piece[] {
  const out: Piece[] = []
  for (const p of pieces) {
    const last = out[out.length - 1]
    if (last && sameStyle(last.style, p.style)) {
      last.text += p.text
      last.width += p.width
    } else out.push({ ...p })
  }
  // Trailing spaces are not drawn (they would carry an underline past the word).
  const last = out[out.length - 1]
  if (last && last.text.endsWith(' ')) {
    const trimmed = last.text.trimEnd()
    last.width -= ((last.text.length - trimmed.length) * last.width) / Math.max(1, last.text.length)
    last.text = trimmed
  }
  return out
}

// ── Blocks ────────────────────────────────────────────────────────────────────────────────

const BODY: TextStyle = { family: 'body', color: INK }

function renderBlocks(w: PdfWriter, blocks: Block[], ctx: BlockContext): void {
  blocks.forEach((block, i) => {
    const next = blocks[i + 1]
    // A short paragraph introducing a table or a figure (its title, in effect) stays with its start.
    if (block.type === 'paragraph' && next) {
      const lead = leadHeight(w, next, ctx)
      // Laid out only when a table or figure follows: most paragraphs need no look-ahead.
      const own = lead > 0 ? w.layout(styled(block.runs, BODY), ctx.width, BODY_SIZE).length * BODY_LH : 0
      if (lead > 0 && own <= 3 * BODY_LH && own + lead + 12 <= BOTTOM - TOP) w.ensure(own + lead + 12)
    }
    renderBlock(w, block, ctx)
  })
}

/** The height a block needs on its first page: a whole figure, or a table's caption, header and first row. */
function leadHeight(w: PdfWriter, block: Block, ctx: BlockContext): number {
  if (block.type === 'figure') {
    const size = svgRootSize(block.svg)
    return size ? figureGeometry(w, size, block.caption, ctx).total : 0
  }
  if (block.type === 'table') return tableGeometry(w, block, ctx).lead
  return 0
}

function renderBlock(w: PdfWriter, block: Block, ctx: BlockContext): void {
  switch (block.type) {
    case 'paragraph':
      w.flow(styled(block.runs, BODY), ctx, BODY_SIZE, BODY_LH)
      w.y += ctx.compact ? 2 : 6
      return
    case 'list':
      renderList(w, block, ctx)
      return
    case 'table':
      renderTable(w, block, ctx)
      return
    case 'figure':
      renderFigure(w, block.svg, block.caption, ctx)
      return
    case 'note':
      if (block.tone === 'warning') renderWarning(w, block.runs, ctx)
      else {
        w.flow(styled(block.runs, { family: 'body', italic: true, color: MUTED }), ctx, BODY_SIZE, BODY_LH)
        w.y += 6
      }
      return
    case 'pageBreak':
      if (!w.atTop) w.newPage()
      return
  }
}

function renderList(w: PdfWriter, block: Extract<Block, { type: 'list' }>, ctx: BlockContext): void {
  const bullet = ctx.listLevel % 2 === 0 ? '•' : '–'
  block.items.forEach((item, i) => {
    const marker = block.ordered ? `${i + 1}.` : bullet
    w.ensure(BODY_LH)
    const markerLine = w.layout(plain(marker, BODY), LIST_INDENT, BODY_SIZE)[0]!
    w.drawLine(markerLine, ctx.x, w.y, BODY_SIZE, BODY_LH, LIST_INDENT - 4, block.ordered ? 'right' : 'left')
    renderBlocks(w, item, { x: ctx.x + LIST_INDENT, width: ctx.width - LIST_INDENT, listLevel: ctx.listLevel + 1, compact: true })
  })
  w.y += ctx.compact ? 0 : 4
}

/** A warning note: a tinted, bordered box that continues on the next page if it must. */
function renderWarning(w: PdfWriter, runs: Run[], ctx: BlockContext): void {
  const pad = 6
  const inner = { x: ctx.x + pad, width: ctx.width - 2 * pad }
  const lines = w.layout([{ text: '⚠ ', style: { ...BODY, bold: true, color: WARN_BORDER } }, ...styled(runs, BODY)], inner.width, BODY_SIZE)
  w.y += 2
  let segmentTop: number | null = null
  const close = () => {
    if (segmentTop === null) return
    w.write(strokeRectOps(ctx.x, segmentTop, ctx.width, w.y + pad - segmentTop, WARN_BORDER, 0.8))
    segmentTop = null
  }
  lines.forEach((line, i) => {
    const first = segmentTop === null
    const need = BODY_LH + (first ? pad : 0) + (i === lines.length - 1 ? pad : 0)
    if (w.y + need > BOTTOM && !w.atTop) {
      close()
      w.newPage()
    }
    if (segmentTop === null) {
      segmentTop = w.y
      w.write(fillRectOps(ctx.x, w.y, ctx.width, pad, WARN_FILL))
      w.y += pad
    }
    w.write(fillRectOps(ctx.x, w.y, ctx.width, BODY_LH + (i === lines.length - 1 ? pad : 0), WARN_FILL))
    w.drawLine(line, inner.x, w.y, BODY_SIZE, BODY_LH, inner.width)
    w.y += BODY_LH
  })
  close()
  w.y += pad + 8
}

// ── Tables ────────────────────────────────────────────────────────────────────────────────

type CellLayout = { x: number; width: number; lines: Line[]; align: Align; fill?: string }
type RowLayout = { cells: CellLayout[]; fill?: string }

function rowFill(cells: Cell[], kind: 'head' | 'body'): string | undefined {
  if (kind === 'head') return HEAD_FILL
  // A totals row has every cell emphasised; one emphasised cell (a "must" priority) is only bold.
  if (cells.length > 0 && cells.every((c) => c.emphasis === 'total')) return TOTAL_FILL
  if (cells.length > 0 && cells.every((c) => c.emphasis === 'subtotal' || c.emphasis === 'total')) return SUBTOTAL_FILL
  // A row that is one muted cell across the table is a group label ("Stage 1").
  if (cells.length === 1 && cells[0]!.emphasis === 'muted') return SUBTOTAL_FILL
  return undefined
}

function layoutRow(w: PdfWriter, cells: Cell[], columns: Column[], colX: number[], colW: number[], kind: 'head' | 'body'): RowLayout {
  const out: CellLayout[] = []
  let col = 0
  for (const cell of cells) {
    if (col >= columns.length) break
    const span = Math.max(1, Math.min(cell.colspan ?? 1, columns.length - col))
    const width = colW.slice(col, col + span).reduce((a, b) => a + b, 0)
    const emphasis = cell.emphasis
    const style: TextStyle = {
      family: 'cond',
      bold: kind === 'head' || emphasis === 'total' || emphasis === 'subtotal',
      color: emphasis === 'danger' ? DANGER : emphasis === 'muted' ? MUTED : INK,
    }
    const runs = cell.money ? plain(formatMoney(cell.money.minor, cell.money.currency, w.lang), style) : styled(cell.runs, style)
    if (emphasis === 'danger') runs.unshift({ text: '⚠ ', style })
    const align: Align = cell.money ? 'right' : (columns[col]?.align ?? 'left')
    out.push({ x: colX[col]!, width, lines: w.layout(runs, width - 2 * CELL_PAD_X, TABLE_SIZE), align })
    col += span
  }
  // A short row still draws the grid to the table's right edge.
  while (col < columns.length) {
    out.push({ x: colX[col]!, width: colW[col]!, lines: [], align: 'left' })
    col++
  }
  return { cells: out, fill: rowFill(cells, kind) }
}

function restHeight(row: RowLayout, from: number[]): number {
  const lines = Math.max(0, ...row.cells.map((c, i) => c.lines.length - from[i]!))
  return Math.max(1, lines) * TABLE_LH + 2 * CELL_PAD_Y
}

/** Draws the part of a row that fits in `maxHeight`, from each cell's line `from`; returns the next offsets. */
function drawRowSlice(w: PdfWriter, row: RowLayout, from: number[], maxHeight: number): { height: number; next: number[] } {
  const fit = Math.max(1, Math.floor((maxHeight - 2 * CELL_PAD_Y) / TABLE_LH))
  const shown = row.cells.map((c, i) => Math.min(fit, Math.max(0, c.lines.length - from[i]!)))
  const height = Math.max(1, ...shown) * TABLE_LH + 2 * CELL_PAD_Y
  const top = w.y
  if (row.fill) w.write(fillRectOps(row.cells[0]!.x, top, row.cells.reduce((s, c) => s + c.width, 0), height, row.fill))
  for (let i = 0; i < row.cells.length; i++) {
    const c = row.cells[i]!
    for (let k = 0; k < shown[i]!; k++) {
      const line = c.lines[from[i]! + k]!
      w.drawLine(line, c.x + CELL_PAD_X, top + CELL_PAD_Y + k * TABLE_LH, TABLE_SIZE, TABLE_LH, c.width - 2 * CELL_PAD_X, c.align)
    }
  }
  let grid = `0.5 w ${colorOp(RULE, true)}`
  for (const c of row.cells) grid += ` ${rectOps(c.x, top, c.width, height)}`
  w.write(`${grid} S`)
  return { height, next: from.map((f, i) => f + shown[i]!) }
}

type TableBlock = Extract<Block, { type: 'table' }>
const CAPTION_SIZE = SMALL_SIZE + 1
const CAPTION_LH = CAPTION_SIZE * 1.35
const CAPTION_STYLE: TextStyle = { family: 'body', italic: true, color: MUTED }

/** A table's columns, caption and header row, and the height its start needs (caption, header, first row). */
function tableGeometry(w: PdfWriter, block: TableBlock, ctx: Box) {
  const columns = block.columns.length > 0 ? block.columns : [{ weight: 1, align: 'left' as const }]
  const total = columns.reduce((s, c) => s + c.weight, 0) || 1
  const colW = columns.map((c) => (c.weight / total) * ctx.width)
  const colX = colW.map((_, i) => ctx.x + colW.slice(0, i).reduce((a, b) => a + b, 0))
  const head = block.head.length > 0 ? layoutRow(w, block.head, columns, colX, colW, 'head') : null
  const headHeight = head ? restHeight(head, head.cells.map(() => 0)) : 0
  const caption = block.caption ? w.layout(plain(block.caption, CAPTION_STYLE), ctx.width, CAPTION_SIZE) : []
  const first = block.rows[0] ?? block.foot?.[0]
  const firstLayout = first ? layoutRow(w, first, columns, colX, colW, 'body') : null
  // The first row moves to a new page whole unless it is taller than a page; the header goes with it.
  const firstFull = firstLayout ? restHeight(firstLayout, firstLayout.cells.map(() => 0)) : 0
  const firstHeight = firstFull <= BOTTOM - TOP - headHeight ? firstFull : 3 * TABLE_LH + 2 * CELL_PAD_Y
  const lead = 2 + caption.length * CAPTION_LH + headHeight + firstHeight
  return { columns, colW, colX, head, headHeight, caption, lead }
}

function renderTable(w: PdfWriter, block: TableBlock, ctx: BlockContext): void {
  const { columns, colW, colX, head, headHeight, caption, lead } = tableGeometry(w, block, ctx)
  w.y += 2
  w.ensure(lead)
  for (const line of caption) {
    w.drawLine(line, ctx.x, w.y, CAPTION_SIZE, CAPTION_LH, ctx.width)
    w.y += CAPTION_LH
  }
  const drawHead = () => {
    if (!head) return
    w.y += drawRowSlice(w, head, head.cells.map(() => 0), Infinity).height
  }
  drawHead()
  // Each row is laid out just before it is drawn, so a long table never holds all its lines at once.
  for (const cells of [...block.rows, ...(block.foot ?? [])]) {
    const row = layoutRow(w, cells, columns, colX, colW, 'body')
    let from = row.cells.map(() => 0)
    for (;;) {
      const rest = restHeight(row, from)
      const room = BOTTOM - w.y
      if (rest <= room) {
        w.y += drawRowSlice(w, row, from, rest).height
        break
      }
      // A row that fits on a fresh page moves there whole; a taller one is split by lines.
      const freshRoom = BOTTOM - TOP - headHeight
      if (rest <= freshRoom || room < 3 * TABLE_LH + 2 * CELL_PAD_Y) {
        w.newPage()
        drawHead()
        continue
      }
      const slice = drawRowSlice(w, row, from, room)
      w.y += slice.height
      from = slice.next
      w.newPage()
      drawHead()
    }
  }
  w.y += ctx.compact ? 4 : 10
}

// ── Figures: the subset of SVG that the process diagram emits ─────────────────────────────

type SvgElement = { tag: 'rect' | 'line' | 'path' | 'text'; attrs: Record<string, string>; text?: string }
type SvgPattern = { background: string; stroke: string; strokeWidth: number; size: number }
type ParsedSvg = { width: number; height: number; elements: SvgElement[]; markers: Map<string, string>; patterns: Map<string, SvgPattern> }

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e.startsWith('#x') || e.startsWith('#X')) return String.fromCodePoint(parseInt(e.slice(2), 16))
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10))
    return XML_ENTITIES[e] ?? m
  })
}

function parseAttrs(source: string): Record<string, string> {
  const attrs: Record<string, string> = {}
  for (const m of source.matchAll(/([\w:-]+)\s*=\s*"([^"]*)"/g)) attrs[m[1]!] = unescapeXml(m[2]!)
  return attrs
}

/**
 * Reads the diagram's SVG into drawable elements. Markers and patterns are remembered by id
 * (an arrowhead's colour, a hatch's colours); titles and other defs are skipped.
 */
function parseSvg(svg: string): ParsedSvg | null {
  const elements: SvgElement[] = []
  const markers = new Map<string, string>()
  const patterns = new Map<string, SvgPattern>()
  const stack: { tag: string; attrs: Record<string, string> }[] = []
  let width = 0
  let height = 0
  let openText: SvgElement | null = null
  const tokens = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+\s*=\s*"[^"]*")*)\s*(\/?)>|([^<]+)/g
  for (const m of svg.matchAll(tokens)) {
    const [, closing, tag, attrSource, selfClosing, content] = m
    if (content !== undefined) {
      if (openText) openText.text = (openText.text ?? '') + unescapeXml(content)
      continue
    }
    if (!tag) continue
    if (closing) {
      stack.pop()
      if (tag === 'text') openText = null
      continue
    }
    const attrs = parseAttrs(attrSource ?? '')
    const inside = (name: string) => stack.some((s) => s.tag === name)
    if (tag === 'svg' && stack.length === 0) {
      ;({ width, height } = svgSize(attrs))
    } else if (inside('marker')) {
      const id = stack.find((s) => s.tag === 'marker')!.attrs.id
      if (id && attrs.fill) markers.set(id, attrs.fill)
    } else if (inside('pattern')) {
      const p = stack.find((s) => s.tag === 'pattern')!.attrs
      if (p.id) {
        const pattern = patterns.get(p.id) ?? { background: '#ffffff', stroke: '#cbd5e1', strokeWidth: 1, size: Number(p.width) || 8 }
        if (tag === 'rect' && attrs.fill) pattern.background = attrs.fill
        if (tag === 'line' && attrs.stroke) {
          pattern.stroke = attrs.stroke
          pattern.strokeWidth = Number(attrs['stroke-width']) || 1
        }
        patterns.set(p.id, pattern)
      }
    } else if (!inside('defs') && !inside('title') && (tag === 'rect' || tag === 'line' || tag === 'path' || tag === 'text')) {
      const el: SvgElement = { tag, attrs }
      elements.push(el)
      if (tag === 'text' && !selfClosing) openText = el
    }
    if (!selfClosing) stack.push({ tag, attrs })
  }
  return width > 0 && height > 0 ? { width, height, elements, markers, patterns } : null
}

const num = (value: string | undefined, fallback = 0) => {
  const n = Number(value)
  return Number.isFinite(n) ? n : fallback
}

const urlId = (value: string | undefined) => /^url\(#([^)]+)\)$/.exec(value ?? '')?.[1]

function dashOf(attrs: Record<string, string>): number[] | null {
  const parts = (attrs['stroke-dasharray'] ?? '').split(/[\s,]+/).map(Number).filter((n) => n > 0)
  return parts.length > 0 ? parts : null
}

/** The points a path of absolute/relative M, L, H, V, Z commands passes through. */
function pathPoints(d: string): [number, number][] {
  const points: [number, number][] = []
  let x = 0
  let y = 0
  for (const m of d.matchAll(/([MLHVZmlhvz])([^MLHVZmlhvz]*)/g)) {
    const cmd = m[1]!
    const args = (m[2] ?? '').trim().split(/[\s,]+/).filter(Boolean).map(Number)
    const rel = cmd === cmd.toLowerCase()
    switch (cmd.toUpperCase()) {
      case 'M':
      case 'L':
        for (let i = 0; i + 1 < args.length; i += 2) {
          x = (rel ? x : 0) + args[i]!
          y = (rel ? y : 0) + args[i + 1]!
          points.push([x, y])
        }
        break
      case 'H':
        for (const a of args) points.push([(x = (rel ? x : 0) + a), y])
        break
      case 'V':
        for (const a of args) points.push([x, (y = (rel ? y : 0) + a)])
        break
      case 'Z':
        if (points[0]) points.push([...points[0]])
        break
    }
  }
  return points
}

const pt = (x: number, y: number) => `${num3(x)} ${num3(y)}`

/** A rectangle with rounded corners as path operators, the way pdfkit's roundedRect builds it. */
function roundedRectOps(x: number, y: number, w: number, h: number, radius: number): string {
  const r = Math.max(0, Math.min(radius, 0.5 * w, 0.5 * h))
  if (r === 0) return `${pt(x, y)} ${pt(w, h)} re`
  const c = r * (1 - KAPPA)
  return [
    `${pt(x + r, y)} m ${pt(x + w - r, y)} l`,
    `${pt(x + w - c, y)} ${pt(x + w, y + c)} ${pt(x + w, y + r)} c ${pt(x + w, y + h - r)} l`,
    `${pt(x + w, y + h - c)} ${pt(x + w - c, y + h)} ${pt(x + w - r, y + h)} c ${pt(x + r, y + h)} l`,
    `${pt(x + c, y + h)} ${pt(x, y + h - c)} ${pt(x, y + h - r)} c ${pt(x, y + r)} l`,
    `${pt(x, y + c)} ${pt(x + c, y)} ${pt(x + r, y)} c h`,
  ].join(' ')
}
const KAPPA = 4 * ((Math.SQRT2 - 1) / 3)

/** Strokes the current path with the element's stroke colour, width and dashes. */
function strokeOps(attrs: Record<string, string>): string {
  const dash = dashOf(attrs)
  const set = dash ? `[${dash.map(num3).join(' ')}] 0 d ` : ''
  return `${set}${num3(num(attrs['stroke-width'], 1))} w ${colorOp(attrs.stroke!, true)} S${dash ? ' [] 0 d' : ''}`
}

/** The arrowhead of `marker-end` (viewBox 10, markerWidth 7 × stroke width, tip 1 unit past the end). */
function arrowOps(svg: ParsedSvg, attrs: Record<string, string>, points: [number, number][]): string {
  const id = urlId(attrs['marker-end'])
  if (!id || points.length < 2) return ''
  const [x2, y2] = points[points.length - 1]!
  let k = points.length - 2
  while (k > 0 && points[k]![0] === x2 && points[k]![1] === y2) k--
  const [x1, y1] = points[k]!
  const len = Math.hypot(x2 - x1, y2 - y1)
  if (len === 0) return ''
  const ux = (x2 - x1) / len
  const uy = (y2 - y1) / len
  const unit = (7 * num(attrs['stroke-width'], 1)) / 10
  const tipX = x2 + ux * unit
  const tipY = y2 + uy * unit
  const baseX = tipX - ux * 10 * unit
  const baseY = tipY - uy * 10 * unit
  const half = 5 * unit
  const color = svg.markers.get(id) ?? attrs.stroke ?? INK
  return `${pt(tipX, tipY)} m ${pt(baseX - uy * half, baseY + ux * half)} l ${pt(baseX + uy * half, baseY - ux * half)} l h ${colorOp(color)} f`
}

function hatchOps(pattern: SvgPattern, x: number, y: number, w: number, h: number, r: number): string {
  const step = pattern.size * Math.SQRT2
  let lines = ''
  for (let c = x + y - h; c <= x + w + y + h; c += step) lines += `${pt(c - y, y)} m ${pt(c - y - h, y + h)} l `
  return `q ${roundedRectOps(x, y, w, h, r)} W n ${colorOp(pattern.background)} ${pt(x, y)} ${pt(w, h)} re f ${num3(pattern.strokeWidth)} w ${colorOp(pattern.stroke, true)} ${lines}S Q`
}

/** Operators for one shape or text of the diagram; '' when it draws nothing, null for a path (pdfkit draws those). */
function svgElementOps(w: PdfWriter, svg: ParsedSvg, el: SvgElement): string | null {
  const a = el.attrs
  const stroke = a.stroke && a.stroke !== 'none' ? a.stroke : null
  switch (el.tag) {
    case 'rect': {
      const [x, y, rw, rh, r] = [num(a.x), num(a.y), num(a.width), num(a.height), num(a.rx)]
      const fill = a.fill ?? '#000000'
      const pattern = svg.patterns.get(urlId(fill) ?? '')
      let ops = ''
      if (pattern) ops = hatchOps(pattern, x, y, rw, rh, r)
      else if (fill !== 'none' && !urlId(fill)) ops = `${roundedRectOps(x, y, rw, rh, r)} ${colorOp(fill)} f`
      if (stroke) ops += ` ${roundedRectOps(x, y, rw, rh, r)} ${strokeOps(a)}`
      return ops
    }
    case 'line': {
      if (!stroke) return ''
      const points: [number, number][] = [
        [num(a.x1), num(a.y1)],
        [num(a.x2), num(a.y2)],
      ]
      return `${pt(...points[0]!)} m ${pt(...points[1]!)} l ${strokeOps(a)} ${arrowOps(svg, a, points)}`
    }
    case 'path':
      return a.d ? null : ''
    case 'text': {
      const content = (el.text ?? '').replace(/\s+/g, ' ')
      if (!content.trim()) return ''
      const size = num(a['font-size'], 16)
      const bold = num(a['font-weight'], 400) >= 600 || a['font-weight'] === 'bold'
      const key: FontKey = bold ? 'body-b' : 'body-r'
      const width = w.measure(content, key, size)
      const anchor = a['text-anchor']
      const x = num(a.x) - (anchor === 'middle' ? width / 2 : anchor === 'end' ? width : 0)
      const top = num(a.y) - ASCENT * size
      const fill = a.fill && a.fill !== 'none' ? a.fill : '#000000'
      return w.textOps(content, key, size, fill, x, top, { strike: /line-through/.test(a['text-decoration'] ?? '') })
    }
  }
}

/** A path element, with any SVG path syntax, through pdfkit (after the operators queued so far). */
function drawSvgPath(w: PdfWriter, svg: ParsedSvg, a: Record<string, string>): void {
  const doc = w.doc
  const stroke = a.stroke && a.stroke !== 'none' ? a.stroke : null
  w.flush()
  doc.path(a.d!)
  const fill = a.fill && a.fill !== 'none' && !urlId(a.fill) ? a.fill : null
  if (fill && stroke) doc.fillColor(fill).lineWidth(num(a['stroke-width'], 1)).fillAndStroke(fill, stroke)
  else if (fill) doc.fill(fill)
  else if (stroke) w.write(strokeOps(a))
  const arrow = arrowOps(svg, a, pathPoints(a.d!))
  if (arrow) w.write(arrow)
}

/** The width and height a diagram declares (its root's width/height, else its viewBox). */
function svgSize(attrs: Record<string, string>): { width: number; height: number } {
  const box = (attrs.viewBox ?? '').split(/[\s,]+/).map(Number)
  return { width: Number(attrs.width) || box[2] || 0, height: Number(attrs.height) || box[3] || 0 }
}

/** The size of a diagram from its root element alone (to keep a figure with the paragraph before it). */
function svgRootSize(source: string): { width: number; height: number } | null {
  const root = /<svg\b((?:\s+[\w:-]+\s*=\s*"[^"]*")*)\s*\/?>/.exec(source)
  const size = root ? svgSize(parseAttrs(root[1] ?? '')) : null
  return size && size.width > 0 && size.height > 0 ? size : null
}

/** The scale that fits a diagram on the text width (and on one page), and the height it takes with its caption. */
function figureGeometry(w: PdfWriter, svg: { width: number; height: number }, caption: string | undefined, ctx: Box) {
  const captionLines = caption ? w.layout(plain(caption, CAPTION_STYLE), ctx.width, CAPTION_SIZE) : []
  const captionHeight = captionLines.length * CAPTION_LH + 4
  let scale = Math.min(1, ctx.width / svg.width)
  const maxHeight = BOTTOM - TOP - captionHeight - 8
  if (svg.height * scale > maxHeight) scale = maxHeight / svg.height
  const height = svg.height * scale
  return { scale, height, captionLines, total: 4 + height + captionHeight }
}

function renderFigure(w: PdfWriter, source: string, caption: string | undefined, ctx: BlockContext): void {
  const svg = parseSvg(source)
  if (!svg) {
    w.flow(plain(caption ?? '', CAPTION_STYLE), ctx, BODY_SIZE, BODY_LH)
    return
  }
  const { scale, height, captionLines, total } = figureGeometry(w, svg, caption, ctx)
  w.ensure(total)
  w.y += 4
  w.write(`q 1 0 0 1 ${pt(ctx.x + (ctx.width - svg.width * scale) / 2, w.y)} cm ${scale} 0 0 ${scale} 0 0 cm`)
  for (const el of svg.elements) {
    const drawn = svgElementOps(w, svg, el)
    if (drawn === null) drawSvgPath(w, svg, el.attrs)
    else if (drawn) w.write(drawn)
  }
  w.write('Q')
  w.y += height + 4
  for (const line of captionLines) {
    w.drawLine(line, ctx.x, w.y, CAPTION_SIZE, CAPTION_LH, ctx.width, 'center')
    w.y += CAPTION_LH
  }
  w.y += 8
}

// ── Title sheet, contents, sections, signature sheet ───────────────────────────────────────

function statusLine(lang: Lang, stamp: RenderStamp, versionNumber: number | undefined): string {
  if (stamp.status === 'draft' || versionNumber === undefined) return label(lang, 'draft')
  const version = label(lang, 'version', { number: versionNumber })
  return `${version} · ${label(lang, stamp.status)}`
}

function renderTitleSheet(w: PdfWriter, doc: SpecDocument, stamp: RenderStamp): void {
  const { titleSheet } = doc
  const gap = 30
  const colW = (CONTENT_W - gap) / 2
  const size = 10.5
  const lh = size * 1.45
  let rowBottom = TOP
  titleSheet.blocks.forEach((block, i) => {
    if (i % 2 === 0) w.y = rowBottom + (i > 0 ? 24 : 0)
    const top = w.y
    const box = { x: MARGIN.left + (i % 2) * (colW + gap), width: colW }
    w.flow(plain(block.heading.toUpperCase(), { family: 'body', bold: true, color: INK }), box, size + 0.5, lh)
    w.y += 4
    for (const line of block.lines) {
      const runs: StyledRun[] = line.label ? [{ text: `${line.label}: `, style: { ...BODY, color: MUTED } }] : []
      runs.push({ text: line.value || ' ', style: BODY })
      w.flow(runs, box, size, lh)
    }
    rowBottom = Math.max(rowBottom, w.y)
    if (i % 2 === 0) w.y = top
  })

  // The title in the middle of the sheet, whatever the blocks above take.
  const titleRuns = titleSheet.titleLines.map((line, i) => {
    const s = i === 0 ? 16 : 12.5
    return { lines: w.layout(plain(line, { family: 'body', bold: i === 0 || i === 2, color: INK }), CONTENT_W - 40, s), size: s }
  })
  const versionNumber = stamp.versionNumber ?? doc.meta.versionNumber
  const blockHeight = titleRuns.reduce((h, t) => h + t.lines.length * t.size * 1.4 + 6, 0) + 30
  w.y = Math.max(rowBottom + 40, TOP + (BOTTOM - TOP) * 0.42 - blockHeight / 2)
  for (const t of titleRuns) {
    for (const line of t.lines) {
      w.drawLine(line, MARGIN.left, w.y, t.size, t.size * 1.4, CONTENT_W, 'center')
      w.y += t.size * 1.4
    }
    w.y += 6
  }
  w.y += 14
  const status = w.layout(plain(statusLine(doc.meta.language, stamp, versionNumber), { family: 'body', color: MUTED }), CONTENT_W, BODY_SIZE)
  for (const line of status) {
    w.drawLine(line, MARGIN.left, w.y, BODY_SIZE, BODY_LH, CONTENT_W, 'center')
    w.y += BODY_LH
  }

  if (titleSheet.footerLine) {
    const footer = w.layout(plain(titleSheet.footerLine, BODY), CONTENT_W, 11)
    w.y = BOTTOM - footer.length * 11 * 1.4
    for (const line of footer) {
      w.drawLine(line, MARGIN.left, w.y, 11, 11 * 1.4, CONTENT_W, 'center')
      w.y += 11 * 1.4
    }
  }
}

function headingText(lang: Lang, section: Section, appendix: boolean): string {
  return appendix ? `${label(lang, 'appendix', { number: section.number })}. ${section.title}` : `${section.number} ${section.title}`.trim()
}

function renderSection(w: PdfWriter, section: Section, depth: number, appendix: boolean): void {
  w.heading(headingText(w.lang, section, appendix), depth)
  renderBlocks(w, section.blocks, { x: MARGIN.left, width: CONTENT_W, listLevel: 0, compact: false })
  for (const child of section.children) renderSection(w, child, depth + 1, false)
}

type TocPlacement = { entry: number; depth: number; page: number; y: number; lines: Line[] }

/** The named destination of the n-th heading (0-based, in document order: the contents' order). */
const tocDest = (entry: number) => `spec-${entry + 1}`
const TOC_SIZE = 10
const TOC_LH = TOC_SIZE * 1.4
const TOC_TITLE_SIZE = 14

/** Where every contents entry goes: its height never depends on the page numbers, so this is exact before they are known. */
function planToc(w: PdfWriter, entries: { text: string; depth: number }[]): { placements: TocPlacement[]; pages: number } {
  const placements: TocPlacement[] = []
  let page = 0
  let y = TOP + TOC_TITLE_SIZE * 1.3 + 12
  entries.forEach((entry, i) => {
    const indent = entry.depth * TOC_INDENT
    const lines = w.layout(plain(entry.text, BODY), CONTENT_W - indent - TOC_NUMBER_W, TOC_SIZE)
    const gap = entry.depth === 0 && i > 0 ? 4 : 0
    const height = lines.length * TOC_LH + gap
    if (y + height > BOTTOM) {
      page++
      y = TOP
    } else y += gap
    placements.push({ entry: i, depth: entry.depth, page, y, lines })
    y += lines.length * TOC_LH
  })
  return { placements, pages: page + 1 }
}

function tocEntries(lang: Lang, doc: SpecDocument): { text: string; depth: number }[] {
  const out: { text: string; depth: number }[] = []
  const walk = (s: Section, depth: number, appendix: boolean) => {
    out.push({ text: headingText(lang, s, appendix), depth })
    for (const c of s.children) walk(c, depth + 1, false)
  }
  for (const s of doc.sections) walk(s, 0, false)
  for (const s of doc.appendices) walk(s, 0, true)
  out.push({ text: doc.signatureSheet.title || label(lang, 'signatureSheet'), depth: 0 })
  return out
}

/** Links from the contents' entries to their headings: on the contents' pages while they are being written. */
function linkToc(w: PdfWriter, plan: TocPlacement[], page: number): void {
  for (const p of plan) {
    if (p.page !== page) continue
    const indent = p.depth * TOC_INDENT
    w.doc.goTo(MARGIN.left + indent, p.y, CONTENT_W - indent, p.lines.length * TOC_LH, tocDest(p.entry))
  }
}

/** The contents' text, into the later streams of its pages once every heading's page is known. */
function drawToc(w: PdfWriter, firstPage: number, plan: TocPlacement[], title: string): void {
  for (const p of plan) {
    w.into(firstPage + p.page, () => {
      if (p.entry === 0) {
        const heading = w.layout(plain(title, { family: 'body', bold: true, color: INK }), CONTENT_W, TOC_TITLE_SIZE)[0]!
        w.drawLine(heading, MARGIN.left, TOP, TOC_TITLE_SIZE, TOC_TITLE_SIZE * 1.3, CONTENT_W)
      }
      const entry = w.toc[p.entry]
      if (!entry) return
      const indent = entry.depth * TOC_INDENT
      const x = MARGIN.left + indent
      const textWidth = CONTENT_W - indent - TOC_NUMBER_W
      p.lines.forEach((line, k) => w.drawLine(line, x, p.y + k * TOC_LH, TOC_SIZE, TOC_LH, textWidth))
      const lastTop = p.y + (p.lines.length - 1) * TOC_LH
      const last = p.lines[p.lines.length - 1]!
      const number = String(entry.page ?? '')
      const numberLine = w.layout(plain(number, BODY), TOC_NUMBER_W, TOC_SIZE)[0]!
      w.drawLine(numberLine, MARGIN.left + CONTENT_W - TOC_NUMBER_W, lastTop, TOC_SIZE, TOC_LH, TOC_NUMBER_W, 'right')
      // Dot leaders from the end of the title to the page number.
      const dotsFrom = x + last.width + 4
      const dotsTo = MARGIN.left + CONTENT_W - numberLine.width - 4
      const dotW = w.measure(' .', 'body-r', TOC_SIZE)
      const count = Math.floor((dotsTo - dotsFrom) / dotW)
      if (count > 0) {
        const dots = ' .'.repeat(count)
        w.text(dots, 'body-r', TOC_SIZE, MUTED, dotsTo - w.measure(dots, 'body-r', TOC_SIZE), lastTop + (TOC_LH - TOC_SIZE * FONT_HEIGHT) / 2)
      }
    })
  }
}

function renderSignatureSheet(w: PdfWriter, doc: SpecDocument): void {
  const lang = doc.meta.language
  w.heading(doc.signatureSheet.title || label(lang, 'signatureSheet'), 0)
  w.y += 4
  for (const line of doc.signatureSheet.lines) renderSignatureLine(w, lang, line)
}

/** One signer: a bordered block of fields; an unsigned one gets blank lines to sign on paper. */
function renderSignatureLine(w: PdfWriter, lang: Lang, line: SignatureLine): void {
  const labelW = 130
  const valueW = CONTENT_W - labelW
  const signed = line.signedAt !== undefined
  const fields: { key: string; value: string; mono?: boolean; blank?: boolean }[] = [
    { key: label(lang, 'party'), value: label(lang, line.party) },
    { key: label(lang, 'meaning'), value: label(lang, line.meaning) },
    { key: label(lang, 'name'), value: line.name, blank: !line.name },
    { key: label(lang, 'position'), value: line.position || line.role, blank: !(line.position || line.role) },
  ]
  if (signed) {
    fields.push({ key: label(lang, 'time'), value: formatDateTime(line.signedAt!, lang) })
    if (line.contentHash) fields.push({ key: label(lang, 'hash'), value: line.contentHash, mono: true })
    fields.push({ key: label(lang, 'signature'), value: label(lang, 'signed') })
  } else {
    fields.push({ key: label(lang, 'signature'), value: '', blank: true }, { key: label(lang, 'time'), value: '', blank: true })
  }
  const rows = fields.map((f) => {
    const style: TextStyle = { family: f.mono ? 'mono' : 'body', color: INK }
    const lines = f.blank ? [] : w.layout(plain(f.value, style), valueW - 2 * CELL_PAD_X - 4, f.mono ? 8.5 : BODY_SIZE)
    const keyLines = w.layout(plain(f.key, { family: 'body', color: MUTED }), labelW - 2 * CELL_PAD_X, 9)
    const height = Math.max(f.blank ? 34 : 0, Math.max(lines.length, keyLines.length) * BODY_LH + 2 * CELL_PAD_Y + 2)
    return { f, lines, keyLines, height }
  })
  const headerH = BODY_LH + 2 * CELL_PAD_Y + 2
  const total = headerH + rows.reduce((s, r) => s + r.height, 0)
  w.ensure(total + 14)
  const top = w.y
  w.write(fillRectOps(MARGIN.left, top, CONTENT_W, headerH, HEAD_FILL))
  const party = label(lang, line.party)
  const title = !line.role || line.role.toLowerCase() === party.toLowerCase() ? party : `${line.role} — ${party}`
  const head = w.layout(plain(title, { family: 'body', bold: true, color: INK }), CONTENT_W - 2 * CELL_PAD_X, BODY_SIZE)[0]!
  w.drawLine(head, MARGIN.left + CELL_PAD_X, top + CELL_PAD_Y + 1, BODY_SIZE, BODY_LH, CONTENT_W)
  w.y = top + headerH
  for (const r of rows) {
    const y = w.y
    r.keyLines.forEach((l, k) => w.drawLine(l, MARGIN.left + CELL_PAD_X, y + CELL_PAD_Y + 1 + k * BODY_LH, 9, BODY_LH, labelW))
    const size = r.f.mono ? 8.5 : BODY_SIZE
    r.lines.forEach((l, k) => w.drawLine(l, MARGIN.left + labelW + CELL_PAD_X, y + CELL_PAD_Y + 1 + k * BODY_LH, size, BODY_LH, valueW))
    if (r.f.blank) {
      w.write(lineOps(MARGIN.left + labelW + CELL_PAD_X, y + r.height - 6, MARGIN.left + CONTENT_W - 3 * CELL_PAD_X, y + r.height - 6, INK, 0.7))
    }
    w.write(lineOps(MARGIN.left, y, MARGIN.left + CONTENT_W, y, RULE, 0.5))
    w.y += r.height
  }
  w.write(lineOps(MARGIN.left + labelW, top + headerH, MARGIN.left + labelW, w.y, RULE, 0.5))
  w.write(strokeRectOps(MARGIN.left, top, CONTENT_W, w.y - top, RULE, 0.8))
  w.y += 14
}

/** Header (project · title) and footer (version · hash or draft; page N of M) on every page but the title sheet. */
function drawRunningHeads(w: PdfWriter, doc: SpecDocument, stamp: RenderStamp): void {
  const lang = doc.meta.language
  const count = w.pages
  const versionNumber = stamp.versionNumber ?? doc.meta.versionNumber
  const left =
    stamp.status === 'draft' || versionNumber === undefined
      ? [label(lang, 'draft'), shortHash(stamp.contentHash)].filter(Boolean).join(' · ')
      : [label(lang, 'version', { number: versionNumber }), shortHash(stamp.contentHash)].filter(Boolean).join(' · ')
  const headerText = w.fitted(`${doc.meta.projectName} · ${doc.meta.title}`, 'body-r', SMALL_SIZE, CONTENT_W)
  const headerY = 10 * MM
  const footerY = PAGE_H - 13 * MM
  const rule = (y: number) => lineOps(MARGIN.left, y, MARGIN.left + CONTENT_W, y, RULE, 0.4)
  for (let page = 2; page <= count; page++) {
    w.into(page, () => {
      w.text(headerText, 'body-r', SMALL_SIZE, MUTED, MARGIN.left, headerY)
      w.write(`${rule(headerY + SMALL_SIZE * 1.5)} ${rule(footerY - 4)}`)
      w.text(left, 'body-r', SMALL_SIZE, MUTED, MARGIN.left, footerY)
      const pageText = label(lang, 'page', { page, pages: count })
      w.text(pageText, 'body-r', SMALL_SIZE, MUTED, MARGIN.left + CONTENT_W - w.measure(pageText, 'body-r', SMALL_SIZE), footerY)
    })
  }
}

// ── Metadata ──────────────────────────────────────────────────────────────────────────────

const STAMP_INFO_KEY = 'SpecwrightContentHash'

function keywords(stamp: RenderStamp): string {
  return [
    stamp.versionId ? `specwright-version:${stamp.versionId}` : null,
    stamp.contentHash ? `sha256:${stamp.contentHash}` : null,
    stamp.projectSlug ? `specwright-project:${stamp.projectSlug}` : null,
    `specwright-status:${stamp.status}`,
  ]
    .filter(Boolean)
    .join(' ')
}

/** A hex value of a custom Info key, written inline or (as pdfkit does) as an indirect object. */
function infoKeyValue(source: string, key: string): string | undefined {
  const m = new RegExp(`/${key}\\s*(?:\\(([0-9a-f]{64})\\)|(\\d+) 0 R)`).exec(source)
  if (!m) return undefined
  if (m[1]) return m[1]
  return new RegExp(`(?:^|\\s)${m[2]} 0 obj\\s*\\(([0-9a-f]{64})\\)`).exec(source)?.[1]
}

/**
 * Reads back the stamp a rendering wrote into the file's metadata (also from a sealed file:
 * sealing appends an incremental update and keeps the Info dictionary). Null when the file is
 * not a PDF or carries no Specwright stamp.
 */
export async function readPdfStamp(bytes: Buffer): Promise<{ versionId?: string; contentHash?: string } | null> {
  let words: string[]
  try {
    const { PDF } = await import('@libpdf/core')
    const pdf = await PDF.load(new Uint8Array(bytes))
    words = pdf.getKeywords() ?? []
  } catch {
    words = []
  }
  if (words.length === 0) {
    // pdfkit writes Info entries as uncompressed literal strings: a plain scan finds them when the loader cannot.
    const source = bytes.toString('latin1')
    words = [...source.matchAll(/\((specwright-[^()]*|sha256:[^()]*)\)/g)].flatMap((m) => m[1]!.split(/\s+/))
  }
  const versionId = words.find((k) => k.startsWith('specwright-version:'))?.slice('specwright-version:'.length)
  const fromKeywords = words.find((k) => k.startsWith('sha256:'))?.slice('sha256:'.length)
  const contentHash = fromKeywords ?? infoKeyValue(bytes.toString('latin1'), STAMP_INFO_KEY)
  if (!versionId && !contentHash) return null
  return { ...(versionId ? { versionId } : {}), ...(contentHash ? { contentHash } : {}) }
}

// ── Entry point ───────────────────────────────────────────────────────────────────────────

export async function renderPdf(doc: SpecDocument, stamp: RenderStamp, opts: RenderPdfOptions = {}): Promise<Buffer> {
  const lang = doc.meta.language
  const pdf = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    autoFirstPage: false,
    // Each page is written out when the next one starts; what depends on later pages goes into a second stream (PdfWriter.later).
    bufferPages: false,
    // PDF 1.3 makes pdfkit skip its XMP packet, which it builds without escaping (a title with "&" would break it);
    // the Info dictionary carries the metadata, and every feature used here (outline, attachments) predates 1.4.
    pdfVersion: '1.3',
    lang: lang === 'ru' ? 'ru-RU' : 'en-US',
    displayTitle: true,
    info: {
      Title: doc.meta.title,
      Author: doc.meta.clientOrganisation || 'Specwright',
      Subject: doc.meta.projectName,
      Keywords: keywords(stamp),
      Creator: 'Specwright',
    },
  })
  if (stamp.contentHash) Object.assign(pdf.info, { [STAMP_INFO_KEY]: stamp.contentHash })
  const chunks: Buffer[] = []
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)))
    pdf.on('error', reject)
  })

  const w = new PdfWriter(pdf, lang)
  w.newPage()
  renderTitleSheet(w, doc, stamp)

  // The contents' pages are reserved now (with their links) and written once every heading's page is known.
  const contentsTitle = label(lang, 'contents')
  const entries = tocEntries(lang, doc)
  const plan = planToc(w, entries)
  const tocFirst = w.page + 1
  for (let p = 0; p < plan.pages; p++) {
    w.newPage()
    if (p === 0) {
      pdf.addNamedDestination('contents', 'XYZ', null, PAGE_H - TOP, null)
      pdf.outline.addItem(contentsTitle)
    }
    linkToc(w, plan.placements, p)
  }
  w.y = BOTTOM

  for (const s of doc.sections) renderSection(w, s, 0, false)
  for (const s of doc.appendices) renderSection(w, s, 0, true)
  renderSignatureSheet(w, doc)
  if (w.toc.length !== entries.length) throw new Error(`PDF: ${w.toc.length} headings drawn but ${entries.length} in the contents`)

  drawToc(w, tocFirst, plan.placements, contentsTitle)
  drawRunningHeads(w, doc, stamp)
  w.finish()

  for (const a of opts.attachments ?? []) {
    const options: PDFKit.Mixins.PDFAttachmentOptions & { relationship: string } = {
      name: a.name,
      type: a.mime,
      description: a.description,
      relationship: 'Alternative',
    }
    pdf.file(a.data, options)
  }
  pdf.end()
  return done
}
