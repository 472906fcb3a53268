import { translate, type Locale } from '~/i18n'
import {
  AWAITING_STATUSES,
  CODE_PREFIX,
  COST_STATUSES,
  estimateProblem,
  VENDOR_STATUSES,
  type EstimateField,
  type EstimateValues,
  type Feasibility,
  type ImprovementFields,
  type ImprovementStatus,
  type ListFilters,
  type Transition,
} from '~/schemas/improvement'
import type { Db, Tx } from '~/utils/db.server'
import { recordAudit } from './audit.server'
import { visibleCandidates as candidatesWhere } from './candidate.server'
import { improvementTotals, type ImprovementTotals } from './improvement-math'
import { cellKey, effectiveConsensus } from './scoring.server'
import { grade, isWeak, SCALE_KEYS } from './scale'

/**
 * Who looks at the improvement list. A vendor sees only the items sent to its own candidate
 * (candidateId from its membership; null = bound to none = sees nothing); everyone else in the
 * project sees every item.
 */
export type Viewer = { kind: 'team' } | { kind: 'vendor'; candidateId: string | null }

export type ImprovementErrorReason = 'invalid' | 'estimate' | 'status' | 'stale' | 'candidate' | 'requirement' | 'comment'

/** A refusal the route turns into a message; nothing was written. */
export class ImprovementError extends Error {
  constructor(
    public reason: ImprovementErrorReason,
    public field?: string,
    public detail?: { max?: number; codes?: string[]; status?: string; problem?: string },
  ) {
    super(`Improvement refused: ${reason}${field ? ` (${field})` : ''}`)
  }
}

/** The `where` that keeps a viewer inside what it may see. */
export function visibleImprovementsWhere(projectId: string, viewer: Viewer) {
  if (viewer.kind === 'team') return { projectId }
  // An unbound vendor matches nothing: an impossible id rather than "any candidate".
  return { projectId, candidateId: viewer.candidateId ?? '\u0000none', status: { in: [...VENDOR_STATUSES] } }
}

// ---------------------------------------------------------------------------------------
// Codes

/** IMP-001, IMP-002, … per project; the counter only increases, so a code never returns. */
export async function allocateImprovementCode(tx: Tx, projectId: string): Promise<string> {
  const counter = await tx.requirementCodeCounter.upsert({
    where: { projectId_prefix: { projectId, prefix: CODE_PREFIX } },
    create: { projectId, prefix: CODE_PREFIX, next: 2 },
    update: { next: { increment: 1 } },
    select: { next: true },
  })
  return `${CODE_PREFIX}-${String(counter.next - 1).padStart(3, '0')}`
}

async function requirementIdsByCode(tx: Tx, projectId: string, codes: string[]): Promise<string[]> {
  if (codes.length === 0) return []
  const found = await tx.requirement.findMany({
    where: { projectId, code: { in: codes }, deletedAt: null },
    select: { id: true, code: true },
  })
  const missing = codes.filter((c) => !found.some((r) => r.code === c))
  if (missing.length > 0) throw new ImprovementError('requirement', 'requirementCodes', { codes: missing })
  return found.map((r) => r.id)
}

// ---------------------------------------------------------------------------------------
// Creating

/** An item written by hand by the lead (status proposed), for any requirement priority. */
export async function createImprovement(
  db: Db,
  actorId: string,
  projectId: string,
  input: ImprovementFields & { candidateId: string },
): Promise<{ id: string; code: string }> {
  return db.$transaction(async (tx) => {
    const candidate = await tx.candidate.findFirst({ where: { id: input.candidateId, projectId }, select: { id: true } })
    if (!candidate) throw new ImprovementError('candidate', 'candidateId')
    const requirementIds = await requirementIdsByCode(tx, projectId, input.requirementCodes)
    const code = await allocateImprovementCode(tx, projectId)
    const created = await tx.improvement.create({
      data: {
        projectId,
        candidateId: input.candidateId,
        code,
        title: input.title,
        description: input.description,
        feasibility: input.feasibility,
        stage: input.stage,
        mustBeforeGoLive: input.mustBeforeGoLive,
        sequential: input.sequential,
        status: 'proposed',
        origin: 'manual',
        requirements: { create: requirementIds.map((requirementId) => ({ requirementId })) },
      },
      select: { id: true, code: true },
    })
    await recordAudit(tx, {
      actorId,
      projectId,
      action: 'improvement.create',
      entityType: 'improvement',
      entityId: created.id,
      after: { code, ...input, status: 'proposed' },
    })
    return created
  })
}

