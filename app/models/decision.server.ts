import { REASON_MAX, TCO_YEARS_MAX, TCO_YEARS_MIN } from '~/schemas/candidate'
import type { Db, Tx } from '~/utils/db.server'
import { parseRichText, type RichTextDoc } from '~/utils/rich-text'
import { recordAudit } from './audit.server'
import type { TotalsInput } from './improvement-math'
import { COSTED_IMPROVEMENT_STATUSES, tcoOf, type Tco } from './tco'

/**
 * The decision record (one per project) and the cost comparison it rests on. Saving uses the
 * record's version as an optimistic lock; once the lead signs it off, nothing changes until the
 * lead reopens it. Every change is audited in the same transaction.
 */

export type Alternative = { candidateId: string; reason: string }

export type DecisionFailure =
  | { ok: false; error: 'stale'; changedBy: string | null; changedAt: Date | null }
  | { ok: false; error: 'signed_off' }
  | { ok: false; error: 'not_signed_off' }
  | { ok: false; error: 'candidate_not_found' }
  | { ok: false; error: 'no_choice' }
  | { ok: false; error: 'no_rationale' }
  | { ok: false; error: 'missing_reasons'; candidateIds: string[] }

export const DEFAULT_TCO_YEARS = 3

function parseAlternatives(json: string): Alternative[] {
  try {
    const value: unknown = JSON.parse(json)
    if (!Array.isArray(value)) return []
    return value.flatMap((a: unknown) => {
      if (typeof a !== 'object' || a === null) return []
      const { candidateId, reason } = a as Record<string, unknown>
      return typeof candidateId === 'string' && typeof reason === 'string' ? [{ candidateId, reason }] : []
    })
  } catch {
    return []
  }
}

/** The project's decision; a project without one gets an empty record at version 0. */
export async function getDecision(db: Tx, projectId: string) {
  const row = await db.decision.findUnique({
    where: { projectId },
    select: { chosenCandidateId: true, rationale: true, rationaleText: true, alternatives: true, signedOffById: true, signedOffAt: true, version: true, updatedAt: true },
  })
  if (!row) {
    return { chosenCandidateId: null, rationale: null, rationaleText: '', alternatives: [] as Alternative[], signedOffBy: null, signedOffAt: null, version: 0 }
  }
  const parsed = parseRichText(row.rationale)
  const signer = row.signedOffById ? await db.user.findUnique({ where: { id: row.signedOffById }, select: { name: true } }) : null
  return {
    chosenCandidateId: row.chosenCandidateId,
    rationale: parsed.ok ? parsed.doc : null,
    rationaleText: row.rationaleText,
    alternatives: parseAlternatives(row.alternatives),
    signedOffBy: row.signedOffById ? (signer?.name ?? '—') : null,
    signedOffAt: row.signedOffAt,
    version: row.version,
  }
}

async function lastChange(tx: Tx, projectId: string) {
  const event = await tx.auditEvent.findFirst({
    where: { projectId, entityType: 'decision', entityId: projectId },
    orderBy: { seq: 'desc' },
    select: { createdAt: true, actor: { select: { name: true } } },
  })
  return { ok: false, error: 'stale', changedBy: event?.actor?.name ?? null, changedAt: event?.createdAt ?? null } as const
}

/**
 * Saves the chosen candidate, rationale and the reasons for rejecting the others. Reasons are
 * kept only for the project's current candidates other than the chosen one. Refused when signed
 * off, when the version is stale, or when a candidate id is not this project's.
 */
