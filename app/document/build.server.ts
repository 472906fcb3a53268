import { translate } from '~/i18n'
import { renderProcessDiagramSvg } from '~/components/process-diagram'
import { decisionSummary } from '~/models/decision.server'
import { improvementTotals, itemCostMinor, STAGES, stageDuration, type Stage } from '~/models/improvement-math'
import { cellKey, effectiveConsensus } from '~/models/scoring.server'
import type { Tx } from '~/utils/db.server'
import type { CompletenessFacts } from './completeness.server'
import { interpolate } from './labels'
import { richTextBlocks } from './rich-text'
import { jsonStringList, SPEC_SCHEMA, text, type Block, type Cell, type Column, type Section, type SignatureLine, type SpecDocument, type SpecSnapshotData, type TitleBlock } from './spec-document'
import { getSpecTemplate, type Localized, type SpecTemplate, type TemplateSection } from './templates.server'

/**
 * Builds the specification IR (docs/decisions/0006) from a template, the project's data and
 * the draft's title fields and free texts. Deterministic: the same data gives the same JSON
 * (everything is sorted by code or position; no clock is read). A vendor signs this document,
 * so the rejected candidates are never named in it.
 */

export type SpecDraft = {
  templateId: string
  titleFields: Record<string, string>
  freeText: Record<string, unknown>
  /** Optional (non-mandatory) sections the lead left out, by id. */
  excluded?: string[]
  /** Top-level section order by id, for templates without a standard's fixed order. */
  sectionOrder?: string[]
}
type Lang = 'en' | 'ru'

const L = {
  field: { en: 'Field', ru: 'Параметр' },
  value: { en: 'Value', ru: 'Значение' },
  code: { en: 'Code', ru: 'Код' },
  requirement: { en: 'Requirement', ru: 'Требование' },
  priority: { en: 'Priority', ru: 'Приоритет' },
  criterion: { en: 'Acceptance criterion', ru: 'Критерий приёмки' },
  must: { en: 'Must (main task)', ru: 'Обязательно (основная задача)' },
  should: { en: 'Should', ru: 'Желательно' },
  could: { en: 'Could', ru: 'Возможно' },
  system: { en: 'System', ru: 'Система' },
  direction: { en: 'Direction', ru: 'Направление' },
  dataIn: { en: 'Data in', ru: 'Входящие данные' },
  dataOut: { en: 'Data out', ru: 'Исходящие данные' },
  trigger: { en: 'Trigger', ru: 'Событие' },
  volume: { en: 'Volume', ru: 'Объём' },
  title: { en: 'Title', ru: 'Наименование' },
  hours: { en: 'Hours', ru: 'Часы' },
  cost: { en: 'Cost', ru: 'Стоимость' },
  duration: { en: 'Duration, days', ru: 'Срок, дней' },
  stage: { en: 'Stage', ru: 'Этап' },
  later: { en: 'Later', ru: 'Позже' },
  subtotal: { en: 'Stage subtotal', ru: 'Итого по этапу' },
  total: { en: 'Total', ru: 'Всего' },
  product: { en: 'Product', ru: 'Продукт' },
  vendor: { en: 'Vendor', ru: 'Поставщик' },
  edition: { en: 'Edition', ru: 'Редакция' },
  hosting: { en: 'Hosting', ru: 'Размещение' },
  licence: { en: 'Licence model', ru: 'Модель лицензирования' },
  rationale: { en: 'Rationale', ru: 'Обоснование' },
  removedAutomated: { en: 'Removed or automated steps', ru: 'Исключённые или автоматизированные шаги' },
  removed: { en: 'removed', ru: 'исключён' },
  automated: { en: 'automated', ru: 'автоматизирован' },
  evidence: { en: 'Evidence', ru: 'Источник' },
  score: { en: 'Score', ru: 'Оценка' },
  improvements: { en: 'Improvements', ru: 'Доработки' },
  items: { en: 'Content', ru: 'Содержание' },
  source: { en: 'Source', ru: 'Источник' },
  date: { en: 'Date', ru: 'Дата' },
  position: { en: 'Position', ru: 'Должность' },
  interviews: { en: 'Interviews held', ru: 'Проведённые интервью' },
  processes: { en: 'Processes mapped', ru: 'Описанные процессы' },
  step: { en: 'step', ru: 'шаг' },
  nothing: { en: 'Nothing is listed for this section.', ru: 'Сведения для данного раздела отсутствуют.' },
  unknownGenerator: { en: 'This section could not be generated', ru: 'Раздел не удалось сформировать' },
  signatures: { en: 'Signatures', ru: 'Подписи сторон' },
  problemSection: { en: 'Section {id}: {problem}', ru: 'Раздел {id}: {problem}' },
  problemGenerator: { en: 'unknown generator "{name}".', ru: 'неизвестный генератор «{name}».' },
  problemWithheld: {
    en: 'The name of a rejected candidate was withheld from the document text ({count}): the vendor signs this document.',
    ru: 'Название отклонённого кандидата скрыто в тексте документа ({count}): документ подписывает поставщик.',
  },
  problemNoChoice: {
    en: 'No candidate has been chosen: the chosen-system, improvement and stage sections are empty.',
    ru: 'Система не выбрана: разделы о выбранной системе, доработках и этапах пусты.',
  },
  problemRichText: { en: 'a part of the text cannot be shown in the document ({detail})', ru: 'часть текста не может быть показана в документе ({detail})' },
} satisfies Record<string, Localized>

