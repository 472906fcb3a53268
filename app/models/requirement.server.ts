import { lintRequirement, type LintLanguage } from '~/models/requirement-lint'
import {
  CODE_PREFIX,
  DECISION_STATUSES,
  PRIORITIES,
  RequirementInputSchema,
  STATUSES,
  type ListQuery,
  type RequirementInput,
  type RequirementStatus,
  type RequirementType,
} from '~/schemas/requirement'
import type { Db, Tx } from '~/utils/db.server'
import { parseRichText, plainTextToDoc, richTextToPlainText } from '~/utils/rich-text'
import { recordAudit } from './audit.server'
import { ratingAggregates } from './rating.server'

/** Who acts, and whether the permission table lets them take decisions (requirement.approve). */
export type Actor = { id: string; canApprove: boolean }

export type RequirementErrorReason =
  | 'invalid'
  | 'department'
  | 'highlight'
  | 'step'
  | 'status'
  | 'linkTarget'
  | 'linkSelf'
  | 'linkDuplicate'
  | 'commentParent'
  | 'decisionComment'

/** Something the caller asked that cannot be done; the route turns `reason` into a message. Nothing was written. */
export class RequirementError extends Error {
  constructor(
    public reason: RequirementErrorReason,
    public field?: string,
  ) {
    super(`Requirement refused: ${reason}${field ? ` (${field})` : ''}`)
  }
}

// ---------------------------------------------------------------------------------------
// Derived fields

/**
 * The statement as stored: tiptap JSON (validated against the editor's schema) plus its plain
 * text. Accepts the editor's JSON or plain text (a paragraph per line, e.g. from scripts).
 */
export function statementFromInput(raw: string): { ok: true; json: string; text: string } | { ok: false } {
  const trimmed = raw.trim()
  if (trimmed.startsWith('{')) {
    const parsed = parseRichText(trimmed)
    return parsed.ok ? { ok: true, json: JSON.stringify(parsed.doc), text: parsed.text.trim() } : { ok: false }
  }
  const doc = plainTextToDoc(trimmed)
  return { ok: true, json: JSON.stringify(doc), text: richTextToPlainText(doc) }
}

/** Lower-cased, ё folded into е: the same key for stored text and for queries. */
export function searchKey(text: string): string {
  return text.toLowerCase().replaceAll('ё', 'е')
}

function derived(code: string, input: RequirementInput, statementText: string, lang: LintLanguage) {
  const findings = lintRequirement({ statement: statementText, acceptanceCriterion: input.acceptanceCriterion, documentLanguage: lang }, lang)
  return {
    searchText: searchKey([code, input.title, statementText, input.rationale, input.acceptanceCriterion, input.tags.join(' ')].join('\n')),
    lintRules: JSON.stringify([...new Set(findings.map((f) => f.ruleId))]),
    lintCount: findings.length,
  }
}

function columns(input: RequirementInput) {
  return {
    title: input.title,
    rationale: input.rationale,
    acceptanceCriterion: input.acceptanceCriterion,
    type: input.type,
    priority: input.priority,
    departmentId: input.departmentId,
    status: input.status,
    stage: input.stage,
    tags: JSON.stringify(input.tags),
    integrationSystem: input.integrationSystem,
    integrationSystemName: input.integrationSystemName,
    integrationDirection: input.integrationDirection,
    integrationDataIn: JSON.stringify(input.integrationDataIn),
    integrationDataOut: JSON.stringify(input.integrationDataOut),
    integrationTrigger: input.integrationTrigger,
    integrationVolume: input.integrationVolume,
  }
}

const EDITABLE_COLUMNS = {
  title: true,
  rationale: true,
  acceptanceCriterion: true,
  type: true,
  priority: true,
  departmentId: true,
  status: true,
  stage: true,
  tags: true,
  integrationSystem: true,
  integrationSystemName: true,
  integrationDirection: true,
  integrationDataIn: true,
  integrationDataOut: true,
  integrationTrigger: true,
  integrationVolume: true,
} as const satisfies Record<keyof ReturnType<typeof columns>, true>

