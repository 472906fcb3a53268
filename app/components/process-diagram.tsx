import { translate, type Locale } from '~/i18n'
import type { Verdict } from '~/schemas/process'

/**
 * The flow diagram of a process as one SVG string, built without a browser so the page can
 * server-render it and the DOCX/PDF export can embed the very same picture. Boxes run left to
 * right and wrap into rows; a connector leads from the end of a row to the start of the next.
 * The to-be view tells verdicts apart without colour: removed steps are greyed, dashed,
 * crossed by a diagonal and their title struck through; automated steps get a double border
 * and a black "automated" tag; simplified steps a dash-dot border and a tag.
 */

export type DiagramStep = {
  title: string
  actor?: string
  tool?: string
  duration?: string
  verdict: Verdict | string
}

export type DiagramView = 'as-is' | 'to-be'

export type DiagramOptions = {
  view: DiagramView
  locale: Locale
  /** Prefix for the ids inside the SVG (markers, patterns) when several diagrams share a page. */
  idPrefix?: string
  /** Boxes per row; 4 fits an A4 page in portrait. */
  columns?: number
}

// Arial-metric fonts first (everywhere, with Cyrillic); DejaVu Sans as the wide fallback.
const FONT = "Arial, 'Liberation Sans', Helvetica, 'Noto Sans', 'DejaVu Sans', sans-serif"
const BOX_W = 200
const GAP_X = 44
const GAP_Y = 44
const MARGIN = 16
const PAD = 10
const TITLE_SIZE = 13
const TITLE_LINE = 17
const META_SIZE = 11
const META_LINE = 14
const MAX_TITLE_LINES = 4
const INK = '#0f172a'
const MUTED = '#475569'
const GREY = '#94a3b8'

// XML 1.0 forbids most control characters; a title pasted from elsewhere must not break the file.
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g