const PRIORITY_ORDER: Record<string, number> = { must: 0, should: 1, could: 2 }
const byCode = <T extends { code: string }>(a: T, b: T) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)

function cell(value: string, extra: Partial<Cell> = {}): Cell {
  return { runs: text(value), ...extra }
}
function columns(weights: number[], right: number[] = []): Column[] {
  return weights.map((weight, i) => ({ weight, align: right.includes(i) ? 'right' : 'left' }))
}
function strList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined
}
function isoDate(d: Date | null | undefined): string {
  return d ? d.toISOString().slice(0, 10) : ''
}
function hoursText(centi: number): string {
  return (centi / 100).toFixed(2).replace(/\.?0+$/, '')
}

async function loadData(db: Tx, projectId: string) {
  const [project, requirements, processes, candidates, improvements, interviews, departments, consensus, summary] = await Promise.all([
    db.project.findUniqueOrThrow({ where: { id: projectId }, select: { name: true, clientOrganisation: true, description: true, documentLanguage: true, currency: true } }),
    db.requirement.findMany({
      where: { projectId, deletedAt: null },
      orderBy: { code: 'asc' },
      select: {
        id: true, code: true, type: true, title: true, statementText: true, acceptanceCriterion: true, priority: true, status: true, stage: true,
        departmentId: true, checklistKey: true, tags: true, integrationSystem: true, integrationSystemName: true, integrationDirection: true,
        integrationDataIn: true, integrationDataOut: true, integrationTrigger: true, integrationVolume: true,
        sources: { select: { highlight: { select: { quote: true } }, processStep: { select: { title: true, position: true, process: { select: { name: true } } } } } },
        improvements: { select: { improvementId: true } },
      },
    }),
    db.process.findMany({ where: { projectId }, orderBy: [{ position: 'asc' }, { name: 'asc' }], select: { id: true, name: true, departmentId: true, steps: { orderBy: { position: 'asc' }, select: { title: true, actor: true, tool: true, duration: true, verdict: true, position: true } } } }),
    db.candidate.findMany({ where: { projectId }, orderBy: { position: 'asc' }, select: { id: true, vendor: true, product: true, edition: true, productVersion: true, hosting: true, licenceModel: true, users: true } }),
    db.improvement.findMany({ where: { projectId }, orderBy: { code: 'asc' }, select: { id: true, candidateId: true, code: true, title: true, hoursCenti: true, hourlyRateMinor: true, fixedPriceMinor: true, durationDays: true, stage: true, sequential: true, mustBeforeGoLive: true, status: true } }),
    db.interview.findMany({ where: { projectId }, orderBy: [{ date: 'asc' }, { intervieweeName: 'asc' }], select: { intervieweeName: true, intervieweePosition: true, date: true, status: true, department: { select: { name: true } } } }),
    db.department.findMany({ where: { projectId }, orderBy: { name: 'asc' }, select: { id: true, name: true } }),
    effectiveConsensus(db, projectId),
    decisionSummary(db, projectId),
  ])
  const chosen = candidates.find((c) => c.id === summary?.chosen?.candidateId) ?? null
  return { project, requirements, processes, candidates, chosen, improvements, interviews, departments, consensus, summary }
}
type Data = Awaited<ReturnType<typeof loadData>>
type Req = Data['requirements'][number]

type Ctx = { data: Data; lang: Lang; draft: SpecDraft; template: SpecTemplate; problems: string[]; t: (l: Localized) => string }

function reqStatuses(options: Record<string, unknown>): string[] {
  return strList(options.statuses) ?? ['approved', 'proposed']
}

function filterReqs(ctx: Ctx, options: Record<string, unknown>, pred: (r: Req) => boolean = () => true): Req[] {
  const statuses = reqStatuses(options)
  const types = strList(options.types)
  const priorities = strList(options.priorities)
  return ctx.data.requirements
    .filter((r) => statuses.includes(r.status) && (!types || types.includes(r.type)) && (!priorities || priorities.includes(r.priority)) && pred(r))
    .sort((a, b) => (PRIORITY_ORDER[a.priority] ?? 9) - (PRIORITY_ORDER[b.priority] ?? 9) || byCode(a, b))
}

