import { formatDateTime } from '~/i18n'
import { formatMoney } from '~/utils/money'
import { label, shortHash } from './labels'
import type { Block, Cell, Column, RenderStamp, Run, Section, SignatureLine, SpecDocument } from './spec-document'

/**
 * The specification as GitHub-flavoured Markdown (docs/decisions/0006): for diffs, git and
 * wikis. YAML front matter carries the version id and content hash (so a .md can be traced
 * back to its version like the PDF); then the title sheet, a linked contents, numbered
 * headings, and the signature sheet. Every piece of user text is escaped, so nothing typed
 * into the project can become Markdown or HTML markup. Deterministic: no clock is read.
 */
type Lang = SpecDocument['meta']['language']

/** Words only this renderer prints (a figure is a note here: many viewers strip inline SVG). */
const WORDS = {
  diagram: { en: 'Diagram', ru: 'Схема' },
  diagramHint: { en: 'see the PDF or DOCX', ru: 'см. PDF или DOCX' },
} satisfies Record<string, Record<Lang, string>>

export function renderMarkdown(doc: SpecDocument, stamp: RenderStamp): string {
  const lang = doc.meta.language
  const parts: string[] = [
    frontMatter(doc, stamp),
    ...titleSheet(doc, stamp),
    contents(doc),
    ...doc.sections.map((s) => sectionMarkdown(s, 0, lang)),
    ...doc.appendices.map((s) => sectionMarkdown(s, 0, lang, label(lang, 'appendix', { number: s.number }))),
    signatureSheet(doc),
  ]
  return parts.filter((p) => p !== '').join('\n\n') + '\n'
}

// ---------------------------------------------------------------------------------------------
// Front matter and title sheet

function yamlString(value: string): string {
  // A JSON string is a valid YAML double-quoted scalar.
  return JSON.stringify(value)
}

function frontMatter(doc: SpecDocument, stamp: RenderStamp): string {
  const { meta } = doc
  const lines = [
    `title: ${yamlString(meta.title)}`,
    `project: ${yamlString(meta.projectName)}`,
    `client: ${yamlString(meta.clientOrganisation)}`,
    `template: ${yamlString(meta.templateId)}`,
    `language: ${meta.language}`,
    `status: ${stamp.status}`,
  ]
  const versionNumber = stamp.versionNumber ?? meta.versionNumber
  if (versionNumber !== undefined) lines.push(`version: ${versionNumber}`)
  const versionId = stamp.versionId ?? meta.versionId
  if (versionId) lines.push(`specwright_version_id: ${yamlString(versionId)}`)
  if (stamp.contentHash) lines.push(`content_hash: ${yamlString(stamp.contentHash)}`)
  if (stamp.projectSlug) lines.push(`project_slug: ${yamlString(stamp.projectSlug)}`)
  return ['---', ...lines, '---'].join('\n')
}

function titleSheet(doc: SpecDocument, stamp: RenderStamp): string[] {
  const lang = doc.meta.language
  const { titleLines, blocks, footerLine } = doc.titleSheet
  const out: string[] = []
  if (blocks.length > 0) {
    const rows = Math.max(...blocks.map((b) => b.lines.length))
    const head = blocks.map((b) => escapeText(b.heading))
    const body = Array.from({ length: rows }, (_, r) =>
      blocks.map((b) => {
        const line = b.lines[r]
        if (!line) return ''
        return escapeCellText(line.label ? `${line.label}: ${line.value}` : line.value)
      }),
    )
    out.push(pipeTable(head, blocks.map(() => 'left'), body))
  }
  titleLines.forEach((line, i) => out.push(lineStartSafe(i === 0 ? strongText(line) : escapeText(line))))
  if (footerLine) out.push(lineStartSafe(escapeText(footerLine)))
  out.push(stampLine(lang, stamp, doc.meta.versionNumber))
  return out
}

function stampLine(lang: Lang, stamp: RenderStamp, docVersion: number | undefined): string {
  const versionNumber = stamp.versionNumber ?? docVersion
  const parts: string[] = []
  if (versionNumber !== undefined) parts.push(escapeText(label(lang, 'version', { number: versionNumber })))
  parts.push(escapeText(label(lang, stamp.status)))
  if (stamp.contentHash) parts.push(`${escapeText(label(lang, 'hash'))}: \`${shortHash(stamp.contentHash).replace(/`/g, '')}\``)
  return lineStartSafe(parts.join(' · '))
}

// ---------------------------------------------------------------------------------------------
// Contents and sections

function anchor(section: Section): string {
  return `sec-${section.id.replace(/[^A-Za-z0-9._-]/g, '-')}`
}