/** What the audit log keeps of a requirement: readable fields, not the rich-text JSON. */
function auditView(input: RequirementInput, statementText: string) {
  const { statement: _, ...rest } = input
  return { ...rest, statement: statementText }
}

// ---------------------------------------------------------------------------------------
// Codes

/** The next code for a type's prefix; the counter only increases, so a deleted code never returns. */
export async function allocateCode(tx: Tx, projectId: string, type: RequirementType): Promise<string> {
  const prefix = CODE_PREFIX[type]
  const counter = await tx.requirementCodeCounter.upsert({
    where: { projectId_prefix: { projectId, prefix } },
    create: { projectId, prefix, next: 2 },
    update: { next: { increment: 1 } },
    select: { next: true },
  })
  return `${prefix}-${String(counter.next - 1).padStart(3, '0')}`
}

function parseInput(input: unknown): RequirementInput {
  const parsed = RequirementInputSchema.safeParse(input)
  if (!parsed.success) throw new RequirementError('invalid', String(parsed.error.issues[0]?.path[0] ?? ''))
  return parsed.data
}

function statusChangeAllowed(from: string, to: string, canApprove: boolean): boolean {
  if (from === to) return true
  const decision = (s: string) => DECISION_STATUSES.includes(s as RequirementStatus)
  return canApprove || (!decision(from) && !decision(to))
}

async function checkDepartment(tx: Tx, projectId: string, departmentId: string | null) {
  if (departmentId && (await tx.department.count({ where: { id: departmentId, projectId } })) !== 1) {
    throw new RequirementError('department', 'departmentId')
  }
}

async function projectLanguage(tx: Tx, projectId: string): Promise<LintLanguage> {
  const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { documentLanguage: true } })
  return project.documentLanguage === 'ru' ? 'ru' : 'en'
}

/**
 * Writes one requirement with a fresh code, its derived fields and its audit event, inside the
 * caller's transaction. The input is already valid; callers check departments and sources.
 */
export async function insertRequirement(
  tx: Tx,
  actorId: string,
  projectId: string,
  lang: LintLanguage,
  input: RequirementInput,
  options: { checklistKey?: string; auditAction?: string; catalogueKey?: string } = {},
) {
  const statement = statementFromInput(input.statement)
  if (!statement.ok) throw new RequirementError('invalid', 'statement')
  const code = await allocateCode(tx, projectId, input.type)
  const created = await tx.requirement.create({
    data: {
      projectId,
      code,
      ...columns(input),
      statement: statement.json,
      statementText: statement.text,
      checklistKey: options.checklistKey ?? null,
      createdById: actorId,
      updatedById: actorId,
      ...derived(code, input, statement.text, lang),
    },
    select: { id: true, code: true },
  })
  await recordAudit(tx, {
    actorId,
    projectId,
    action: options.auditAction ?? 'requirement.create',
    entityType: 'requirement',
    entityId: created.id,
    after: {
      code,
      ...auditView(input, statement.text),
      ...(options.checklistKey ? { checklistKey: options.checklistKey } : {}),
      ...(options.catalogueKey ? { catalogueKey: options.catalogueKey } : {}),
    },
  })
  return created
}

export type SourceRef = { highlightId: string } | { processStepId: string }

/** Creates a requirement with its evidence; a highlight or step of another project is refused. */
export async function createRequirement(db: Db, actor: Actor, projectId: string, rawInput: unknown, sources: SourceRef[] = []) {
  const input = parseInput(rawInput)
  if (!statusChangeAllowed('draft', input.status, actor.canApprove)) throw new RequirementError('status', 'status')
  return db.$transaction(async (tx) => {
    await checkDepartment(tx, projectId, input.departmentId)
    for (const source of sources) {
      if ('highlightId' in source) {
        const found = await tx.highlight.count({ where: { id: source.highlightId, projectId } })
        if (found !== 1) throw new RequirementError('highlight')
      } else {
        const found = await tx.processStep.count({ where: { id: source.processStepId, process: { projectId } } })
        if (found !== 1) throw new RequirementError('step')
      }
    }
    const created = await insertRequirement(tx, actor.id, projectId, await projectLanguage(tx, projectId), input)
    for (const source of sources) {
      await tx.requirementSource.create({ data: { requirementId: created.id, ...source } })
      await recordAudit(tx, { actorId: actor.id, projectId, action: 'requirement.source.add', entityType: 'requirement', entityId: created.id, after: source })
    }
    return created
  })
}