function priorityText(ctx: Ctx, p: string): string {
  return p === 'must' || p === 'should' || p === 'could' ? ctx.t(L[p]) : p
}

function requirementTable(ctx: Ctx, reqs: Req[]): Block[] {
  if (reqs.length === 0) return []
  const rows = reqs.map((r) => [
    cell(r.code),
    { runs: [{ text: r.title, bold: true as const }, ...(r.statementText.trim() ? [{ text: r.statementText.trim(), break: true as const }] : [])] },
    cell(priorityText(ctx, r.priority), r.priority === 'must' ? { emphasis: 'total' as const } : {}),
    cell(r.acceptanceCriterion),
  ])
  return [{ type: 'table', columns: columns([1, 4, 1.5, 3]), head: [ctx.t(L.code), ctx.t(L.requirement), ctx.t(L.priority), ctx.t(L.criterion)].map((h) => cell(h)), rows }]
}

function requirementsByDepartment(ctx: Ctx, reqs: Req[]): Block[] {
  const out: Block[] = []
  const groups = [...ctx.data.departments.map((d) => ({ id: d.id as string | null, name: d.name })), { id: null, name: ctx.lang === 'ru' ? 'Общие' : 'General' }]
  for (const g of groups) {
    const inGroup = reqs.filter((r) => r.departmentId === g.id)
    if (inGroup.length === 0) continue
    out.push({ type: 'paragraph', runs: [{ text: g.name, bold: true }] }, ...requirementTable(ctx, inGroup))
  }
  return out
}

function chosenImprovements(ctx: Ctx, options: Record<string, unknown>) {
  const statuses = strList(options.statuses) ?? ['estimated', 'agreed']
  const chosen = ctx.data.chosen
  if (!chosen) return []
  return ctx.data.improvements.filter((i) => i.candidateId === chosen.id && statuses.includes(i.status))
}

function stageLabel(ctx: Ctx, stage: string): string {
  return stage === 'later' ? ctx.t(L.later) : `${ctx.t(L.stage)} ${stage}`
}

function money(minor: number, currency: string, emphasis?: Cell['emphasis']): Cell {
  return { runs: text(''), money: { minor, currency }, ...(emphasis ? { emphasis } : {}) }
}