function headingText(section: Section, appendixLabel?: string): string {
  const raw = appendixLabel ? `${appendixLabel}. ${section.title}` : `${section.number} ${section.title}`.trim()
  return escapeText(raw)
}

function contents(doc: SpecDocument): string {
  const lang = doc.meta.language
  const lines: string[] = []
  const entry = (s: Section, depth: number, appendixLabel?: string) => {
    lines.push(`${'  '.repeat(depth)}- [${headingText(s, appendixLabel)}](#${anchor(s)})`)
    s.children.forEach((c) => entry(c, depth + 1))
  }
  doc.sections.forEach((s) => entry(s, 0))
  doc.appendices.forEach((s) => entry(s, 0, label(lang, 'appendix', { number: s.number })))
  if (doc.signatureSheet.lines.length > 0) lines.push(`- [${escapeText(doc.signatureSheet.title || label(lang, 'signatureSheet'))}](#signature-sheet)`)
  return `**${escapeText(label(lang, 'contents'))}**\n\n${lines.join('\n')}`
}

function sectionMarkdown(section: Section, depth: number, lang: Lang, appendixLabel?: string): string {
  const hashes = '#'.repeat(Math.min(depth + 1, 6))
  const parts = [`${hashes} <a id="${anchor(section)}"></a>${headingText(section, appendixLabel).replace(/#/g, '\\#')}`]
  parts.push(...blocksMarkdown(section.blocks, lang))
  parts.push(...section.children.map((c) => sectionMarkdown(c, depth + 1, lang)))
  return parts.filter((p) => p !== '').join('\n\n')
}

// ---------------------------------------------------------------------------------------------
// Blocks

function blocksMarkdown(blocks: Block[], lang: Lang): string[] {
  return blocks.map((b) => blockMarkdown(b, lang)).filter((s) => s !== '')
}

function blockMarkdown(block: Block, lang: Lang): string {
  switch (block.type) {
    case 'paragraph':
      return paragraph(block.runs)
    case 'list':
      return listMarkdown(block, lang)
    case 'table':
      return tableMarkdown(block, lang)
    case 'figure': {
      const caption = block.caption ? `: ${escapeText(block.caption)}` : ''
      return `> **${escapeText(WORDS.diagram[lang])}**${caption} *(${escapeText(WORDS.diagramHint[lang])})*`
    }
    case 'note': {
      const text =
        block.tone === 'warning'
          ? `**⚠ ${escapeText(label(lang, 'warning'))}:** ${paragraph(block.runs)}`
          : paragraph(block.runs.map((r): Run => ({ ...r, italic: true })))
      return blockquote(text)
    }
    case 'pageBreak':
      return ''
  }
}

function blockquote(markdown: string): string {
  return markdown
    .split('\n')
    .map((l) => (l === '' ? '>' : `> ${l}`))
    .join('\n')
}

/** A paragraph's lines: hard breaks become a trailing backslash; empty lines are dropped. */
function paragraph(runs: Run[]): string {
  const lines = inlineLines(runs).filter((l) => l.trim() !== '')
  return lines.map((l, i) => (i < lines.length - 1 ? `${l}\\` : l)).join('\n')
}

function listMarkdown(block: Extract<Block, { type: 'list' }>, lang: Lang): string {
  return block.items
    .map((item, i) => {
      const marker = block.ordered ? `${i + 1}. ` : '- '
      const indent = ' '.repeat(marker.length)
      const body = item
        .map((b, j) => {
          const md = blockMarkdown(b, lang)
          // A nested list stays tight under its paragraph; other blocks need a blank line.
          return j === 0 || b.type === 'list' ? md : `\n${md}`
        })
        .filter((s) => s.trim() !== '')
        .join('\n')
      return body
        .split('\n').map((l, k) => (k === 0 ? `${marker}${l}`.trimEnd() : l === '' ? '' : `${indent}${l}`)).join('\n')
    })
    .join('\n')
}

// ---------------------------------------------------------------------------------------------
// Tables

type Align = Column['align']

function tableMarkdown(block: Extract<Block, { type: 'table' }>, lang: Lang): string {
  const width = block.columns.length
  const align: Align[] = block.columns.map((c) => c.align)
  const spread = (row: Cell[]) => spreadRow(row, width)
  const body = [...block.rows, ...(block.foot ?? [])].map(spread)
  // A column that holds money is right-aligned, whatever the template said.
  body.forEach((row) => row.forEach((cell, i) => cell?.money && (align[i] = 'right')))
  const head = spread(block.head).map((c) => (c ? cellMarkdown(c, lang) : ''))
  const rows = body.map((row) => row.map((c) => (c ? cellMarkdown(c, lang) : '')))
  const table = pipeTable(head, align, rows)
  return block.caption ? `${paragraph([{ text: block.caption, italic: true }])}\n\n${table}` : table
}