export async function saveDecision(
  db: Db,
  actorId: string,
  projectId: string,
  input: { version: number; chosenCandidateId: string | null; rationale: RichTextDoc; rationaleText: string; alternatives: Alternative[] },
) {
  return db.$transaction(async (tx): Promise<{ ok: true; version: number } | DecisionFailure> => {
    const candidates = await tx.candidate.findMany({ where: { projectId }, select: { id: true } })
    const ids = new Set(candidates.map((c) => c.id))
    if (input.chosenCandidateId && !ids.has(input.chosenCandidateId)) return { ok: false, error: 'candidate_not_found' }
    if (input.alternatives.some((a) => !ids.has(a.candidateId))) return { ok: false, error: 'candidate_not_found' }
    const alternatives = input.alternatives
      .filter((a) => a.candidateId !== input.chosenCandidateId)
      .map((a) => ({ candidateId: a.candidateId, reason: a.reason.trim().slice(0, REASON_MAX) }))
    const data = {
      chosenCandidateId: input.chosenCandidateId,
      rationale: JSON.stringify(input.rationale),
      rationaleText: input.rationaleText,
      alternatives: JSON.stringify(alternatives),
    }
    const before = await tx.decision.findUnique({ where: { projectId }, select: { chosenCandidateId: true, rationaleText: true, alternatives: true, signedOffAt: true, version: true } })
    if (before?.signedOffAt) return { ok: false, error: 'signed_off' }
    if ((before?.version ?? 0) !== input.version) return lastChange(tx, projectId)
    if (!before) {
      await tx.decision.create({ data: { projectId, ...data } })
    } else {
      const { count } = await tx.decision.updateMany({ where: { projectId, version: input.version, signedOffAt: null }, data: { ...data, version: { increment: 1 } } })
      if (count === 0) return lastChange(tx, projectId)
    }
    await recordAudit(tx, {
      actorId,
      projectId,
      action: 'decision.save',
      entityType: 'decision',
      entityId: projectId,
      before: before ? { chosenCandidateId: before.chosenCandidateId, rationaleText: before.rationaleText, alternatives: parseAlternatives(before.alternatives) } : null,
      after: { chosenCandidateId: data.chosenCandidateId, rationaleText: data.rationaleText, alternatives },
    })
    return { ok: true, version: input.version + 1 }
  })
}

/**
 * Signs the decision off as it stands at `version`: it needs a chosen candidate, a rationale and
 * a reason for every other current candidate (the ones missing are returned).
 */
export async function signOffDecision(db: Db, actorId: string, projectId: string, version: number) {
  return db.$transaction(async (tx): Promise<{ ok: true } | DecisionFailure> => {
    const row = await tx.decision.findUnique({ where: { projectId }, select: { chosenCandidateId: true, rationaleText: true, alternatives: true, signedOffAt: true, version: true } })
    if (!row || !row.chosenCandidateId) return { ok: false, error: 'no_choice' }
    if (row.signedOffAt) return { ok: false, error: 'signed_off' }
    if (row.version !== version) return lastChange(tx, projectId)
    if (row.rationaleText.trim() === '') return { ok: false, error: 'no_rationale' }
    const reasons = new Map(parseAlternatives(row.alternatives).map((a) => [a.candidateId, a.reason.trim()]))
    const others = await tx.candidate.findMany({
      where: { projectId, id: { not: row.chosenCandidateId } },
      orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
      select: { id: true },
    })
    const missing = others.filter((c) => !reasons.get(c.id)).map((c) => c.id)
    if (missing.length > 0) return { ok: false, error: 'missing_reasons', candidateIds: missing }
    const signedOffAt = new Date()
    const { count } = await tx.decision.updateMany({
      where: { projectId, version, signedOffAt: null },
      data: { signedOffById: actorId, signedOffAt, version: { increment: 1 } },
    })
    if (count === 0) return lastChange(tx, projectId)
    await recordAudit(tx, { actorId, projectId, action: 'decision.sign_off', entityType: 'decision', entityId: projectId, after: { chosenCandidateId: row.chosenCandidateId, signedOffAt } })
    return { ok: true }
  })
}

/** Reopens a signed-off decision for editing (the sign-off is cleared, the audit log keeps it). */
export async function reopenDecision(db: Db, actorId: string, projectId: string) {
  return db.$transaction(async (tx): Promise<{ ok: true } | DecisionFailure> => {
    const row = await tx.decision.findUnique({ where: { projectId }, select: { signedOffById: true, signedOffAt: true } })
    if (!row?.signedOffAt) return { ok: false, error: 'not_signed_off' }
    await tx.decision.update({ where: { projectId }, data: { signedOffById: null, signedOffAt: null, version: { increment: 1 } } })
    await recordAudit(tx, { actorId, projectId, action: 'decision.reopen', entityType: 'decision', entityId: projectId, before: { signedOffById: row.signedOffById, signedOffAt: row.signedOffAt } })
    return { ok: true }
  })
}

