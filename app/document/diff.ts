import { formatHours, formatMoney } from '~/utils/money'
import { interpolate, label } from './labels'
import { flattenSections, runsText, text, type Block, type Cell, type Column, type Run, type Section, type SpecDocument, type SpecSnapshotData } from './spec-document'

/**
 * What changed between two versions of a specification: sections paired by their template id
 * (text compared line by line), requirements and improvements paired by code from the frozen
 * snapshot data (compared field by field), the title sheet, and the total cost. The result is
 * plain data: the screen shows it (render-diff-html.tsx) and `diffAsSection` turns it into an
 * appendix every document renderer prints unchanged.
 */

export type SpecVersion = { number: number; document: SpecDocument; data: SpecSnapshotData }
export type Lang = SpecDocument['meta']['language']
export type Change = 'added' | 'removed' | 'changed'

/** One line of a text diff; `gap` stands for unchanged lines left out (more than 2 from a change). */
export type DiffLine = { op: 'same' | 'add' | 'del' | 'gap'; text: string }

const REQUIREMENT_FIELDS = ['title', 'statement', 'type', 'priority', 'acceptanceCriterion', 'status', 'stage', 'department'] as const
const IMPROVEMENT_FIELDS = ['title', 'hoursCenti', 'costMinor', 'durationDays', 'stage'] as const
export type RequirementField = (typeof REQUIREMENT_FIELDS)[number]
export type ImprovementField = (typeof IMPROVEMENT_FIELDS)[number]
export type FieldValue = string | number | null
export type FieldChange<F extends string> = { field: F; from: FieldValue; to: FieldValue }

export type SectionChange = {
  id: string
  change: Change
  /** Number and title in the newer version (in the older one for a removed section). */
  number: string
  title: string
  /** The older title, when the title changed. */
  fromTitle?: string
  appendix: boolean
  /** The section's own text (not its subsections'), line by line; only for a changed section. */
  lines: DiffLine[]
}

export type RequirementChange = { code: string; title: string; change: Change; fields: FieldChange<RequirementField>[] }

export type ImprovementChange = {
  code: string
  title: string
  change: Change
  fields: FieldChange<ImprovementField>[]
  /** Null where the improvement does not exist in that version. */
  costFromMinor: number | null
  costToMinor: number | null
  costDeltaMinor: number
}

type ChangeCounts = { added: number; changed: number; removed: number }

export type SpecDiff = {
  from: number
  to: number
  currency: string
  sections: SectionChange[]
  /** Sections present in both versions with the same title and text. */
  unchangedSections: number
  requirements: RequirementChange[]
  improvements: ImprovementChange[]
  cost: { fromMinor: number; toMinor: number; deltaMinor: number }
  /** Line diff of the title sheet (title lines, approval blocks, footer); empty when unchanged. */
  titleSheet: DiffLine[]
  counts: { sections: ChangeCounts; requirements: ChangeCounts; improvements: ChangeCounts }
  isEmpty: boolean
}

// ---------------------------------------------------------------------------------------------
// The diff

export function diffSpecVersions(from: SpecVersion, to: SpecVersion): SpecDiff {
  const lang = to.document.meta.language
  const { changes: sections, unchanged } = diffSections(from.document, to.document, lang)
  const requirements = diffByCode(from.data.requirements, to.data.requirements, REQUIREMENT_FIELDS, (_before, r, change, fields) => ({
    code: r.code,
    title: r.title,
    change,
    fields,
  }))
  const improvements = diffByCode(from.data.improvements, to.data.improvements, IMPROVEMENT_FIELDS, (before, item, change, fields) => {
    const costFrom = before?.costMinor ?? null
    const costTo = change === 'removed' ? null : item.costMinor
    return { code: item.code, title: item.title, change, fields, costFromMinor: costFrom, costToMinor: costTo, costDeltaMinor: (costTo ?? 0) - (costFrom ?? 0) }
  })
  const titleSheet = diffLines(titleSheetLines(from.document), titleSheetLines(to.document))
  const cost = { fromMinor: from.data.totalCostMinor, toMinor: to.data.totalCostMinor, deltaMinor: to.data.totalCostMinor - from.data.totalCostMinor }
  const counts = { sections: countChanges(sections), requirements: countChanges(requirements), improvements: countChanges(improvements) }
  const isEmpty = sections.length === 0 && requirements.length === 0 && improvements.length === 0 && titleSheet.length === 0 && cost.deltaMinor === 0
  return { from: from.number, to: to.number, currency: to.data.currency, sections, unchangedSections: unchanged, requirements, improvements, cost, titleSheet, counts, isEmpty }
}