const generators: Record<string, (ctx: Ctx, section: TemplateSection, options: Record<string, unknown>) => Block[]> = {
  'general-info': (ctx, _s, options) => {
    const fields = ctx.template.titleSheet.fields
    const keys = strList(options.fields) ?? fields.map((f) => f.key)
    const known = titleValues(ctx)
    const rows = keys.flatMap((key) => {
      const value = known[key]?.trim()
      if (!value) return []
      const label = fields.find((f) => f.key === key)?.label
      return [[cell(label ? ctx.t(label) : key), cell(value)]]
    })
    return rows.length ? [{ type: 'table', columns: columns([1, 2]), head: [cell(ctx.t(L.field)), cell(ctx.t(L.value))], rows }] : []
  },
  purpose: (ctx) => (ctx.data.project.description.trim() ? [{ type: 'paragraph', runs: text(ctx.data.project.description.trim()) }] : []),
  'processes-to-be': (ctx, section, options) => {
    const out: Block[] = []
    for (const p of ctx.data.processes) {
      if (p.steps.length === 0) continue
      out.push({ type: 'paragraph', runs: [{ text: p.name, bold: true }] })
      if (options.includeDiagrams !== false) {
        out.push({ type: 'figure', svg: renderProcessDiagramSvg(p.steps, { view: 'to-be', locale: ctx.lang, idPrefix: `${section.id}-${p.id}` }), caption: p.name })
      }
      const changed = p.steps.filter((s) => s.verdict === 'remove' || s.verdict === 'automate')
      if (changed.length) {
        out.push({ type: 'paragraph', runs: text(ctx.t(L.removedAutomated)) })
        out.push({ type: 'list', ordered: false, items: changed.map((s) => [{ type: 'paragraph', runs: text(`${s.title} — ${ctx.t(s.verdict === 'remove' ? L.removed : L.automated)}`) }]) })
      }
    }
    return out
  },
  functions: (ctx, _s, o) => requirementsByDepartment(ctx, filterReqs(ctx, { types: ['functional', 'reporting'], ...o })),
  'requirements-by-department': (ctx, _s, o) => requirementsByDepartment(ctx, filterReqs(ctx, o)),
  'requirements-by-type': (ctx, _s, o) => requirementTable(ctx, filterReqs(ctx, o)),
  'non-functional': (ctx, _s, o) => requirementTable(ctx, filterReqs(ctx, { types: ['non_functional'], ...o })),
  security: (ctx, _s, o) => {
    const prefixes = strList(o.checklistPrefixes)
    return requirementTable(
      ctx,
      filterReqs(ctx, { ...o, types: ['security'] }, (r) => !prefixes || (r.checklistKey != null && prefixes.some((p) => r.checklistKey!.startsWith(p)))),
    )
  },
  integrations: (ctx, _s, o) => {
    const reqs = filterReqs(ctx, { ...o, types: ['integration'] })
    if (!reqs.length) return []
    const rows = reqs.map((r) => [
      cell(r.code),
      cell(r.integrationSystemName ?? r.integrationSystem ?? ''),
      cell(r.integrationDirection ? translate(ctx.lang, `requirements.integration.directions.${r.integrationDirection}`) : ''),
      cell(jsonStringList(r.integrationDataIn).join(', ')),
      cell(jsonStringList(r.integrationDataOut).join(', ')),
      cell(r.integrationTrigger ?? ''),
      cell(r.integrationVolume ?? ''),
    ])
    const head = [L.code, L.system, L.direction, L.dataIn, L.dataOut, L.trigger, L.volume].map((l) => cell(ctx.t(l)))
    return [{ type: 'table', columns: columns([1, 2, 1, 2, 2, 1.5, 1]), head, rows }]
  },
  'chosen-system': (ctx) => chosenSystem(ctx, false),
  decision: (ctx) => chosenSystem(ctx, true),
  improvements: (ctx, _s, o) => {
    const items = chosenImprovements(ctx, o)
    const stages = (strList(o.stages) ?? [...STAGES]).filter((s): s is Stage => (STAGES as readonly string[]).includes(s))
    const shown = items.filter((i) => (stages as string[]).includes(i.stage))
    if (!shown.length) return []
    const currency = ctx.data.project.currency
    const totals = improvementTotals(shown)
    const rows: Cell[][] = []
    for (const stage of stages) {
      const inStage = shown.filter((i) => i.stage === stage)
      if (!inStage.length) continue
      rows.push([cell(stageLabel(ctx, stage), { colspan: 5, emphasis: 'muted' })])
      for (const i of inStage) {
        rows.push([cell(i.code), cell(i.title), cell(i.hoursCenti != null ? hoursText(i.hoursCenti) : ''), money(itemCostMinor(i), currency), cell(i.durationDays != null ? String(i.durationDays) : '')])
      }
      const st = totals.byStage[stage]
      rows.push([cell(`${ctx.t(L.subtotal)} ${stage}`, { colspan: 2, emphasis: 'subtotal' }), cell(hoursText(st.hoursCenti), { emphasis: 'subtotal' }), money(st.costMinor, currency, 'subtotal'), cell(String(st.durationDays), { emphasis: 'subtotal' })])
    }
    const foot: Cell[][] = [[cell(ctx.t(L.total), { colspan: 2, emphasis: 'total' }), cell(hoursText(totals.total.hoursCenti), { emphasis: 'total' }), money(totals.total.costMinor, currency, 'total'), cell(String(totals.total.durationDays), { emphasis: 'total' })]]
    const head = [L.code, L.title, L.hours, L.cost, L.duration].map((l) => cell(ctx.t(l)))
    return [{ type: 'table', columns: columns([1, 4, 1, 1.5, 1], [2, 3, 4]), head, rows, foot }]
  },
  stages: (ctx, _s, o) => {
    const items = chosenImprovements(ctx, {})
    const stages = (strList(o.stages) ?? [...STAGES]).filter((s): s is Stage => (STAGES as readonly string[]).includes(s))
    const rows = stages.flatMap((stage) => {
      const inStage = items.filter((i) => i.stage === stage)
      const reqs = ctx.data.requirements.filter((r) => r.stage === stage && reqStatuses({}).includes(r.status))
      if (!inStage.length && !reqs.length) return []
      const content = [...inStage.map((i) => `${i.code} ${i.title}`), ...(inStage.length ? [] : reqs.map((r) => r.code))].join('; ')
      return [[cell(stageLabel(ctx, stage)), cell(content), cell(String(stageDuration(inStage)))]]
    })
    return rows.length ? [{ type: 'table', columns: columns([1, 5, 1], [2]), head: [L.stage, L.items, L.duration].map((l) => cell(ctx.t(l))), rows }] : []
  },
  'what-can-wait': (ctx, _s, o) => {
    const reqStages = strList(o.requirementStages) ?? ['later']
    const reqStatusesWait = strList(o.requirementStatuses) ?? ['deferred']
    const reqs = ctx.data.requirements
      .filter((r) => (r.status === 'approved' || r.status === 'proposed' || reqStatusesWait.includes(r.status)) && (r.priority === 'should' || r.priority === 'could' || reqStages.includes(r.stage) || reqStatusesWait.includes(r.status)))
      .filter((r) => r.priority !== 'must' || reqStages.includes(r.stage) || reqStatusesWait.includes(r.status))
      .sort(byCode)
    const impStages = strList(o.improvementStages) ?? ['later']
    const imps = chosenImprovements(ctx, {}).filter((i) => impStages.includes(i.stage))
    const out: Block[] = [...requirementTable(ctx, reqs)]
    if (imps.length) out.push({ type: 'list', ordered: false, items: imps.map((i) => [{ type: 'paragraph', runs: text(`${i.code} ${i.title}`) }]) })
    return out
  },
  acceptance: (ctx, _s, o) => {
    const reqs = filterReqs(ctx, o).sort(byCode)
    if (!reqs.length) return []
    const rows = reqs.map((r) => [cell(r.code), cell(r.acceptanceCriterion.trim() || '—', r.acceptanceCriterion.trim() ? {} : { emphasis: 'danger' })])
    return [{ type: 'table', columns: columns([1, 5]), head: [cell(ctx.t(L.code)), cell(ctx.t(L.criterion))], rows }]
  },
  traceability: (ctx, _s, o) => {
    const reqs = filterReqs(ctx, o).sort(byCode)
    if (!reqs.length) return []
    const impCode = new Map(ctx.data.improvements.filter((i) => i.candidateId === ctx.data.chosen?.id).map((i) => [i.id, i.code]))
    const rows = reqs.map((r) => {
      const evidence = r.sources
        .map((s) => (s.highlight ? `«${excerpt(s.highlight.quote)}»` : s.processStep ? `${s.processStep.process.name}, ${ctx.t(L.step)} ${s.processStep.position}: ${s.processStep.title}` : ''))
        .filter(Boolean)
        .sort()
      const score = ctx.data.chosen ? ctx.data.consensus.get(cellKey(r.id, ctx.data.chosen.id)) : undefined
      const imps = r.improvements.flatMap((x) => impCode.get(x.improvementId) ?? []).sort()
      return [cell(r.code), { runs: evidence.length ? evidence.map((e, i) => ({ text: e, ...(i ? { break: true as const } : {}) })) : text('—') }, cell(score != null ? String(Math.round(score * 100) / 100) : '—'), cell(imps.join(', ') || '—')]
    })
    return [{ type: 'table', columns: columns([1, 5, 1, 1.5], [2]), head: [L.requirement, L.evidence, L.score, L.improvements].map((l) => cell(ctx.t(l))), rows }]
  },
  sources: (ctx, _s, o) => {
    const statuses = strList(o.interviewStatuses) ?? ['done']
    const out: Block[] = []
    const interviews = ctx.data.interviews.filter((i) => statuses.includes(i.status))
    if (interviews.length) {
      out.push({ type: 'paragraph', runs: [{ text: ctx.t(L.interviews), bold: true }] })
      out.push({ type: 'table', columns: columns([1, 2, 2]), head: [L.date, L.position, L.source].map((l) => cell(ctx.t(l))), rows: interviews.map((i) => [cell(isoDate(i.date)), cell(i.intervieweePosition), cell(i.department?.name ?? '')]) })
    }
    const procs = ctx.data.processes.filter((p) => p.steps.length > 0)
    if (procs.length) {
      out.push({ type: 'paragraph', runs: [{ text: ctx.t(L.processes), bold: true }] })
      out.push({ type: 'list', ordered: false, items: procs.map((p) => [{ type: 'paragraph', runs: text(p.name) }]) })
    }
    return out
  },
  documentation: (ctx, _s, o) => {
    const docs = Array.isArray(o.documents) ? o.documents : []
    const items = docs.flatMap((d: unknown) => {
      const title = typeof d === 'object' && d !== null ? (d as { title?: Localized }).title : undefined
      return title && typeof title.en === 'string' ? [[{ type: 'paragraph' as const, runs: text(ctx.t(title)) }]] : []
    })
    return items.length ? [{ type: 'list', ordered: false, items }] : []
  },
  glossary: () => [],
  references: () => [],
}

