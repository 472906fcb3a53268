import type { Block, Cell, Run } from './spec-document'

/**
 * Tiptap JSON (the schema of app/utils/rich-text.ts) → specification blocks. One converter
 * for every free section. A node this converter does not know becomes a warning note naming
 * it and is reported to the caller: nothing is dropped silently.
 */

type Json = { type?: unknown; content?: unknown; text?: unknown; marks?: unknown; attrs?: unknown }

function asNode(value: unknown): Json | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null
}

function children(node: Json): Json[] {
  return Array.isArray(node.content) ? node.content.flatMap((c) => asNode(c) ?? []) : []
}

function nodeName(node: Json): string {
  return typeof node.type === 'string' ? node.type : '(no type)'
}

function unknownNote(name: string, report: (problem: string) => void): Block {
  report(`Rich text node "${name}" cannot be shown in the specification.`)
  return { type: 'note', tone: 'warning', runs: [{ text: `Content of type "${name}" could not be shown.` }] }
}

function markedRun(text: string, marks: unknown, forceBold: boolean, report: (problem: string) => void): Run {
  const run: Run = { text }
  if (forceBold) run.bold = true
  if (Array.isArray(marks)) {
    for (const m of marks) {
      const mark = asNode(m)
      if (!mark) continue
      switch (mark.type) {
        case 'bold':
          run.bold = true
          break
        case 'italic':
          run.italic = true
          break
        case 'underline':
          run.underline = true
          break
        case 'strike':
          run.strike = true
          break
        case 'link': {
          const attrs = asNode(mark.attrs)
          const href = attrs && typeof (attrs as Record<string, unknown>).href === 'string' ? ((attrs as Record<string, unknown>).href as string) : ''
          if (/^(https?:\/\/|mailto:)/i.test(href.trim())) run.link = href.trim()
          break
        }
        default:
          report(`Rich text mark "${typeof mark.type === 'string' ? mark.type : '(no type)'}" is ignored.`)
      }
    }
  }
  return run
}

/** Inline content of a paragraph or heading as runs; unknown inline nodes are reported and shown by name. */
function inlineRuns(node: Json, forceBold: boolean, report: (problem: string) => void, out: Block[]): Run[] {
  const runs: Run[] = []
  let pendingBreak = false
  for (const child of children(node)) {
    if (child.type === 'text' && typeof child.text === 'string') {
      const run = markedRun(child.text, child.marks, forceBold, report)
      if (pendingBreak) run.break = true
      pendingBreak = false
      runs.push(run)
    } else if (child.type === 'hardBreak') {
      if (pendingBreak) runs.push({ text: '', break: true })
      pendingBreak = true
    } else {
      out.push(unknownNote(nodeName(child), report))
    }
  }
  if (pendingBreak) runs.push({ text: '', break: true })
  return runs
}

function cellOf(node: Json, report: (problem: string) => void): Cell {
  const runs: Run[] = []
  const extra: Block[] = []
  for (const child of children(node)) {
    if (child.type === 'paragraph' || child.type === 'heading') {
      const r = inlineRuns(child, child.type === 'heading', report, extra)
      if (runs.length > 0 && r[0]) r[0] = { ...r[0], break: true }
      runs.push(...r)
    } else {
      const blocks = convert([child], report)
      const t = blocks.map(blockText).join(' ')
      if (t) runs.push({ text: t, ...(runs.length > 0 ? { break: true as const } : {}) })
    }
  }
  for (const b of extra) if (b.type === 'note') runs.push(...b.runs)
  const attrs = asNode(node.attrs) as Record<string, unknown> | null
  const colspan = attrs && typeof attrs.colspan === 'number' && attrs.colspan > 1 ? attrs.colspan : undefined
  return colspan ? { runs, colspan } : { runs }
}

function blockText(block: Block): string {
  switch (block.type) {
    case 'paragraph':
    case 'note':
      return block.runs.map((r) => r.text).join('')
    case 'list':
      return block.items.map((item) => item.map(blockText).join(' ')).join('; ')
    case 'table':
      return block.rows.map((row) => row.map((c) => c.runs.map((r) => r.text).join('')).join(' ')).join('; ')
    default:
      return ''
  }
}

function tableOf(node: Json, report: (problem: string) => void): Block {
  let head: Cell[] = []
  const rows: Cell[][] = []
  for (const row of children(node)) {
    if (row.type !== 'tableRow') {
      rows.push([{ runs: [{ text: `Content of type "${nodeName(row)}" could not be shown.` }] }])
      report(`Rich text node "${nodeName(row)}" cannot be shown in the specification.`)
      continue
    }
    const cells = children(row)
    const isHead = cells.length > 0 && cells.every((c) => c.type === 'tableHeader') && rows.length === 0 && head.length === 0
    const converted = cells.map((c) => cellOf(c, report))
    if (isHead) head = converted
    else rows.push(converted)
  }
  const width = Math.max(head.reduce((n, c) => n + (c.colspan ?? 1), 0), ...rows.map((r) => r.reduce((n, c) => n + (c.colspan ?? 1), 0)), 1)
  return { type: 'table', columns: Array.from({ length: width }, () => ({ weight: 1, align: 'left' as const })), head, rows }
}

function convert(nodes: Json[], report: (problem: string) => void): Block[] {
  const out: Block[] = []
  for (const node of nodes) {
    switch (node.type) {
      case 'doc':
        out.push(...convert(children(node), report))
        break
      case 'paragraph':
      case 'heading': {
        const notes: Block[] = []
        const runs = inlineRuns(node, node.type === 'heading', report, notes)
        if (runs.length > 0) out.push({ type: 'paragraph', runs })
        out.push(...notes)
        break
      }
      case 'bulletList':
      case 'orderedList': {
        const items: Block[][] = []
        for (const item of children(node)) {
          if (item.type === 'listItem') items.push(convert(children(item), report))
          else items.push([unknownNote(nodeName(item), report)])
        }
        out.push({ type: 'list', ordered: node.type === 'orderedList', items })
        break
      }
      case 'table':
        out.push(tableOf(node, report))
        break
      case 'text':
        if (typeof node.text === 'string' && node.text) out.push({ type: 'paragraph', runs: [markedRun(node.text, node.marks, false, report)] })
        break
      default:
        out.push(unknownNote(nodeName(node), report))
    }
  }
  return out
}

/** Blocks of a tiptap document (or a JSON string of one). Empty for no content. */
export function richTextBlocks(doc: unknown, report: (problem: string) => void): Block[] {
  let value = doc
  if (typeof doc === 'string') {
    try {
      value = JSON.parse(doc) as unknown
    } catch {
      return doc.trim() ? [{ type: 'paragraph', runs: [{ text: doc }] }] : []
    }
  }
  const node = asNode(value)
  if (!node) return []
  return convert([node], report)
}