/**
 * The decision as plain data for the specification: chosen product and vendor, the rationale's
 * text, the rejected alternatives with names and reasons, who signed it off and when.
 * Null when the project has no decision record.
 */
export async function decisionSummary(db: Tx, projectId: string) {
  const row = await db.decision.findUnique({ where: { projectId }, select: { chosenCandidateId: true, rationaleText: true, alternatives: true, signedOffById: true, signedOffAt: true } })
  if (!row) return null
  const candidates = await db.candidate.findMany({ where: { projectId }, select: { id: true, vendor: true, product: true } })
  const byId = new Map(candidates.map((c) => [c.id, c]))
  const chosen = row.chosenCandidateId ? byId.get(row.chosenCandidateId) : undefined
  const signer = row.signedOffById ? await db.user.findUnique({ where: { id: row.signedOffById }, select: { name: true } }) : null
  return {
    chosen: chosen ? { candidateId: chosen.id, product: chosen.product, vendor: chosen.vendor } : null,
    rationaleText: row.rationaleText,
    alternatives: parseAlternatives(row.alternatives).flatMap((a) => {
      const c = byId.get(a.candidateId)
      return c ? [{ candidateId: c.id, product: c.product, vendor: c.vendor, reason: a.reason }] : []
    }),
    signedOffBy: row.signedOffById ? (signer?.name ?? null) : null,
    signedOffAt: row.signedOffAt,
  }
}

export async function getTcoYears(db: Tx, projectId: string): Promise<number> {
  const settings = await db.evaluationSettings.findUnique({ where: { projectId }, select: { tcoYears: true } })
  return settings?.tcoYears ?? DEFAULT_TCO_YEARS
}

/** Sets the TCO horizon (1–10 years), creating the evaluation settings when missing. */
export async function setTcoYears(db: Db, actorId: string, projectId: string, years: number) {
  if (!Number.isInteger(years) || years < TCO_YEARS_MIN || years > TCO_YEARS_MAX) throw new RangeError(`tcoYears out of range: ${years}`)
  return db.$transaction(async (tx) => {
    const before = await getTcoYears(tx, projectId)
    if (before === years) return { ok: true, changed: false } as const
    await tx.evaluationSettings.upsert({ where: { projectId }, create: { projectId, tcoYears: years }, update: { tcoYears: years } })
    await recordAudit(tx, { actorId, projectId, action: 'evaluation.tco_years', entityType: 'evaluation_settings', entityId: projectId, before: { tcoYears: before }, after: { tcoYears: years } })
    return { ok: true, changed: true } as const
  })
}

export type CandidateCost = { candidateId: string; vendor: string; product: string; tco: Tco; costedItems: number }

/**
 * The cost comparison: every candidate's TCO over the project's horizon, with the improvement
 * items the vendor estimated or the lead agreed. For the lead's side only (decision.view).
 */
export async function costComparison(db: Tx, projectId: string): Promise<{ years: number; rows: CandidateCost[] }> {
  const years = await getTcoYears(db, projectId)
  const [candidates, items] = await Promise.all([
    db.candidate.findMany({
      where: { projectId },
      orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
      select: { id: true, vendor: true, product: true, licenceModel: true, pricePerUserMonthMinor: true, perpetualPerUserMinor: true, users: true, implementationCostMinor: true, annualSupportCostMinor: true },
    }),
    db.improvement.findMany({
      where: { projectId, status: { in: [...COSTED_IMPROVEMENT_STATUSES] } },
      select: { candidateId: true, stage: true, hoursCenti: true, hourlyRateMinor: true, fixedPriceMinor: true, durationDays: true, sequential: true, mustBeforeGoLive: true },
    }),
  ])
  const byCandidate = new Map<string, TotalsInput[]>()
  for (const { candidateId, ...item } of items) {
    const list = byCandidate.get(candidateId) ?? []
    list.push(item)
    byCandidate.set(candidateId, list)
  }
  return {
    years,
    rows: candidates.map(({ id, vendor, product, ...c }) => {
      const lines = byCandidate.get(id) ?? []
      return { candidateId: id, vendor, product, tco: tcoOf(c, lines, years), costedItems: lines.length }
    }),
  }
}