export type SuggestResult = { created: number; existing: number; dismissed: number; ids: string[] }

/**
 * Proposes an item for every must requirement × candidate whose effective consensus (latest
 * closed round) is weak — satisfactory or not supported. Idempotent: a cell that already has a
 * live item for that candidate is skipped, and so is one whose generated suggestion the lead
 * dismissed (dismissing is the lead's answer; generating again must not undo it).
 */
export async function suggestImprovements(db: Db, actorId: string, projectId: string): Promise<SuggestResult> {
  return db.$transaction(async (tx) => {
    const consensus = await effectiveConsensus(tx, projectId)
    const result: SuggestResult = { created: 0, existing: 0, dismissed: 0, ids: [] }
    if (consensus.size === 0) return result
    const [project, requirements, candidates, links] = await Promise.all([
      tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { documentLanguage: true } }),
      tx.requirement.findMany({
        where: { projectId, priority: 'must', deletedAt: null, status: { not: 'rejected' } },
        orderBy: { code: 'asc' },
        select: { id: true, code: true, title: true },
      }),
      tx.candidate.findMany({ where: { projectId }, orderBy: { position: 'asc' }, select: { id: true } }),
      tx.improvementRequirement.findMany({
        where: { improvement: { projectId } },
        select: { requirementId: true, improvement: { select: { candidateId: true, status: true, origin: true } } },
      }),
    ])
    const live = new Set<string>()
    const dismissed = new Set<string>()
    for (const link of links) {
      const key = cellKey(link.requirementId, link.improvement.candidateId)
      if (link.improvement.status !== 'dismissed') live.add(key)
      else if (link.improvement.origin === 'generated') dismissed.add(key)
    }
    const lang: Locale = project.documentLanguage === 'ru' ? 'ru' : 'en'
    for (const requirement of requirements) {
      for (const candidate of candidates) {
        const key = cellKey(requirement.id, candidate.id)
        const value = consensus.get(key)
        if (value === undefined || !isWeak(value)) continue
        if (live.has(key)) {
          result.existing++
          continue
        }
        if (dismissed.has(key)) {
          result.dismissed++
          continue
        }
        const code = await allocateImprovementCode(tx, projectId)
        const description = translate(lang, 'improvements.generatedDescription', {
          code: requirement.code,
          grade: translate(lang, `improvements.grade.${SCALE_KEYS[grade(value)]}`),
          value: value.toFixed(1),
        })
        const created = await tx.improvement.create({
          data: {
            projectId,
            candidateId: candidate.id,
            code,
            title: requirement.title,
            description,
            status: 'suggested',
            origin: 'generated',
            requirements: { create: [{ requirementId: requirement.id }] },
          },
          select: { id: true },
        })
        await recordAudit(tx, {
          actorId,
          projectId,
          action: 'improvement.suggest',
          entityType: 'improvement',
          entityId: created.id,
          after: { code, candidateId: candidate.id, requirement: requirement.code, consensus: value, status: 'suggested' },
        })
        live.add(key)
        result.created++
        result.ids.push(created.id)
      }
    }
    return result
  })
}

// ---------------------------------------------------------------------------------------
// Editing and the status machine

async function findForUpdate(tx: Tx, projectId: string, code: string, where: object = {}) {
  return tx.improvement.findFirst({
    where: { projectId, code, ...where },
    select: {
      id: true,
      code: true,
      status: true,
      version: true,
      candidateId: true,
      title: true,
      description: true,
      feasibility: true,
      stage: true,
      mustBeforeGoLive: true,
      sequential: true,
      hoursCenti: true,
      hourlyRateMinor: true,
      fixedPriceMinor: true,
      durationDays: true,
      earliestStart: true,
      vendorComment: true,
      leadComment: true,
    },
  })
}