/** A row laid out on the table's columns: a spanning cell's text goes in its first column, the rest stay empty. */
function spreadRow(row: Cell[], width: number): (Cell | undefined)[] {
  const out: (Cell | undefined)[] = []
  for (const cell of row) {
    out.push(cell)
    for (let i = 1; i < (cell.colspan ?? 1); i++) out.push(undefined)
  }
  while (out.length < width) out.push(undefined)
  return out.slice(0, Math.max(width, 1))
}

function cellMarkdown(cell: Cell, lang: Lang): string {
  const strong = cell.emphasis === 'total' || cell.emphasis === 'subtotal'
  const runs: Run[] = cell.money ? [{ text: formatMoney(cell.money.minor, cell.money.currency, lang) }] : cell.runs
  const styled = runs.map((r): Run => ({ ...r, ...(strong ? { bold: true } : {}), ...(cell.emphasis === 'muted' ? { italic: true } : {}) }))
  const text = inlineLines(styled, false)
    .filter((l) => l.trim() !== '')
    .join('<br>')
  return cell.emphasis === 'danger' ? `⚠ ${text}` : text
}

const DELIMITER: Record<Align, string> = { left: '---', right: '---:', center: ':---:' }

function pipeTable(head: string[], align: Align[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`
  return [line(head), `|${align.map((a) => ` ${DELIMITER[a]} `).join('|')}|`, ...rows.map(line)].join('\n')
}

// ---------------------------------------------------------------------------------------------
// Signature sheet

/** The signature sheet; a document nobody signs (a changes report) has none. */
function signatureSheet(doc: SpecDocument): string {
  if (doc.signatureSheet.lines.length === 0) return ''
  const lang = doc.meta.language
  const title = doc.signatureSheet.title || label(lang, 'signatureSheet')
  const cols = ['name', 'position', 'party', 'meaning', 'time', 'hash', 'signature'] as const
  const head = cols.map((c) => escapeText(label(lang, c)))
  const rows = doc.signatureSheet.lines.map((line) => signatureRow(line, lang))
  return `# <a id="signature-sheet"></a>${escapeText(title).replace(/#/g, '\\#')}\n\n${pipeTable(head, cols.map(() => 'left'), rows)}`
}

const BLANK = escapeText('______________')

function signatureRow(line: SignatureLine, lang: Lang): string[] {
  const signed = line.signedAt !== undefined
  return [
    line.name ? escapeCellText(line.name) : BLANK,
    line.position || line.role ? escapeCellText(line.position || line.role) : BLANK,
    escapeText(label(lang, line.party)),
    escapeText(label(lang, line.meaning)),
    signed ? escapeText(formatDateTime(line.signedAt!, lang)) : BLANK,
    line.contentHash ? `\`${line.contentHash.replace(/[`|]/g, '')}\`` : signed ? '' : BLANK,
    signed ? '' : BLANK,
  ]
}

// ---------------------------------------------------------------------------------------------
// Inline text

/**
 * Escapes characters that Markdown or HTML would read as markup: backslash, emphasis and
 * strike markers, brackets, code ticks, pipes (tables), angle brackets and entities. An
 * underscore inside a word (snake_case) cannot open emphasis in GFM and is left readable.
 */