function countChanges(items: { change: Change }[]): ChangeCounts {
  const counts: ChangeCounts = { added: 0, changed: 0, removed: 0 }
  for (const item of items) counts[item.change]++
  return counts
}

const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code, 'en', { numeric: true })

/**
 * Pairs two lists by code; a pair whose listed fields differ is "changed" with those fields.
 * `make` gets the older item (if any) and the current one (the older one when removed).
 */
function diffByCode<T extends { code: string }, F extends keyof T & string, R>(
  before: T[],
  after: T[],
  fields: readonly F[],
  make: (older: T | undefined, current: T, change: Change, fields: FieldChange<F>[]) => R,
): R[] {
  const old = new Map(before.map((item) => [item.code, item]))
  const now = new Map(after.map((item) => [item.code, item]))
  const codes = [...new Set([...old.keys(), ...now.keys()])].map((code) => ({ code })).sort(byCode)
  const out: R[] = []
  for (const { code } of codes) {
    const a = old.get(code)
    const b = now.get(code)
    if (!a && b) out.push(make(undefined, b, 'added', []))
    else if (a && !b) out.push(make(a, a, 'removed', []))
    else if (a && b) {
      const changed = fields.filter((f) => norm(a[f]) !== norm(b[f])).map((f) => ({ field: f, from: norm(a[f]), to: norm(b[f]) }))
      if (changed.length > 0) out.push(make(a, b, 'changed', changed))
    }
  }
  return out
}

/** Field values as the diff reports them: an empty department and a missing one are the same. */
function norm(value: unknown): FieldValue {
  if (value === undefined || value === null || value === '') return null
  return typeof value === 'number' ? value : String(value)
}

// ---------------------------------------------------------------------------------------------
// Sections

type Located = { section: Section; appendix: boolean }

function flatten(doc: SpecDocument): Located[] {
  return [...flattenSections(doc.sections).map((section) => ({ section, appendix: false })), ...flattenSections(doc.appendices).map((section) => ({ section, appendix: true }))]
}

function diffSections(fromDoc: SpecDocument, toDoc: SpecDocument, lang: Lang): { changes: SectionChange[]; unchanged: number } {
  const before = flatten(fromDoc)
  const after = flatten(toDoc)
  const old = new Map<string, Located>()
  for (const item of before) if (!old.has(item.section.id)) old.set(item.section.id, item)
  const seen = new Set<string>()
  const changes: SectionChange[] = []
  let unchanged = 0
  for (const { section, appendix } of after) {
    if (seen.has(section.id)) continue
    seen.add(section.id)
    const base = { id: section.id, number: section.number, title: section.title, appendix }
    const prior = old.get(section.id)?.section
    if (!prior) {
      changes.push({ ...base, change: 'added', lines: [] })
      continue
    }
    const a = blocksText(prior.blocks, lang)
    const b = blocksText(section.blocks, lang)
    const textSame = a.length === b.length && a.every((line, i) => line === b[i])
    if (textSame && prior.title === section.title) {
      unchanged++
      continue
    }
    changes.push({ ...base, change: 'changed', ...(prior.title !== section.title ? { fromTitle: prior.title } : {}), lines: textSame ? [] : diffLines(a, b) })
  }
  for (const { section, appendix } of before) {
    if (seen.has(section.id)) continue
    seen.add(section.id)
    changes.push({ id: section.id, number: section.number, title: section.title, appendix, change: 'removed', lines: [] })
  }
  return { changes, unchanged }
}

/** A plain-text rendering of blocks, one array entry per line: what the section diff compares. */
function blocksText(blocks: Block[], lang: Lang, indent = ''): string[] {
  const lines: string[] = []
  const push = (value: string) => {
    for (const line of value.split('\n')) if (line.trim() !== '') lines.push(indent + line.trimEnd())
  }
  for (const block of blocks) {
    switch (block.type) {
      case 'paragraph':
      case 'note':
        push(runsText(block.runs))
        break
      case 'list':
        block.items.forEach((item, i) => {
          const marker = block.ordered ? `${i + 1}. ` : '• '
          blocksText(item, lang, ' '.repeat(marker.length)).forEach((line, j) => lines.push(indent + (j === 0 ? marker + line.trimStart() : line)))
        })
        break
      case 'table':
        if (block.caption) push(block.caption)
        for (const row of [block.head, ...block.rows, ...(block.foot ?? [])]) if (row.length > 0) push(row.map((c) => cellText(c, lang)).join(' | '))
        break
      case 'figure':
        push(`[${block.caption ?? ''}]`)
        svgTexts(block.svg).forEach((t) => push(`  ${t}`))
        break
      case 'pageBreak':
        break
    }
  }
  return lines
}