function excerpt(quote: string): string {
  const q = quote.replace(/\s+/g, ' ').trim()
  return q.length > 160 ? q.slice(0, 157) + '…' : q
}

function chosenSystem(ctx: Ctx, withRationale: boolean): Block[] {
  const c = ctx.data.chosen
  if (!c) return []
  const rows: Cell[][] = [
    [cell(ctx.t(L.product)), cell([c.product, c.productVersion].filter(Boolean).join(' '))],
    [cell(ctx.t(L.vendor)), cell(c.vendor)],
    [cell(ctx.t(L.edition)), cell(c.edition)],
    [cell(ctx.t(L.hosting)), cell(translate(ctx.lang, `candidates.hosting.${c.hosting}`))],
    [cell(ctx.t(L.licence)), cell(translate(ctx.lang, `candidates.licence.${c.licenceModel}`))],
  ].filter((r) => r[1]?.runs[0]?.text)
  const out: Block[] = [{ type: 'table', columns: columns([1, 2]), head: [cell(ctx.t(L.field)), cell(ctx.t(L.value))], rows }]
  const rationale = ctx.data.summary?.rationaleText.trim()
  if (withRationale && rationale) {
    out.push({ type: 'paragraph', runs: [{ text: ctx.t(L.rationale), bold: true }] })
    for (const para of rationale.split(/\n{2,}|\n/).filter((p) => p.trim())) out.push({ type: 'paragraph', runs: text(para.trim()) })
  }
  return out
}