export function escapeText(value: string): string {
  return value
    .replace(/[\\`*[\]~|]/g, (c) => `\\${c}`)
    .replace(/_/g, (c, offset: number, s: string) => (isWordChar(s[offset - 1]) && isWordChar(s[offset + 1]) ? c : '\\_'))
    .replace(/&(?=#?\w+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}]/u.test(c)
}

function escapeCellText(value: string): string {
  return value
    .split(/\r?\n/)
    .map(escapeText)
    .filter((l) => l.trim() !== '')
    .join('<br>')
}

/** A whole line in bold: at the line's edges `**` always opens and closes. */
function strongText(value: string): string {
  const escaped = escapeText(value.trim())
  return escaped ? `**${escaped}**` : ''
}

/**
 * A line that begins like a block construct (heading, list item, quote, setext underline)
 * gets its first character escaped, so a hard break in user text cannot start one.
 */
function lineStartSafe(line: string): string {
  const trimmed = line.replace(/^[ \t]+/, '')
  return trimmed.replace(/^([#+\-=])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2')
}

/**
 * The inline Markdown of runs, split at hard breaks (and at newlines typed in the text). A line
 * that opens a block (not one inside a table cell) is made safe from reading as a construct.
 */
function inlineLines(runs: Run[], opensBlock = true): string[] {
  const lines: Run[][] = [[]]
  for (const run of runs) {
    if (run.break) lines.push([])
    run.text.split(/\r?\n/).forEach((piece, i) => {
      if (i > 0) lines.push([])
      lines[lines.length - 1]!.push({ ...run, text: piece })
    })
  }
  return lines.map((line) => (opensBlock ? lineStartSafe(lineMarkdown(line)) : lineMarkdown(line).trim()))
}

function isStyled(run: Run): boolean {
  return Boolean(run.bold || run.italic || run.strike || run.underline || run.link)
}

/** One line of runs; each run's emphasis is chosen knowing the characters around it. */
function lineMarkdown(runs: Run[]): string {
  let out = ''
  runs.forEach((run, i) => {
    const next = runs[i + 1]
    // A styled neighbour starts with a marker, a tag or a bracket: punctuation, in any case.
    const after = next === undefined ? undefined : isStyled(next) && next.text.trim() !== '' ? '<' : escapeText(next.text)[0]
    out += runMarkdown(run, out[out.length - 1], after)
  })
  return out
}

function runMarkdown(run: Run, before: string | undefined, after: string | undefined): string {
  const lead = /^\s*/.exec(run.text)![0]
  const core = run.text.slice(lead.length).trimEnd()
  const trail = run.text.slice(lead.length + core.length)
  const href = run.link ? safeHref(run.link) : undefined
  if (core === '' && !href) return run.text
  const escaped = escapeText(core || run.link!.trim())
  const md = href ? `[${wrap(escaped, run, '[', ']')}](${href})` : wrap(escaped, run, lead ? ' ' : before, trail ? ' ' : after)
  return `${lead}${md}${trail}`
}

type Style = { bold?: boolean; italic?: boolean; strike?: boolean; underline?: boolean }

/**
 * Wraps escaped text in emphasis. `*` and `~~` markers only work where CommonMark's flanking
 * rules let them open and close (they depend on the characters on both sides), so where they
 * would not — or would merge with a neighbour's marker — the equivalent inline HTML tag is
 * used instead. `before`/`after` are the characters around the result (undefined: line edge).
 */
function wrap(escaped: string, style: Style, before: string | undefined, after: string | undefined): string {
  // Inside <u>…</u> the neighbours are the tag's brackets; around `~~`/<del> they are `~` or `>`.
  const outerBefore = style.underline ? '>' : before
  const outerAfter = style.underline ? '<' : after
  const starBefore = style.strike ? '>' : outerBefore
  const starAfter = style.strike ? '<' : outerAfter
  let md = escaped
  const stars = (style.bold ? 2 : 0) + (style.italic ? 1 : 0)
  if (stars > 0) {
    if (flanks(md, starBefore, starAfter)) md = `${'*'.repeat(stars)}${md}${'*'.repeat(stars)}`
    else {
      if (style.italic) md = `<em>${md}</em>`
      if (style.bold) md = `<strong>${md}</strong>`
    }
  }
  if (style.strike) md = flanks(md, outerBefore, outerAfter) ? `~~${md}~~` : `<del>${md}</del>`
  if (style.underline) md = `<u>${md}</u>`
  return md
}

/** Whether markers around `md` would open and close given the characters outside them. */
function flanks(md: string, before: string | undefined, after: string | undefined): boolean {
  const first = md[0]
  const last = md[md.length - 1]
  if (isMarker(before) || isMarker(after)) return false
  const opens = !isSpace(first) && (!isPunctuation(first) || isSpace(before) || isPunctuation(before))
  const closes = !isSpace(last) && (!isPunctuation(last) || isSpace(after) || isPunctuation(after))
  return opens && closes
}

function isMarker(c: string | undefined): boolean {
  return c === '*' || c === '~'
}

function isSpace(c: string | undefined): boolean {
  return c === undefined || /\s/u.test(c)
}

function isPunctuation(c: string | undefined): boolean {
  return c !== undefined && /[\p{P}\p{S}]/u.test(c)
}

/** Only web and mail links are kept; the destination is percent-encoded where Markdown would stop reading it. */
function safeHref(link: string): string | undefined {
  const trimmed = link.trim()
  if (!/^(https?:|mailto:)/i.test(trimmed)) return undefined
  return trimmed.replace(/[\s()<>\\`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
}