function cellText(cell: Cell, lang: Lang): string {
  return cell.money ? formatMoney(cell.money.minor, cell.money.currency, lang) : runsText(cell.runs).replace(/\n/g, ' ')
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

/** The words a diagram shows (its title and text elements), so an edited step shows in the diff. */
function svgTexts(svg: string): string[] {
  const out: string[] = []
  for (const m of svg.matchAll(/<(text|title)\b[^>]*>([\s\S]*?)<\/\1>/g)) {
    const value = m[2]!
      .replace(/<[^>]*>/g, ' ')
      .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, e: string) =>
        e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? whole),
      )
      .replace(/\s+/g, ' ')
      .trim()
    if (value) out.push(value)
  }
  return out
}

function titleSheetLines(doc: SpecDocument): string[] {
  const { titleLines, blocks, footerLine } = doc.titleSheet
  const lines = [...titleLines]
  for (const block of blocks) {
    lines.push(block.heading)
    for (const l of block.lines) lines.push(`  ${l.label ? `${l.label}: ` : ''}${l.value}`.trimEnd())
  }
  if (footerLine) lines.push(footerLine)
  return lines
}

// ---------------------------------------------------------------------------------------------
// Line diff

const CONTEXT = 2
/** Beyond this many edits the rest of a text is reported as replaced wholesale (keeps Myers' O((N+M)·D) bounded). */
const MAX_EDITS = 2000

/**
 * A line diff of two texts (Myers' O((N+M)·D) algorithm after trimming the common head and
 * tail), with unchanged lines kept only within 2 lines of a change. Empty when equal.
 */
export function diffLines(a: string[], b: string[]): DiffLine[] {
  const ops = lineOps(a, b)
  if (!ops.some((op) => op.op !== 'same')) return []
  return withContext(ops)
}

/** Every line of both texts aligned: unchanged, deleted from `a`, added from `b` (no gaps). */
export function lineOps(a: string[], b: string[]): DiffLine[] {
  let head = 0
  while (head < a.length && head < b.length && a[head] === b[head]) head++
  let tail = 0
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++
  const midA = a.slice(head, a.length - tail)
  const midB = b.slice(head, b.length - tail)
  const same = (lines: string[]) => lines.map((t): DiffLine => ({ op: 'same', text: t }))
  return [...same(a.slice(0, head)), ...myers(midA, midB), ...same(a.slice(a.length - tail))]
}

function myers(a: string[], b: string[]): DiffLine[] {
  const ids = new Map<string, number>()
  const intern = (s: string) => {
    let id = ids.get(s)
    if (id === undefined) ids.set(s, (id = ids.size))
    return id
  }
  const x0 = Int32Array.from(a, intern)
  const y0 = Int32Array.from(b, intern)
  const n = x0.length
  const m = y0.length
  const max = Math.min(n + m, MAX_EDITS)
  const offset = max + 1
  const v = new Int32Array(2 * max + 3)
  // trace[d] holds v[k] for k in [-d-1, d+1] as it was before step d.
  const trace: Int32Array[] = []
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2))
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1
      let y = x - k
      while (x < n && y < m && x0[x] === y0[y]) {
        x++
        y++
      }
      v[offset + k] = x
      if (x >= n && y >= m) return backtrack(trace, a, b, d)
    }
  }
  // Too different to be worth aligning: the old text out, the new one in.
  return [...a.map((t): DiffLine => ({ op: 'del', text: t })), ...b.map((t): DiffLine => ({ op: 'add', text: t }))]
}