/** Writes `data` only if nobody saved the item since `version` was read; else 'stale'. */
async function writeVersioned(tx: Tx, id: string, version: number, data: object) {
  const { count } = await tx.improvement.updateMany({ where: { id, version }, data: { ...data, version: { increment: 1 } } })
  if (count !== 1) throw new ImprovementError('stale')
}

/** The lead edits an item's text, feasibility, stage, flags and requirements. Null = no such item. */
export async function updateImprovement(
  db: Db,
  actorId: string,
  projectId: string,
  code: string,
  version: number,
  input: ImprovementFields,
): Promise<{ id: string } | null> {
  return db.$transaction(async (tx) => {
    const before = await findForUpdate(tx, projectId, code)
    if (!before) return null
    if (before.status === 'agreed') throw new ImprovementError('status', undefined, { status: before.status })
    const requirementIds = await requirementIdsByCode(tx, projectId, input.requirementCodes)
    const { requirementCodes, ...fields } = input
    await writeVersioned(tx, before.id, version, fields)
    await tx.improvementRequirement.deleteMany({ where: { improvementId: before.id } })
    await tx.improvementRequirement.createMany({ data: requirementIds.map((requirementId) => ({ improvementId: before.id, requirementId })) })
    await recordAudit(tx, {
      actorId,
      projectId,
      action: 'improvement.update',
      entityType: 'improvement',
      entityId: before.id,
      before: pickFields(before),
      after: { ...fields, requirementCodes },
    })
    return { id: before.id }
  })
}

function pickFields(item: { title: string; description: string; feasibility: string; stage: string; mustBeforeGoLive: boolean; sequential: boolean }) {
  const { title, description, feasibility, stage, mustBeforeGoLive, sequential } = item
  return { title, description, feasibility, stage, mustBeforeGoLive, sequential }
}

/** The lead's moves: from → to for each transition. */
const MOVES: Record<Transition, { from: readonly ImprovementStatus[]; to: ImprovementStatus }> = {
  accept: { from: ['suggested'], to: 'proposed' },
  dismiss: { from: ['suggested', 'proposed'], to: 'dismissed' },
  send: { from: ['proposed'], to: 'sent' },
  agree: { from: ['estimated'], to: 'agreed' },
  reject: { from: ['estimated'], to: 'rejected' },
  'send-back': { from: ['estimated'], to: 'sent' },
  reopen: { from: ['dismissed', 'rejected'], to: 'proposed' },
}

export function transitionsFrom(status: string): Transition[] {
  return (Object.keys(MOVES) as Transition[]).filter((t) => MOVES[t].from.includes(status as ImprovementStatus))
}

/** Moves an item along the status machine (lead). Sending back needs a comment for the vendor. */
export async function transitionImprovement(
  db: Db,
  actorId: string,
  projectId: string,
  code: string,
  version: number,
  transition: Transition,
  comment = '',
): Promise<{ id: string; status: ImprovementStatus } | null> {
  return db.$transaction(async (tx) => {
    const item = await findForUpdate(tx, projectId, code)
    if (!item) return null
    const move = MOVES[transition]
    if (!move.from.includes(item.status as ImprovementStatus)) throw new ImprovementError('status', undefined, { status: item.status })
    if (transition === 'send-back' && comment.trim() === '') throw new ImprovementError('comment', 'comment')
    const data: Record<string, unknown> = { status: move.to }
    if (transition === 'send-back') data.leadComment = comment.trim()
    await writeVersioned(tx, item.id, version, data)
    await recordAudit(tx, {
      actorId,
      projectId,
      action: `improvement.${transition}`,
      entityType: 'improvement',
      entityId: item.id,
      before: { status: item.status },
      after: { status: move.to, ...(transition === 'send-back' ? { leadComment: comment.trim() } : {}) },
    })
    return { id: item.id, status: move.to }
  })
}