export function escapeXml(text: string): string {
  return text
    .replace(XML_INVALID, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

/**
 * An estimate of a string's width; enough to wrap text inside a box. Deliberately on the wide
 * side (DejaVu Sans, the widest common fallback), so text fits whichever font renders it.
 */
function textWidth(text: string, size: number, bold = false): number {
  let em = 0
  for (const ch of text) {
    if (ch === ' ') em += 0.32
    else if (/[iljtfr.,:;'|!()[\]]/.test(ch)) em += 0.36
    else if (/[mwшщжюыМШЩЖЮЫMW]/.test(ch)) em += 0.95
    else if (/[A-ZА-ЯЁ]/.test(ch)) em += 0.74
    else if (/[а-яё]/.test(ch)) em += 0.64
    else em += 0.63
  }
  return em * size * (bold ? 1.08 : 1)
}

/** Splits text into at most `maxLines` lines that fit `width`; the last one ends in "…" if cut. */
export function wrapText(text: string, width: number, size: number, maxLines: number, bold = false): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean)
  const lines: string[] = []
  let line = ''
  const push = (l: string) => lines.push(l)
  for (let word of words) {
    // A word longer than a line is cut into pieces that fit.
    while (textWidth(word, size, bold) > width) {
      let cut = word.length - 1
      while (cut > 1 && textWidth(word.slice(0, cut), size, bold) > width) cut--
      if (line) {
        push(line)
        line = ''
      }
      push(word.slice(0, cut))
      word = word.slice(cut)
    }
    const candidate = line ? `${line} ${word}` : word
    if (textWidth(candidate, size, bold) <= width) line = candidate
    else {
      push(line)
      line = word
    }
  }
  if (line) push(line)
  if (lines.length <= maxLines) return lines
  const kept = lines.slice(0, maxLines)
  let last = kept[maxLines - 1]!
  while (last.length > 1 && textWidth(`${last}…`, size, bold) > width) last = last.slice(0, -1)
  kept[maxLines - 1] = `${last.trimEnd()}…`
  return kept
}

type Box = {
  index: number
  step: DiagramStep
  verdict: Verdict
  titleLines: string[]
  meta: string[]
  x: number
  y: number
  h: number
}

function normalVerdict(v: string): Verdict {
  return v === 'simplify' || v === 'automate' || v === 'remove' ? v : 'keep'
}

function text(x: number, y: number, content: string, attrs: string): string {
  return `<text x="${x}" y="${y}" ${attrs}>${escapeXml(content)}</text>`
}

export function renderProcessDiagramSvg(steps: DiagramStep[], options: DiagramOptions): string {
  const { view, locale } = options
  const t = (key: string, vars?: Record<string, string | number>) => translate(locale, `processes.diagram.${key}`, vars)
  const id = options.idPrefix ?? 'pd'
  const toBe = view === 'to-be'
  const columns = Math.max(1, Math.min(steps.length || 1, options.columns ?? 4))
  const width = MARGIN * 2 + columns * BOX_W + (columns - 1) * GAP_X
  const inner = BOX_W - PAD * 2
  const title = t(toBe ? 'titleToBe' : 'titleAsIs')
  const open = (w: number, h: number) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-labelledby="${id}-title" font-family="${escapeXml(FONT)}">` +
    `<title id="${id}-title">${escapeXml(title)}</title>`

  if (steps.length === 0) {
    const w = 560
    const lines = wrapText(t('empty'), w - 40, 14, 3)
    const h = 40 + lines.length * 20
    return (
      open(w, h) +
      `<rect x="1" y="1" width="${w - 2}" height="${h - 2}" rx="8" fill="#ffffff" stroke="${GREY}" stroke-dasharray="6 4"/>` +
      lines.map((l, i) => text(w / 2, 28 + i * 20, l, `font-size="14" fill="${MUTED}" text-anchor="middle"`)).join('') +
      '</svg>'
    )
  }

  // Lay out: measure every box, then give each row the height of its tallest box.
  const boxes: Box[] = steps.map((step, index) => {
    const verdict = toBe ? normalVerdict(step.verdict) : 'keep'
    const titleLines = wrapText(step.title, inner, TITLE_SIZE, MAX_TITLE_LINES, true)
    const meta: string[] = []
    if (step.actor) meta.push(wrapText(step.actor, inner, META_SIZE, 1)[0]!)
    const toolLine = [step.tool, step.duration].filter(Boolean).join(' · ')
    if (toolLine) meta.push(wrapText(toolLine, inner, META_SIZE, 1)[0]!)
    return { index, step, verdict, titleLines, meta, x: 0, y: 0, h: 0 }
  })
  const key = toBe ? legend(id, t, width) : null
  const legendH = key ? key.height : 0
  let y = MARGIN + legendH
  for (let start = 0; start < boxes.length; start += columns) {
    const row = boxes.slice(start, start + columns)
    const h = Math.max(...row.map((b) => 26 + b.titleLines.length * TITLE_LINE + (b.meta.length ? 6 + b.meta.length * META_LINE : 0) + PAD))
    row.forEach((b, i) => {
      b.x = MARGIN + i * (BOX_W + GAP_X)
      b.y = y
      b.h = h
    })
    y += h + GAP_Y
  }
  const height = y - GAP_Y + MARGIN

  const parts: string[] = [open(width, height)]
  parts.push(
    '<defs>' +
      `<marker id="${id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${INK}"/></marker>` +
      `<marker id="${id}-arrow-grey" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${GREY}"/></marker>` +
      `<pattern id="${id}-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#f1f5f9"/><line x1="0" y1="0" x2="0" y2="8" stroke="#cbd5e1" stroke-width="2"/></pattern>` +
      '</defs>',
  )
  parts.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`)
  if (key) parts.push(key.svg)

  // Connectors first, so boxes sit on top of them.
  for (let i = 0; i + 1 < boxes.length; i++) {
    const a = boxes[i]!
    const b = boxes[i + 1]!
    const faded = a.verdict === 'remove' || b.verdict === 'remove'
    const stroke = faded ? `stroke="${GREY}" stroke-dasharray="4 3"` : `stroke="${INK}"`
    const marker = `marker-end="url(#${id}-arrow${faded ? '-grey' : ''})"`
    if (a.y === b.y) {
      const cy = a.y + Math.min(a.h / 2, 30)
      parts.push(`<line x1="${a.x + BOX_W}" y1="${cy}" x2="${b.x - 2}" y2="${cy}" ${stroke} stroke-width="1.5" ${marker}/>`)
    } else {
      const x1 = a.x + BOX_W / 2
      const y1 = a.y + a.h
      const mid = y1 + GAP_Y / 2
      const x2 = b.x + BOX_W / 2
      parts.push(`<path d="M${x1},${y1} V${mid} H${x2} V${b.y - 2}" fill="none" ${stroke} stroke-width="1.5" ${marker}/>`)
    }
  }

  for (const b of boxes) parts.push(drawBox(b, id, t))
  parts.push('</svg>')
  return parts.join('')
}

function tagLabel(verdict: Verdict, t: (key: string) => string): string | null {
  return verdict === 'keep' ? null : t(`tag.${verdict}`)
}

function drawBox(b: Box, id: string, t: (key: string) => string): string {
  const { x, y, h, verdict } = b
  const removed = verdict === 'remove'
  const ink = removed ? '#64748b' : INK
  const out: string[] = [`<g data-step="${b.index + 1}" data-verdict="${verdict}">`]
  if (removed) {
    out.push(
      `<rect x="${x}" y="${y}" width="${BOX_W}" height="${h}" rx="6" fill="url(#${id}-hatch)" stroke="${GREY}" stroke-width="1.5" stroke-dasharray="6 4"/>`,
    )
  } else if (verdict === 'automate') {
    out.push(`<rect x="${x}" y="${y}" width="${BOX_W}" height="${h}" rx="6" fill="#ffffff" stroke="${INK}" stroke-width="3"/>`)
    out.push(`<rect x="${x + 4}" y="${y + 4}" width="${BOX_W - 8}" height="${h - 8}" rx="4" fill="none" stroke="${INK}" stroke-width="1"/>`)
  } else if (verdict === 'simplify') {
    out.push(
      `<rect x="${x}" y="${y}" width="${BOX_W}" height="${h}" rx="6" fill="#ffffff" stroke="${INK}" stroke-width="2" stroke-dasharray="10 3 2 3"/>`,
    )
  } else {
    out.push(`<rect x="${x}" y="${y}" width="${BOX_W}" height="${h}" rx="6" fill="#ffffff" stroke="${INK}" stroke-width="1.5"/>`)
  }

  // The head line: the step number, and the verdict tag on the right.
  const headY = y + 18
  out.push(text(x + PAD, headY, String(b.index + 1), `font-size="11" font-weight="700" fill="${MUTED}"`))
  const tag = tagLabel(verdict, t)
  if (tag) {
    const tagW = textWidth(tag, 10, true) + 12
    const tx = x + BOX_W - PAD - tagW + (verdict === 'automate' ? -2 : 0)
    const filled = verdict === 'automate'
    out.push(
      `<rect x="${tx}" y="${y + 7}" width="${tagW}" height="15" rx="3" fill="${filled ? INK : '#ffffff'}" stroke="${removed ? '#64748b' : INK}" stroke-width="1"/>`,
      text(tx + tagW / 2, y + 18, tag, `font-size="10" font-weight="700" text-anchor="middle" fill="${filled ? '#ffffff' : ink}"`),
    )
  }

  let ty = y + 26 + TITLE_SIZE
  for (const line of b.titleLines) {
    // The struck label is one of four cues (tag, hatching, diagonal): each survives where another may not.
    out.push(text(x + PAD, ty, line, `font-size="${TITLE_SIZE}" font-weight="600" fill="${ink}"${removed ? ' text-decoration="line-through"' : ''}`))
    ty += TITLE_LINE
  }
  let my = ty - TITLE_LINE + 6 + META_LINE
  for (const line of b.meta) {
    out.push(text(x + PAD, my, line, `font-size="${META_SIZE}" fill="${removed ? '#64748b' : MUTED}"`))
    my += META_LINE
  }
  if (removed) {
    out.push(`<line class="strike" x1="${x + 3}" y1="${y + 3}" x2="${x + BOX_W - 3}" y2="${y + h - 3}" stroke="#64748b" stroke-width="1.5"/>`)
  }
  out.push('</g>')
  return out.join('')
}

/** The key to the to-be marks; wraps onto a second line when the diagram is narrow. */
function legend(id: string, t: (key: string) => string, width: number): { svg: string; height: number } {
  const items: Verdict[] = ['keep', 'simplify', 'automate', 'remove']
  const out: string[] = [`<g data-legend="true">`]
  out.push(text(MARGIN, MARGIN + 10, t('legend'), `font-size="11" font-weight="700" fill="${MUTED}"`))
  const w = 28
  const h = 18
  let x = MARGIN
  let y = MARGIN + 18
  for (const v of items) {
    const label = t(`legendItem.${v}`)
    const itemW = w + 6 + textWidth(label, 11)
    if (x > MARGIN && x + itemW > width - MARGIN) {
      x = MARGIN
      y += h + 8
    }
    if (v === 'remove') {
      out.push(
        `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="3" fill="url(#${id}-hatch)" stroke="${GREY}" stroke-width="1.5" stroke-dasharray="4 3"/>`,
      )
      out.push(`<line x1="${x + 2}" y1="${y + 2}" x2="${x + w - 2}" y2="${y + h - 2}" stroke="#64748b" stroke-width="1.2"/>`)
    } else if (v === 'automate') {
      out.push(`<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="3" fill="#ffffff" stroke="${INK}" stroke-width="3"/>`)
      out.push(`<rect x="${x + 3.5}" y="${y + 3.5}" width="${w - 7}" height="${h - 7}" rx="2" fill="none" stroke="${INK}" stroke-width="1"/>`)
    } else if (v === 'simplify') {
      out.push(
        `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="3" fill="#ffffff" stroke="${INK}" stroke-width="2" stroke-dasharray="8 3 2 3"/>`,
      )
    } else {
      out.push(`<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="3" fill="#ffffff" stroke="${INK}" stroke-width="1.5"/>`)
    }
    out.push(text(x + w + 6, y + 13, label, `font-size="11" fill="${INK}"`))
    x += itemW + 22
  }
  out.push('</g>')
  return { svg: out.join(''), height: y + h - MARGIN + 20 }
}

/** The diagram inside a page: the same SVG string, scaled to the available width. */
export function ProcessDiagram({ steps, view, locale }: { steps: DiagramStep[]; view: DiagramView; locale: Locale }) {
  const svg = renderProcessDiagramSvg(steps, { view, locale, idPrefix: `pd-${view}` })
  return (
    <div
      className="overflow-x-auto [&>svg]:h-auto [&>svg]:max-w-full print:[&>svg]:max-w-full"
      // The string is built by renderProcessDiagramSvg, which escapes every piece of user text.
      dangerouslySetInnerHTML={{ __html: svg }}
    />
  )
}