export type Conflict = { by: string | null; at: Date }

/**
 * Saves an edit made on `version`. If someone saved in between, nothing is written and the caller
 * learns who and when, so the user can review and re-apply rather than silently overwrite.
 */
export async function updateRequirement(
  db: Db,
  actor: Actor,
  projectId: string,
  requirementId: string,
  version: number,
  rawInput: unknown,
): Promise<{ ok: true; code: string } | { conflict: Conflict } | null> {
  const input = parseInput(rawInput)
  const statement = statementFromInput(input.statement)
  if (!statement.ok) throw new RequirementError('invalid', 'statement')
  return db.$transaction(async (tx) => {
    const before = await tx.requirement.findFirst({
      where: { id: requirementId, projectId, deletedAt: null },
      select: {
        code: true,
        version: true,
        updatedAt: true,
        statementText: true,
        updatedBy: { select: { name: true } },
        ...EDITABLE_COLUMNS,
      },
    })
    if (!before) return null
    if (before.version !== version) return { conflict: { by: before.updatedBy?.name ?? null, at: before.updatedAt } }
    if (!statusChangeAllowed(before.status, input.status, actor.canApprove)) throw new RequirementError('status', 'status')
    await checkDepartment(tx, projectId, input.departmentId)
    const code = before.code
    const written = await tx.requirement.updateMany({
      where: { id: requirementId, projectId, version, deletedAt: null },
      data: {
        ...columns(input),
        statement: statement.json,
        statementText: statement.text,
        version: { increment: 1 },
        updatedById: actor.id,
        ...derived(code, input, statement.text, await projectLanguage(tx, projectId)),
      },
    })
    if (written.count === 0) {
      const now = await tx.requirement.findFirst({ where: { id: requirementId }, select: { updatedAt: true, updatedBy: { select: { name: true } } } })
      return { conflict: { by: now?.updatedBy?.name ?? null, at: now?.updatedAt ?? new Date() } }
    }
    const after = { ...columns(input), statementText: statement.text } as Record<string, unknown>
    const old = before as unknown as Record<string, unknown>
    const changed = Object.keys(after).filter((k) => String(old[k] ?? '') !== String(after[k] ?? ''))
    await recordAudit(tx, {
      actorId: actor.id,
      projectId,
      action: 'requirement.update',
      entityType: 'requirement',
      entityId: requirementId,
      before: Object.fromEntries(changed.map((k) => [k, old[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    })
    return { ok: true as const, code }
  })
}

export async function setRequirementStatus(db: Db, actor: Actor, projectId: string, requirementId: string, status: RequirementStatus) {
  return db.$transaction(async (tx) => {
    const before = await tx.requirement.findFirst({ where: { id: requirementId, projectId, deletedAt: null }, select: { status: true } })
    if (!before) return null
    if (!statusChangeAllowed(before.status, status, actor.canApprove)) throw new RequirementError('status', 'status')
    if (before.status === status) return { id: requirementId }
    await tx.requirement.update({ where: { id: requirementId }, data: { status, version: { increment: 1 }, updatedById: actor.id } })
    await recordAudit(tx, { actorId: actor.id, projectId, action: 'requirement.status', entityType: 'requirement', entityId: requirementId, before, after: { status } })
    return { id: requirementId }
  })
}

export type BulkChange = { status?: RequirementStatus; stage?: string; priority?: string }

/** The lead's bulk change: all or nothing, one audit event per requirement. Returns how many changed. */
export async function bulkUpdateRequirements(db: Db, actorId: string, projectId: string, ids: string[], change: BulkChange) {
  const data = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) as BulkChange
  return db.$transaction(async (tx) => {
    const rows = await tx.requirement.findMany({
      where: { id: { in: ids }, projectId, deletedAt: null },
      select: { id: true, status: true, stage: true, priority: true },
    })
    if (rows.length !== new Set(ids).size) return null
    for (const row of rows) {
      const before = Object.fromEntries(Object.keys(data).map((k) => [k, row[k as keyof BulkChange]]))
      await tx.requirement.update({ where: { id: row.id }, data: { ...data, version: { increment: 1 }, updatedById: actorId } })
      await recordAudit(tx, { actorId, projectId, action: 'requirement.bulk', entityType: 'requirement', entityId: row.id, before, after: data })
    }
    return rows.length
  })
}

/** Soft delete: the row and its code stay (the code is never reused); lists no longer show it. */
export async function deleteRequirement(db: Db, actorId: string, projectId: string, requirementId: string) {
  return db.$transaction(async (tx) => {
    const before = await tx.requirement.findFirst({ where: { id: requirementId, projectId, deletedAt: null }, select: { code: true, title: true } })
    if (!before) return null
    await tx.requirement.update({ where: { id: requirementId }, data: { deletedAt: new Date(), version: { increment: 1 }, updatedById: actorId } })
    await recordAudit(tx, { actorId, projectId, action: 'requirement.delete', entityType: 'requirement', entityId: requirementId, before })
    return before
  })
}

// ---------------------------------------------------------------------------------------
// Evidence and links

export async function removeRequirementSource(db: Db, actorId: string, projectId: string, requirementId: string, sourceId: string) {
  return db.$transaction(async (tx) => {
    const source = await tx.requirementSource.findFirst({
      where: { id: sourceId, requirementId, requirement: { projectId, deletedAt: null } },
      select: { highlightId: true, processStepId: true },
    })
    if (!source) return null
    await tx.requirementSource.delete({ where: { id: sourceId } })
    await recordAudit(tx, { actorId, projectId, action: 'requirement.source.remove', entityType: 'requirement', entityId: requirementId, before: source })
    return { id: sourceId }
  })
}

export async function addRequirementLink(
  db: Db,
  actorId: string,
  projectId: string,
  fromId: string,
  target: { id?: string; code?: string },
  kind: string,
) {
  return db.$transaction(async (tx) => {
    const from = await tx.requirement.findFirst({ where: { id: fromId, projectId, deletedAt: null }, select: { id: true, code: true } })
    if (!from) return null
    const to = await tx.requirement.findFirst({
      where: { projectId, deletedAt: null, ...(target.id ? { id: target.id } : { code: target.code ?? '' }) },
      select: { id: true, code: true },
    })
    if (!to) throw new RequirementError('linkTarget', 'targetCode')
    if (to.id === from.id) throw new RequirementError('linkSelf', 'targetCode')
    const existing = await tx.requirementLink.count({ where: { fromId: from.id, toId: to.id, kind } })
    if (existing > 0) throw new RequirementError('linkDuplicate', 'targetCode')
    const link = await tx.requirementLink.create({ data: { fromId: from.id, toId: to.id, kind }, select: { id: true } })
    await recordAudit(tx, { actorId, projectId, action: 'requirement.link.add', entityType: 'requirement', entityId: from.id, after: { kind, to: to.code } })
    return link
  })
}

export async function removeRequirementLink(db: Db, actorId: string, projectId: string, requirementId: string, linkId: string) {
  return db.$transaction(async (tx) => {
    const link = await tx.requirementLink.findFirst({
      where: {
        id: linkId,
        OR: [{ fromId: requirementId }, { toId: requirementId }],
        from: { projectId },
      },
      select: { kind: true, from: { select: { code: true } }, to: { select: { code: true } } },
    })
    if (!link) return null
    await tx.requirementLink.delete({ where: { id: linkId } })
    await recordAudit(tx, {
      actorId,
      projectId,
      action: 'requirement.link.remove',
      entityType: 'requirement',
      entityId: requirementId,
      before: { kind: link.kind, from: link.from.code, to: link.to.code },
    })
    return { id: linkId }
  })
}

// ---------------------------------------------------------------------------------------
// Comments: a formal review thread (remark → justification → decision)

export async function addComment(
  db: Db,
  actor: Actor,
  projectId: string,
  requirementId: string,
  input: { kind: 'remark' | 'justification' | 'decision'; body: string; parentId: string | null },
) {
  if (input.kind === 'decision' && !actor.canApprove) throw new RequirementError('decisionComment', 'kind')
  // A remark opens a thread; justifications and decisions answer one.
  if ((input.kind === 'remark') !== (input.parentId === null)) throw new RequirementError('commentParent', 'kind')
  return db.$transaction(async (tx) => {
    const requirement = await tx.requirement.count({ where: { id: requirementId, projectId, deletedAt: null } })
    if (requirement !== 1) return null
    if (input.parentId && (await tx.comment.count({ where: { id: input.parentId, requirementId } })) !== 1) {
      throw new RequirementError('commentParent', 'parentId')
    }
    const comment = await tx.comment.create({ data: { requirementId, authorId: actor.id, kind: input.kind, body: input.body, parentId: input.parentId }, select: { id: true } })
    await recordAudit(tx, {
      actorId: actor.id,
      projectId,
      action: 'requirement.comment',
      entityType: 'requirement',
      entityId: requirementId,
      after: { kind: input.kind, body: input.body.slice(0, 200) },
    })
    return comment
  })
}

// ---------------------------------------------------------------------------------------
// Reading

export const LIST_PAGE_SIZE = 50

function codeOrder(a: string, b: string): number {
  const [pa, na] = a.split('-')
  const [pb, nb] = b.split('-')
  return pa === pb ? Number(na) - Number(nb) : (pa ?? '').localeCompare(pb ?? '')
}

const PRIORITY_RANK = Object.fromEntries(PRIORITIES.map((p, i) => [p, i]))
const STATUS_RANK = Object.fromEntries(STATUSES.map((s, i) => [s, i]))

/**
 * One page of the catalogue. Filtering happens in SQL; the filtered set is then sorted on a few
 * light columns in memory (codes sort numerically, titles by locale, ranks by their order) and
 * only the page's rows and rating aggregates are read — one groupBy for the page's ids.
 */
export async function listRequirements(db: Db, projectId: string, query: ListQuery, locale: string, pageSize = LIST_PAGE_SIZE) {
  const where = {
    projectId,
    deletedAt: null,
    ...(query.type ? { type: query.type } : {}),
    ...(query.priority ? { priority: query.priority } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.stage ? { stage: query.stage } : {}),
    ...(query.department ? { departmentId: query.department } : {}),
    ...(query.tag ? { tags: { contains: JSON.stringify(query.tag) } } : {}),
    ...(query.lint === 'any' ? { lintCount: { gt: 0 } } : query.lint ? { lintRules: { contains: JSON.stringify(query.lint) } } : {}),
    ...(query.q ? { searchText: { contains: searchKey(query.q) } } : {}),
    ...(query.unrated ? { ratings: { none: {} } } : {}),
  }
  const light = await db.requirement.findMany({
    where,
    select: { id: true, code: true, title: true, priority: true, status: true, updatedAt: true },
  })
  let means = new Map<string, number>()
  if (query.sort === 'rating' && light.length > 0) {
    const groups = await db.rating.groupBy({ by: ['requirementId'], where: { requirement: where }, _avg: { importance: true } })
    means = new Map(groups.map((g) => [g.requirementId, g._avg.importance ?? 0]))
  }
  const collator = new Intl.Collator(locale)
  const compare: Record<ListQuery['sort'], (a: (typeof light)[number], b: (typeof light)[number]) => number> = {
    code: (a, b) => codeOrder(a.code, b.code),
    title: (a, b) => collator.compare(a.title, b.title),
    priority: (a, b) => (PRIORITY_RANK[a.priority] ?? 9) - (PRIORITY_RANK[b.priority] ?? 9),
    status: (a, b) => (STATUS_RANK[a.status] ?? 9) - (STATUS_RANK[b.status] ?? 9),
    updated: (a, b) => a.updatedAt.getTime() - b.updatedAt.getTime(),
    rating: (a, b) => (means.get(a.id) ?? -1) - (means.get(b.id) ?? -1),
  }
  const sign = query.dir === 'desc' ? -1 : 1
  light.sort((a, b) => sign * compare[query.sort](a, b) || codeOrder(a.code, b.code))
  const total = light.length
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const page = Math.min(query.page, pages)
  const pageIds = light.slice((page - 1) * pageSize, page * pageSize).map((r) => r.id)
  const [rows, ratings] = await Promise.all([
    db.requirement.findMany({
      where: { id: { in: pageIds } },
      select: {
        id: true,
        code: true,
        title: true,
        type: true,
        priority: true,
        status: true,
        stage: true,
        tags: true,
        lintCount: true,
        checklistKey: true,
        department: { select: { name: true } },
      },
    }),
    ratingAggregates(db, pageIds),
  ])
  const byId = new Map(rows.map((r) => [r.id, r]))
  return {
    total,
    page,
    pages,
    rows: pageIds.map((id) => {
      const r = byId.get(id)!
      return { ...r, tags: JSON.parse(r.tags) as string[], rating: ratings.get(id) ?? null }
    }),
  }
}

/** Everything the requirement page shows, scoped by project; null for another project's code. */
export async function getRequirementPage(db: Db, projectId: string, code: string) {
  const r = await db.requirement.findFirst({
    where: { projectId, code, deletedAt: null },
    select: {
      id: true,
      code: true,
      title: true,
      statement: true,
      statementText: true,
      rationale: true,
      acceptanceCriterion: true,
      type: true,
      priority: true,
      departmentId: true,
      status: true,
      stage: true,
      tags: true,
      integrationSystem: true,
      integrationSystemName: true,
      integrationDirection: true,
      integrationDataIn: true,
      integrationDataOut: true,
      integrationTrigger: true,
      integrationVolume: true,
      checklistKey: true,
      version: true,
      createdAt: true,
      updatedAt: true,
      updatedBy: { select: { name: true } },
      department: { select: { name: true } },
      sources: {
        orderBy: { createdAt: 'asc' },
        select: {
          id: true,
          highlight: {
            select: { id: true, quote: true, interviewId: true, interview: { select: { intervieweeName: true, intervieweePosition: true, date: true } } },
          },
          processStep: { select: { id: true, title: true, processId: true, process: { select: { name: true } } } },
        },
      },
      linksFrom: { where: { to: { deletedAt: null } }, select: { id: true, kind: true, to: { select: { code: true, title: true, status: true } } } },
      linksTo: { where: { from: { deletedAt: null } }, select: { id: true, kind: true, from: { select: { code: true, title: true, status: true } } } },
      comments: {
        orderBy: { createdAt: 'asc' },
        select: { id: true, kind: true, body: true, parentId: true, createdAt: true, author: { select: { name: true } } },
      },
    },
  })
  if (!r) return null
  return {
    ...r,
    tags: JSON.parse(r.tags) as string[],
    integrationDataIn: JSON.parse(r.integrationDataIn) as string[],
    integrationDataOut: JSON.parse(r.integrationDataOut) as string[],
  }
}

/** The requirement's history: its audit events, newest first. */
export async function requirementHistory(db: Db, projectId: string, requirementId: string) {
  const events = await db.auditEvent.findMany({
    where: { projectId, entityType: 'requirement', entityId: requirementId },
    orderBy: { seq: 'desc' },
    take: 200,
    select: { seq: true, action: true, summary: true, createdAt: true, actor: { select: { name: true } } },
  })
  return events.map((e) => ({ ...e, summary: JSON.parse(e.summary) as { before: Record<string, unknown> | null; after: Record<string, unknown> | null } }))
}

/** The quote or step a new requirement is being made from (for the form), scoped by project. */
export async function findEvidence(db: Db, projectId: string, ref: { highlightId?: string | null; stepId?: string | null }) {
  if (ref.highlightId) {
    const h = await db.highlight.findFirst({
      where: { id: ref.highlightId, projectId },
      select: { id: true, quote: true, interviewId: true, interview: { select: { intervieweeName: true, intervieweePosition: true, date: true } } },
    })
    return h ? { kind: 'highlight' as const, ...h } : null
  }
  if (ref.stepId) {
    const s = await db.processStep.findFirst({
      where: { id: ref.stepId, process: { projectId } },
      select: { id: true, title: true, action: true, actor: true, processId: true, process: { select: { name: true } } },
    })
    return s ? { kind: 'step' as const, ...s } : null
  }
  return null
}