function sectionBlocks(ctx: Ctx, s: TemplateSection): Block[] {
  const options = s.options ?? {}
  const blocks: Block[] = []
  if (s.kind === 'generated') {
    const gen = s.generator ? generators[s.generator] : undefined
    if (!gen) {
      ctx.problems.push(interpolate(ctx.t(L.problemSection), { id: s.id, problem: interpolate(ctx.t(L.problemGenerator), { name: s.generator ?? '' }) }))
      blocks.push({ type: 'note', tone: 'warning', runs: text(`${ctx.t(L.unknownGenerator)}: ${s.generator ?? ''}`) })
    } else {
      blocks.push(...gen(ctx, s, options))
    }
  }
  const free = ctx.draft.freeText[s.id]
  if (free !== undefined && (s.kind === 'free' || s.kind === 'generated')) {
    blocks.push(...richTextBlocks(free, (p) => ctx.problems.push(interpolate(ctx.t(L.problemSection), { id: s.id, problem: interpolate(ctx.t(L.problemRichText), { detail: p }) }))))
  }
  return blocks
}

function buildSections(ctx: Ctx, list: TemplateSection[], prefix: string, useIds: boolean): Section[] {
  const out: Section[] = []
  const excluded = new Set(ctx.draft.excluded ?? [])
  for (const s of list) {
    if (!s.mandatory && excluded.has(s.id)) continue
    const number = useIds ? s.id : prefix ? `${prefix}.${out.length + 1}` : String(out.length + 1)
    const blocks = sectionBlocks(ctx, s)
    const children = buildSections(ctx, s.children, number, useIds)
    if (blocks.length === 0 && children.length === 0) {
      if (!s.mandatory) continue
      blocks.push({ type: 'note', tone: 'empty', runs: text(s.emptyText ? ctx.t(s.emptyText) : ctx.t(L.nothing)) })
    }
    out.push({ id: s.id, number, title: ctx.t(s.title), mandatory: s.mandatory, blocks, children })
  }
  return out
}

/**
 * Title-sheet values: what the draft says, else what the project already knows (the template's
 * `prefill`: the client organisation, the chosen vendor and product).
 */
function titleValues(ctx: Ctx): Record<string, string> {
  const chosen = ctx.data.chosen
  const known: Record<string, string | undefined> = {
    'project.clientOrganisation': ctx.data.project.clientOrganisation,
    'project.name': ctx.data.project.name,
    'decision.chosenCandidate.vendor': chosen?.vendor,
    'decision.chosenCandidate.product': chosen?.product,
  }
  const values: Record<string, string> = {}
  for (const field of ctx.template.titleSheet.fields) {
    const prefill = (field as { prefill?: string }).prefill
    const sub = (field as { fields?: { key: string }[] }).fields
    // A group (an approver: position and name) is filled field by field: "approverClient.name".
    const keys = field.type === 'group' && Array.isArray(sub) ? sub.map((s) => `${field.key}.${s.key}`) : [field.key]
    for (const key of keys) {
      const value = ctx.draft.titleFields[key]?.trim() || (prefill ? known[prefill] : undefined)
      if (value) values[key] = field.type === 'date' ? documentDate(value, ctx.lang) : value
    }
  }
  return values
}

/** A date field as a document prints it: 10.01.2027 in Russian, 10 January 2027 in English. */
function documentDate(value: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m) return value
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  if (Number.isNaN(date.getTime())) return value
  return lang === 'ru' ? `${m[3]}.${m[2]}.${m[1]}` : new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date)
}