/** The lead's bulk "send selected to vendor": proposed items go to 'sent'; others are skipped. */
export async function sendImprovements(db: Db, actorId: string, projectId: string, codes: string[]): Promise<{ sent: number; skipped: number }> {
  return db.$transaction(async (tx) => {
    const items = await tx.improvement.findMany({ where: { projectId, code: { in: codes } }, select: { id: true, code: true, status: true } })
    const ready = items.filter((i) => i.status === 'proposed')
    for (const item of ready) {
      await tx.improvement.update({ where: { id: item.id }, data: { status: 'sent', version: { increment: 1 } } })
      await recordAudit(tx, {
        actorId,
        projectId,
        action: 'improvement.send',
        entityType: 'improvement',
        entityId: item.id,
        before: { status: item.status },
        after: { status: 'sent' },
      })
    }
    return { sent: ready.length, skipped: codes.length - ready.length }
  })
}

export type EstimateInput = EstimateValues & { feasibility: Feasibility; vendorComment: string }

/**
 * The vendor's estimate for an item sent to its candidate. The item is looked up with the
 * vendor's candidate in the where: another candidate's item is "not found" (null), exactly as a
 * code that does not exist. Figures out of range are refused whole ('estimate', naming the field).
 */
export async function submitEstimate(
  db: Db,
  actorId: string,
  projectId: string,
  candidateId: string | null,
  code: string,
  version: number,
  input: EstimateInput,
): Promise<{ id: string } | null> {
  const problem = estimateProblem(input)
  if (problem) throw new ImprovementError('estimate', problem.field, { max: problem.max, problem: problem.reason })
  if (!candidateId) return null
  return db.$transaction(async (tx) => {
    const item = await findForUpdate(tx, projectId, code, { candidateId, status: { in: [...VENDOR_STATUSES] } })
    if (!item) return null
    if (item.status !== 'sent') throw new ImprovementError('status', undefined, { status: item.status })
    const after = {
      hoursCenti: input.hoursCenti,
      hourlyRateMinor: input.hourlyRateMinor,
      fixedPriceMinor: input.fixedPriceMinor,
      durationDays: input.durationDays,
      earliestStart: input.earliestStart,
      feasibility: input.feasibility,
      vendorComment: input.vendorComment,
    }
    await writeVersioned(tx, item.id, version, { ...after, status: 'estimated' })
    await recordAudit(tx, {
      actorId,
      projectId,
      action: 'improvement.estimate',
      entityType: 'improvement',
      entityId: item.id,
      before: {
        status: item.status,
        hoursCenti: item.hoursCenti,
        hourlyRateMinor: item.hourlyRateMinor,
        fixedPriceMinor: item.fixedPriceMinor,
        durationDays: item.durationDays,
        earliestStart: item.earliestStart,
        feasibility: item.feasibility,
      },
      after: { ...after, status: 'estimated' },
    })
    return { id: item.id }
  })
}

// ---------------------------------------------------------------------------------------
// Reading

const LIST_SELECT = {
  id: true,
  code: true,
  title: true,
  candidateId: true,
  feasibility: true,
  stage: true,
  status: true,
  origin: true,
  mustBeforeGoLive: true,
  sequential: true,
  hoursCenti: true,
  hourlyRateMinor: true,
  fixedPriceMinor: true,
  durationDays: true,
  requirements: { select: { requirement: { select: { code: true } } }, orderBy: { requirement: { code: 'asc' } } },
} as const

export type CandidateTotals = {
  candidateId: string
  totals: ImprovementTotals
  awaiting: number
  architecture: number
}

/**
 * The list with its totals. Filters narrow the lines shown; totals are per candidate over the
 * viewer's items with an estimate that counts (estimated, agreed), so they do not change with
 * the status/stage filters and always equal the sum of those lines.
 */