function backtrack(trace: Int32Array[], a: string[], b: string[], edits: number): DiffLine[] {
  const out: DiffLine[] = []
  let x = a.length
  let y = b.length
  for (let d = edits; d >= 0; d--) {
    const vd = trace[d]!
    const at = (k: number) => vd[k + d + 1]!
    const k = x - y
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1
    const prevX = d === 0 ? 0 : at(prevK)
    const prevY = d === 0 ? 0 : prevX - prevK
    while (x > prevX && y > prevY) {
      out.push({ op: 'same', text: a[--x]! })
      y--
    }
    if (d > 0) {
      if (x === prevX) out.push({ op: 'add', text: b[--y]! })
      else out.push({ op: 'del', text: a[--x]! })
    }
  }
  return out.reverse()
}

function withContext(ops: DiffLine[]): DiffLine[] {
  const near = new Uint8Array(ops.length)
  ops.forEach((op, i) => {
    if (op.op === 'same') return
    for (let j = Math.max(0, i - CONTEXT); j <= Math.min(ops.length - 1, i + CONTEXT); j++) near[j] = 1
  })
  const out: DiffLine[] = []
  ops.forEach((op, i) => {
    if (near[i]) out.push(op)
    else if (out[out.length - 1]?.op !== 'gap') out.push({ op: 'gap', text: '…' })
  })
  return out
}

// ---------------------------------------------------------------------------------------------
// Words

const L = {
  requirements: { en: 'Requirements', ru: 'Требования' },
  improvements: { en: 'Improvements', ru: 'Доработки' },
  sections: { en: 'Sections', ru: 'Разделы' },
  titleSheet: { en: 'Title sheet', ru: 'Титульный лист' },
  added: { en: 'added', ru: 'добавлено' },
  changed: { en: 'changed', ru: 'изменено' },
  removed: { en: 'removed', ru: 'удалено' },
  unchanged: { en: 'unchanged', ru: 'без изменений' },
  countsLine: { en: '{what}: added {added}, changed {changed}, removed {removed}', ru: '{what}: добавлено {added}, изменено {changed}, удалено {removed}' },
  sectionsLine: {
    en: 'Sections: added {added}, changed {changed}, removed {removed}, unchanged {unchanged}',
    ru: 'Разделы: добавлено {added}, изменено {changed}, удалено {removed}, без изменений {unchanged}',
  },
  totalCost: { en: 'Total cost', ru: 'Общая стоимость' },
  noChanges: { en: 'The two versions have the same content.', ru: 'Содержание версий совпадает.' },
  code: { en: 'Code', ru: 'Код' },
  number: { en: 'No.', ru: '№' },
  title: { en: 'Title', ru: 'Наименование' },
  change: { en: 'Change', ru: 'Изменение' },
  details: { en: 'What changed', ru: 'Что изменилось' },
  costFrom: { en: 'Cost before', ru: 'Стоимость до' },
  costTo: { en: 'Cost after', ru: 'Стоимость после' },
  delta: { en: 'Difference', ru: 'Разница' },
  total: { en: 'Total', ru: 'Итого' },
  titleWas: { en: 'Title was: {title}', ru: 'Прежнее наименование: {title}' },
  appendix: { en: 'Appendix {number}', ru: 'Приложение {number}' },
  empty: { en: '—', ru: '—' },
  'field.title': { en: 'Title', ru: 'Наименование' },
  'field.statement': { en: 'Statement', ru: 'Формулировка' },
  'field.type': { en: 'Type', ru: 'Тип' },
  'field.priority': { en: 'Priority', ru: 'Приоритет' },
  'field.acceptanceCriterion': { en: 'Acceptance criterion', ru: 'Критерий приёмки' },
  'field.status': { en: 'Status', ru: 'Статус' },
  'field.stage': { en: 'Stage', ru: 'Этап' },
  'field.department': { en: 'Department', ru: 'Подразделение' },
  'field.hoursCenti': { en: 'Hours', ru: 'Часы' },
  'field.costMinor': { en: 'Cost', ru: 'Стоимость' },
  'field.durationDays': { en: 'Duration, days', ru: 'Срок, дней' },
  'priority.must': { en: 'Must', ru: 'Обязательно' },
  'priority.should': { en: 'Should', ru: 'Желательно' },
  'priority.could': { en: 'Could', ru: 'Возможно' },
  'type.functional': { en: 'Functional', ru: 'Функциональное' },
  'type.integration': { en: 'Integration', ru: 'Интеграция' },
  'type.reporting': { en: 'Reporting', ru: 'Отчётность' },
  'type.data_migration': { en: 'Data migration', ru: 'Миграция данных' },
  'type.security': { en: 'Security', ru: 'Безопасность' },
  'type.non_functional': { en: 'Non-functional', ru: 'Нефункциональное' },
  'status.draft': { en: 'Draft', ru: 'Черновик' },
  'status.proposed': { en: 'Proposed', ru: 'Предложено' },
  'status.approved': { en: 'Approved', ru: 'Утверждено' },
  'status.rejected': { en: 'Rejected', ru: 'Отклонено' },
  'status.deferred': { en: 'Deferred', ru: 'Отложено' },
  'stage.1': { en: 'Stage 1', ru: 'Этап 1' },
  'stage.2': { en: 'Stage 2', ru: 'Этап 2' },
  'stage.3': { en: 'Stage 3', ru: 'Этап 3' },
  'stage.later': { en: 'Later', ru: 'Позже' },
} satisfies Record<string, Record<Lang, string>>