function titleSheet(ctx: Ctx): SpecDocument['titleSheet'] {
  const ts = ctx.template.titleSheet
  const f = titleValues(ctx)
  // A blank field prints as its label in brackets, the way a paper template shows what to fill in.
  const fieldLabel = (key: string) => {
    const field = ts.fields.find((x) => x.key === key)
    return field ? `[${ctx.t(field.label)}]` : ''
  }
  const values: Record<string, string> = { city: f.city ?? '', year: f.year ?? '', versionNumber: '—', shortHash: '—' }
  const titleLines = ts.titleLines.flatMap((line) => {
    if (line.kind === 'field' && line.field) {
      const v = f[line.field]?.trim()
      if (!v) return []
      return [line.format ? interpolate(ctx.t(line.format), { ...values, value: v }) : v]
    }
    if (line.kind === 'meta') return []
    return line.text ? [interpolate(ctx.t(line.text), values)] : []
  })
  const blocks: TitleBlock[] = ts.blocks.map((b) => ({
    heading: ctx.t(b.heading),
    lines: b.lines.flatMap((line) => {
      if (line.kind === 'field' && line.field) return [{ label: '', value: f[line.field] ?? fieldLabel(line.field) }]
      if (line.kind === 'signature' && line.field) return [{ label: '', value: interpolate(line.format ? ctx.t(line.format) : '{name}', { name: f[line.field] ?? fieldLabel(line.field) }) }]
      if (line.kind === 'date') return [{ label: '', value: interpolate(line.format ? ctx.t(line.format) : '{year}', values) }]
      if (line.kind === 'stamp' && line.text) return [{ label: '', value: ctx.t(line.text) }]
      return []
    }),
  }))
  const footer = ts.footerLine?.text ? interpolate(ctx.t(ts.footerLine.text), values).trim().replace(/^,\s*|,\s*$/g, '') : ''
  return { titleLines, blocks, footerLine: footer }
}

function signatureSheet(ctx: Ctx): SpecDocument['signatureSheet'] {
  const ts = ctx.template.titleSheet
  const f = ctx.draft.titleFields
  const signer = (party: 'client' | 'vendor') => (party === 'client' ? 'approverClient' : 'approverVendor')
  const parties: { party: 'client' | 'vendor'; meaning: 'approved' | 'agreed'; role: string }[] = ts.blocks.length
    ? ts.blocks.map((b) => ({ party: b.party, meaning: b.meaning, role: ctx.t(b.heading) }))
    : [
        { party: 'client', meaning: 'approved', role: ctx.lang === 'ru' ? 'Заказчик' : 'Customer' },
        { party: 'vendor', meaning: 'agreed', role: ctx.lang === 'ru' ? 'Исполнитель' : 'Vendor' },
      ]
  const lines: SignatureLine[] = parties.map((p) => ({ party: p.party, role: p.role, name: f[`${signer(p.party)}.name`] ?? '', position: f[`${signer(p.party)}.position`] ?? '', meaning: p.meaning }))
  const title = ts.approvalSheet ? ctx.t(ts.approvalSheet.title) : ctx.t(L.signatures)
  return { title, lines }
}

/**
 * The rejected candidates' names as a reader would spot them: the full product and vendor
 * names, a vendor's name inside its legal-form quotes (ООО «Бета Системс» → Бета Системс), and
 * brand-like words (ServiceFlow of "ServiceFlow On-Prem", ТерраCRM): inner capitals, mixed
 * scripts or digits. Ordinary words of a name ("Сделка", "Интеграция") are left alone: they
 * are also just words.
 */
const LEGAL_FORMS = /(^|\s)(ООО|ЗАО|ПАО|АО|ОАО|ИП|LLC|Ltd\.?|Limited|Inc\.?|GmbH|AG|BV|B\.V\.|SA|S\.A\.|SAS|SRL|Oy|AB|AS|plc|Corp\.?|Co\.)(?=\s|$|,)/giu