export async function listImprovements(db: Tx, projectId: string, viewer: Viewer, filters: ListFilters = {}) {
  const base = visibleImprovementsWhere(projectId, viewer)
  const candidateFilter = viewer.kind === 'team' && filters.candidate ? { candidateId: filters.candidate } : {}
  const [rows, all] = await Promise.all([
    db.improvement.findMany({
      // AND, not a spread: a status filter must narrow the vendor's status restriction, never replace it.
      where: {
        AND: [
          base,
          candidateFilter,
          filters.status ? { status: filters.status } : {},
          filters.stage ? { stage: filters.stage } : {},
          filters.feasibility ? { feasibility: filters.feasibility } : {},
        ],
      },
      orderBy: [{ code: 'asc' }],
      select: LIST_SELECT,
    }),
    db.improvement.findMany({
      where: { ...base, ...candidateFilter },
      select: {
        candidateId: true,
        status: true,
        feasibility: true,
        stage: true,
        hoursCenti: true,
        hourlyRateMinor: true,
        fixedPriceMinor: true,
        durationDays: true,
        sequential: true,
        mustBeforeGoLive: true,
      },
    }),
  ])
  const items = rows
  const byCandidate = new Map<string, typeof all>()
  for (const item of all) {
    const list = byCandidate.get(item.candidateId) ?? []
    list.push(item)
    byCandidate.set(item.candidateId, list)
  }
  const totals: CandidateTotals[] = [...byCandidate].map(([candidateId, list]) => ({
    candidateId,
    totals: improvementTotals(list.filter((i) => (COST_STATUSES as readonly string[]).includes(i.status))),
    awaiting: list.filter((i) => (AWAITING_STATUSES as readonly string[]).includes(i.status)).length,
    architecture: list.filter((i) => i.feasibility === 'architecture' && i.status !== 'dismissed' && i.status !== 'rejected').length,
  }))
  return {
    items: items.map(({ requirements, ...rest }) => ({ ...rest, requirementCodes: requirements.map((r) => r.requirement.code) })),
    totals,
  }
}

/** Candidates the viewer may name: all for the team, only its own for a vendor. */
export function visibleCandidates(db: Tx, projectId: string, viewer: Viewer) {
  const where = candidatesWhere(projectId, viewer.kind === 'team' ? { role: 'lead', candidateId: null } : { role: 'vendor', candidateId: viewer.candidateId })
  return db.candidate.findMany({ where, orderBy: { position: 'asc' }, select: { id: true, vendor: true, product: true } })
}

/** One item as its page shows it, with its requirements and history; null when not visible. */
export async function getImprovement(db: Tx, projectId: string, code: string, viewer: Viewer) {
  const item = await db.improvement.findFirst({
    where: { ...visibleImprovementsWhere(projectId, viewer), code },
    select: {
      id: true,
      code: true,
      title: true,
      description: true,
      candidateId: true,
      candidate: { select: { vendor: true, product: true } },
      feasibility: true,
      stage: true,
      status: true,
      origin: true,
      mustBeforeGoLive: true,
      sequential: true,
      hoursCenti: true,
      hourlyRateMinor: true,
      fixedPriceMinor: true,
      durationDays: true,
      earliestStart: true,
      vendorComment: true,
      leadComment: true,
      version: true,
      createdAt: true,
      updatedAt: true,
      requirements: {
        select: { requirement: { select: { code: true, title: true, priority: true, deletedAt: true } } },
        orderBy: { requirement: { code: 'asc' } },
      },
    },
  })
  if (!item) return null
  const history = await db.auditEvent.findMany({
    where: { projectId, entityType: 'improvement', entityId: item.id },
    orderBy: { seq: 'asc' },
    select: { seq: true, action: true, createdAt: true, summary: true, actor: { select: { name: true } } },
  })
  const { requirements, ...rest } = item
  return {
    ...rest,
    requirements: requirements.map((r) => r.requirement),
    history: history.map((h) => ({ seq: h.seq, action: h.action, createdAt: h.createdAt, actorName: h.actor?.name ?? null, ...historyDetail(h.summary) })),
  }
}

/** The parts of an audit summary a history line shows: the status move and comments. */
function historyDetail(summary: string): { from: string | null; to: string | null; comment: string | null } {
  try {
    const parsed = JSON.parse(summary) as { before?: { status?: string } | null; after?: { status?: string; leadComment?: string; vendorComment?: string } | null }
    return {
      from: parsed.before?.status ?? null,
      to: parsed.after?.status ?? null,
      comment: parsed.after?.leadComment ?? parsed.after?.vendorComment ?? null,
    }
  } catch {
    return { from: null, to: null, comment: null }
  }
}

export type { EstimateField }