type DiffLabelKey = keyof typeof L

/** The diff's words in the document's language (the diff is shown and printed in it). */
export function diffLabel(lang: Lang, key: DiffLabelKey, vars: Record<string, string | number> = {}): string {
  return interpolate(L[key][lang], vars)
}

function hasLabel(key: string): key is DiffLabelKey {
  return Object.hasOwn(L, key)
}

export function fieldLabel(lang: Lang, field: RequirementField | ImprovementField): string {
  return diffLabel(lang, `field.${field}`)
}

/** A field's value as a reader sees it: enumerations translated, money and hours formatted. */
export function formatFieldValue(lang: Lang, currency: string, field: RequirementField | ImprovementField, value: FieldValue): string {
  if (value === null) return diffLabel(lang, 'empty')
  if (field === 'costMinor' && typeof value === 'number') return formatMoney(value, currency, lang)
  if (field === 'hoursCenti' && typeof value === 'number') return formatHours(value, lang)
  const key = `${field}.${value}`
  return hasLabel(key) ? diffLabel(lang, key) : String(value)
}

export function formatDelta(minor: number, currency: string, lang: Lang): string {
  return `${minor > 0 ? '+' : ''}${formatMoney(minor, currency, lang)}`
}

// ---------------------------------------------------------------------------------------------
// The changes appendix

/** The diff as a document section ("Changes from version 2 to version 3") for DOCX, PDF and Markdown. */
export function diffAsSection(diff: SpecDiff, lang: Lang): Section {
  const { currency } = diff
  const blocks: Block[] = [summaryList(diff, lang)]
  if (diff.isEmpty) blocks.push({ type: 'note', tone: 'empty', runs: text(diffLabel(lang, 'noChanges')) })
  if (diff.requirements.length > 0) blocks.push(subheading(lang, 'requirements'), requirementsTable(diff, lang, currency))
  if (diff.improvements.length > 0) blocks.push(subheading(lang, 'improvements'), improvementsTable(diff, lang, currency))
  if (diff.sections.length > 0) blocks.push(subheading(lang, 'sections'), sectionsTable(diff, lang))
  if (diff.titleSheet.length > 0) blocks.push(subheading(lang, 'titleSheet'), { type: 'paragraph', runs: linesRuns(diff.titleSheet) })
  return { id: 'changes', number: '', title: label(lang, 'changes', { from: diff.from, to: diff.to }), mandatory: false, blocks, children: [] }
}

/** The summary lines, shared by the appendix and the screen. */
export function summaryLines(diff: SpecDiff, lang: Lang): string[] {
  const { currency } = diff
  const { counts, cost } = diff
  return [
    diffLabel(lang, 'countsLine', { what: diffLabel(lang, 'requirements'), ...counts.requirements }),
    diffLabel(lang, 'countsLine', { what: diffLabel(lang, 'improvements'), ...counts.improvements }),
    diffLabel(lang, 'sectionsLine', { ...counts.sections, unchanged: diff.unchangedSections }),
    // The total only when it moved: "€12,000 → €12,000 (0)" says nothing.
    ...(cost.deltaMinor !== 0
      ? [`${diffLabel(lang, 'totalCost')}: ${formatMoney(cost.fromMinor, currency, lang)} → ${formatMoney(cost.toMinor, currency, lang)} (${formatDelta(cost.deltaMinor, currency, lang)})`]
      : []),
  ]
}

function summaryList(diff: SpecDiff, lang: Lang): Block {
  return { type: 'list', ordered: false, items: summaryLines(diff, lang).map((line) => [{ type: 'paragraph', runs: text(line) }]) }
}