function rivalNames(candidates: Data['candidates'], chosen: Data['chosen']): string[] {
  const chosenText = `${chosen?.product ?? ''} ${chosen?.vendor ?? ''}`.toLowerCase()
  const names = new Set<string>()
  const add = (n: string) => {
    const v = n.trim()
    if (v.length >= 3 && !chosenText.includes(v.toLowerCase())) names.add(v)
  }
  const brandLike = (w: string) => /\p{Ll}\p{Lu}/u.test(w) || (/\p{Script=Latin}/u.test(w) && /\p{Script=Cyrillic}/u.test(w)) || (/\d/.test(w) && /\p{L}/u.test(w))
  for (const c of candidates) {
    if (c.id === chosen?.id) continue
    for (const name of [c.product, c.vendor]) {
      add(name)
      for (const m of name.matchAll(/[«"“]([^»"”]+)[»"”]/g)) add(m[1]!)
      // A vendor's name without its legal form is its brand: "Ticketeer GmbH" → Ticketeer.
      add(name.replace(LEGAL_FORMS, '').replace(/[«»"“”]/g, '').trim())
      for (const word of name.split(/[\s,.;:()«»"“”'/]+/)) if (word.length >= 4 && brandLike(word)) add(word)
    }
  }
  return [...names].sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * Replaces the rejected candidates' names wherever a text mentions them (whole words, any
 * case) with a neutral placeholder; reports how many names were withheld. A vendor signs this
 * document: it must not name its competitors.
 */
function scrub<T>(value: T, names: string[], placeholder: string, problems: string[], lang: Lang): T {
  if (names.length === 0) return value
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${names.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'giu')
  const hit = new Set<string>()
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      return v.replace(pattern, (m) => {
        hit.add(m.toLowerCase())
        return placeholder
      })
    }
    if (Array.isArray(v)) return v.map(walk)
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
    return v
  }
  const out = walk(value) as T
  if (hit.size) problems.push(interpolate(L.problemWithheld[lang], { count: String(hit.size) }))
  return out
}

export async function buildSpecDocument(
  db: Tx,
  projectId: string,
  draft: SpecDraft,
  opts: { locale?: Lang } = {},
): Promise<{ document: SpecDocument; data: SpecSnapshotData; problems: string[]; titleValues: Record<string, string>; facts: CompletenessFacts }> {
  const template = getSpecTemplate(draft.templateId)
  if (!template) throw new Error(`Unknown specification template "${draft.templateId}".`)
  const data = await loadData(db, projectId)
  const lang: Lang = opts.locale ?? (data.project.documentLanguage === 'ru' ? 'ru' : 'en')
  const problems: string[] = []
  const ctx: Ctx = { data, lang, draft, template, problems, t: (l) => l[lang] }
  const useIds = template.standard !== undefined && template.standard !== 'none'
  const sections = buildSections(ctx, useIds ? template.sections : ordered(template.sections, draft.sectionOrder), '', useIds)
  const appendices = buildSections(ctx, template.appendices, '', true).map((a) => ({ ...a, number: appendixLetter(a.number, lang) }))
  if (!data.chosen) problems.push(ctx.t(L.problemNoChoice))
  const document: SpecDocument = {
    schema: SPEC_SCHEMA,
    meta: {
      projectName: data.project.name,
      clientOrganisation: data.project.clientOrganisation,
      templateId: template.id,
      title: template.title[lang],
      language: lang,
      currency: data.project.currency,
    },
    titleSheet: titleSheet(ctx),
    sections,
    appendices,
    signatureSheet: signatureSheet(ctx),
  }
  const withheld = lang === 'ru' ? '[кандидат не указывается]' : '[candidate withheld]'
  // What the completeness check reads, from the rows just loaded (it needs no query of its own).
  const facts: CompletenessFacts = { requirements: data.requirements, improvements: data.improvements, decision: { chosenCandidateId: data.chosen?.id ?? null, signedOffAt: data.summary?.signedOffAt ?? null } }
  return { document: scrub(document, rivalNames(data.candidates, data.chosen), withheld, problems, lang), data: snapshotData(ctx), problems, titleValues: titleValues(ctx), facts }
}

// GOST 2.105 letters appendices А, Б, В, … skipping Ё, З, Й, О, Ч, Ь, Ы, Ъ.
const CYRILLIC_APPENDIX = 'АБВГДЕЖИКЛМНПРСТУФХЦШЩЭЮЯ'

/** A template's appendix id "A", "B", … printed in the document's alphabet. */
function appendixLetter(id: string, lang: Lang): string {
  if (lang !== 'ru' || !/^[A-Z]$/.test(id)) return id
  return CYRILLIC_APPENDIX[id.charCodeAt(0) - 65] ?? id
}

/** A standard's sections keep the standard's order; other templates follow the lead's order. */
function ordered(sections: TemplateSection[], order: string[] | undefined): TemplateSection[] {
  if (!order?.length) return sections
  const rank = (id: string) => {
    const i = order.indexOf(id)
    return i < 0 ? order.length + sections.findIndex((s) => s.id === id) : i
  }
  return [...sections].sort((a, b) => rank(a.id) - rank(b.id))
}

/** The facts a version is compared by (diff.ts): requirements and the chosen system's improvements. */
function snapshotData(ctx: Ctx): SpecSnapshotData {
  const departments = new Map(ctx.data.departments.map((d) => [d.id, d.name]))
  const requirements = ctx.data.requirements
    .filter((r) => r.status !== 'draft' && r.status !== 'rejected')
    .map((r) => ({
      code: r.code,
      title: r.title,
      statement: r.statementText.trim(),
      type: r.type,
      priority: r.priority,
      acceptanceCriterion: r.acceptanceCriterion.trim(),
      status: r.status,
      stage: r.stage,
      department: r.departmentId ? (departments.get(r.departmentId) ?? null) : null,
    }))
  const improvements = chosenImprovements(ctx, {}).map((i) => ({
    code: i.code,
    title: i.title,
    hoursCenti: i.hoursCenti,
    costMinor: itemCostMinor(i),
    durationDays: i.durationDays,
    stage: i.stage,
  }))
  return { currency: ctx.data.project.currency, requirements, improvements, totalCostMinor: improvements.reduce((sum, i) => sum + i.costMinor, 0) }
}