function subheading(lang: Lang, key: DiffLabelKey): Block {
  return { type: 'paragraph', runs: [{ text: diffLabel(lang, key), bold: true }] }
}

function cols(weights: number[], right: number[] = []): Column[] {
  return weights.map((weight, i) => ({ weight, align: right.includes(i) ? 'right' : 'left' }))
}

function head(lang: Lang, keys: DiffLabelKey[]): Cell[] {
  return keys.map((k) => ({ runs: text(diffLabel(lang, k)) }))
}

/** "Priority: Should → Must", the old value struck through; each field on a line of its own. */
function fieldRuns<F extends RequirementField | ImprovementField>(lang: Lang, currency: string, fields: FieldChange<F>[]): Run[] {
  return fields.flatMap((f): Run[] => [
    { text: `${fieldLabel(lang, f.field)}: `, italic: true, break: true },
    { text: formatFieldValue(lang, currency, f.field, f.from), strike: true },
    { text: ' → ' },
    { text: formatFieldValue(lang, currency, f.field, f.to) },
  ])
}

function requirementsTable(diff: SpecDiff, lang: Lang, currency: string): Block {
  return {
    type: 'table',
    columns: cols([1.2, 1.2, 6]),
    head: head(lang, ['code', 'change', 'details']),
    rows: diff.requirements.map((r) => [
      { runs: text(r.code) },
      { runs: text(diffLabel(lang, r.change)) },
      { runs: [{ text: r.title, bold: true }, ...fieldRuns(lang, currency, r.fields)] },
    ]),
  }
}

function money(minor: number | null, currency: string, emphasis?: Cell['emphasis']): Cell {
  const cell: Cell = minor === null ? { runs: text('') } : { runs: [], money: { minor, currency } }
  return emphasis ? { ...cell, emphasis } : cell
}

function improvementsTable(diff: SpecDiff, lang: Lang, currency: string): Block {
  return {
    type: 'table',
    columns: cols([1.2, 4, 1.6, 1.6, 1.6], [2, 3, 4]),
    head: head(lang, ['code', 'details', 'costFrom', 'costTo', 'delta']),
    rows: diff.improvements.map((item) => [
      { runs: text(item.code) },
      {
        runs: [
          { text: item.title, bold: true },
          { text: diffLabel(lang, item.change), break: true },
          ...fieldRuns(lang, currency, item.fields),
        ],
      },
      money(item.costFromMinor, currency),
      money(item.costToMinor, currency),
      money(item.costDeltaMinor, currency),
    ]),
    foot: [
      [
        { runs: text(diffLabel(lang, 'total')), colspan: 2, emphasis: 'total' },
        money(diff.cost.fromMinor, currency, 'total'),
        money(diff.cost.toMinor, currency, 'total'),
        money(diff.cost.deltaMinor, currency, 'total'),
      ],
    ],
  }
}

const SECTION_LINES_SHOWN = 40

function sectionsTable(diff: SpecDiff, lang: Lang): Block {
  return {
    type: 'table',
    columns: cols([1, 3, 6]),
    head: head(lang, ['number', 'title', 'change']),
    rows: diff.sections.map((s) => {
      const details: Run[] = [{ text: diffLabel(lang, s.change) }]
      if (s.fromTitle !== undefined) details.push({ text: diffLabel(lang, 'titleWas', { title: s.fromTitle }), break: true, italic: true })
      const shown = s.lines.slice(0, SECTION_LINES_SHOWN)
      if (s.lines.length > shown.length) shown.push({ op: 'gap', text: '…' })
      const lines = linesRuns(shown)
      if (lines[0]) lines[0] = { ...lines[0], break: true }
      return [{ runs: text(s.appendix ? diffLabel(lang, 'appendix', { number: s.number }) : s.number) }, { runs: text(s.title) }, { runs: [...details, ...lines] }]
    }),
  }
}

const PREFIX: Record<DiffLine['op'], string> = { same: '  ', add: '+ ', del: '− ', gap: '' }

/** Diff lines as runs: "+ added", "− removed" (struck through), unchanged context, "…" for gaps. */
function linesRuns(lines: DiffLine[]): Run[] {
  return lines.map((line, i): Run => ({
    text: `${PREFIX[line.op]}${line.text}`,
    ...(i > 0 ? { break: true } : {}),
    ...(line.op === 'del' ? { strike: true } : {}),
    ...(line.op === 'add' ? { bold: true } : {}),
  }))
}
