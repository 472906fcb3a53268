import { CANDIDATE_LIMIT, type CandidateFields } from '~/schemas/candidate'
import type { Db, Tx } from '~/utils/db.server'
import type { ProjectRole } from '~/utils/permissions'
import { recordAudit } from './audit.server'

/**
 * Candidate systems. Every read takes the viewer: a vendor member sees only the candidate its
 * membership is bound to (and nothing when it is bound to none). The restriction is part of each
 * query's `where`, so no page, export or error message can leak another candidate's name.
 */

export type CandidateViewer = { role: ProjectRole; candidateId: string | null }

export type CandidateFailure =
  | { ok: false; error: 'not_found' }
  | { ok: false; error: 'limit' }
  | { ok: false; error: 'stale'; changedBy: string | null; changedAt: Date | null }

const notFound = { ok: false, error: 'not_found' } as const

/** The where clause a viewer may read: the project's candidates, or only the vendor's own. */
export function visibleCandidates(projectId: string, viewer: CandidateViewer) {
  if (viewer.role !== 'vendor') return { projectId }
  // An unbound vendor matches nothing: an id never equals the empty string.
  return { projectId, id: viewer.candidateId ?? '' }
}

const LIST_FIELDS = {
  id: true,
  vendor: true,
  product: true,
  edition: true,
  productVersion: true,
  hosting: true,
  licenceModel: true,
  pricePerUserMonthMinor: true,
  perpetualPerUserMinor: true,
  users: true,
  implementationCostMinor: true,
  annualSupportCostMinor: true,
  position: true,
  vendorMembers: { where: { role: 'vendor' }, orderBy: { createdAt: 'asc' }, select: { id: true, user: { select: { name: true } } } },
} as const

export async function listCandidates(db: Tx, projectId: string, viewer: CandidateViewer) {
  const rows = await db.candidate.findMany({
    where: visibleCandidates(projectId, viewer),
    orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
    select: LIST_FIELDS,
  })
  return rows.map(({ vendorMembers, ...c }) => ({ ...c, representatives: vendorMembers.map((m) => m.user.name) }))
}

export async function getCandidate(db: Tx, projectId: string, candidateId: string, viewer: CandidateViewer) {
  const row = await db.candidate.findFirst({
    where: { ...visibleCandidates(projectId, viewer), AND: [{ id: candidateId }] },
    select: { ...LIST_FIELDS, demoAccess: true, contacts: true, version: true, updatedAt: true },
  })
  if (!row) return null
  const { vendorMembers, ...c } = row
  return { ...c, representatives: vendorMembers.map((m) => m.user.name) }
}

/** Ids and names for the lead's selects (member binding, decision). Not for vendors. */
export function candidateOptions(db: Tx, projectId: string) {
  return db.candidate.findMany({
    where: { projectId },
    orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
    select: { id: true, vendor: true, product: true },
  })
}

export async function createCandidate(db: Db, actorId: string, projectId: string, fields: CandidateFields) {
  return db.$transaction(async (tx): Promise<{ ok: true; id: string } | CandidateFailure> => {
    // Counted inside the transaction: SQLite serialises writers, so two concurrent creates cannot both pass at 9.
    const count = await tx.candidate.count({ where: { projectId } })
    if (count >= CANDIDATE_LIMIT) return { ok: false, error: 'limit' }
    const last = await tx.candidate.findFirst({ where: { projectId }, orderBy: { position: 'desc' }, select: { position: true } })
    const created = await tx.candidate.create({ data: { ...fields, projectId, position: (last?.position ?? 0) + 1 }, select: { id: true } })
    await recordAudit(tx, { actorId, projectId, action: 'candidate.create', entityType: 'candidate', entityId: created.id, after: fields })
    return { ok: true, id: created.id }
  })
}

async function lastChange(tx: Tx, projectId: string, candidateId: string) {
  const event = await tx.auditEvent.findFirst({
    where: { projectId, entityType: 'candidate', entityId: candidateId },
    orderBy: { seq: 'desc' },
    select: { createdAt: true, actor: { select: { name: true } } },
  })
  return { changedBy: event?.actor?.name ?? null, changedAt: event?.createdAt ?? null }
}

/** Saves a candidate if nobody saved it since `version` was read; otherwise `stale`, nothing written. */
export async function updateCandidate(
  db: Db,
  actorId: string,
  projectId: string,
  candidateId: string,
  input: CandidateFields & { version: number },
) {
  return db.$transaction(async (tx): Promise<{ ok: true; version: number } | CandidateFailure> => {
    const { version, ...fields } = input
    const before = await tx.candidate.findFirst({
      where: { id: candidateId, projectId },
      select: {
        vendor: true,
        product: true,
        edition: true,
        productVersion: true,
        hosting: true,
        licenceModel: true,
        pricePerUserMonthMinor: true,
        perpetualPerUserMinor: true,
        users: true,
        implementationCostMinor: true,
        annualSupportCostMinor: true,
        demoAccess: true,
        contacts: true,
        version: true,
      },
    })
    if (!before) return notFound
    // The version in the where makes the check and the write one step.
    const { count } = await tx.candidate.updateMany({
      where: { id: candidateId, projectId, version },
      data: { ...fields, version: { increment: 1 } },
    })
    if (count === 0) return { ok: false, error: 'stale', ...(await lastChange(tx, projectId, candidateId)) }
    const { version: _old, ...beforeFields } = before
    await recordAudit(tx, { actorId, projectId, action: 'candidate.update', entityType: 'candidate', entityId: candidateId, before: beforeFields, after: fields })
    return { ok: true, version: version + 1 }
  })
}

/** Deletes a candidate with its scores and improvement items (cascade); vendor members lose their binding. */
export async function deleteCandidate(db: Db, actorId: string, projectId: string, candidateId: string) {
  return db.$transaction(async (tx): Promise<{ ok: true } | CandidateFailure> => {
    const before = await tx.candidate.findFirst({ where: { id: candidateId, projectId }, select: { vendor: true, product: true } })
    if (!before) return notFound
    await tx.candidate.delete({ where: { id: candidateId } })
    await recordAudit(tx, { actorId, projectId, action: 'candidate.delete', entityType: 'candidate', entityId: candidateId, before })
    return { ok: true }
  })
}

/** Swaps a candidate with its neighbour; moving the first up (or the last down) writes nothing. */
export async function moveCandidate(db: Db, actorId: string, projectId: string, candidateId: string, direction: 'up' | 'down') {
  return db.$transaction(async (tx): Promise<{ ok: true; moved: boolean } | CandidateFailure> => {
    const all = await tx.candidate.findMany({
      where: { projectId },
      orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
      select: { id: true },
    })
    const index = all.findIndex((c) => c.id === candidateId)
    if (index < 0) return notFound
    const target = direction === 'up' ? index - 1 : index + 1
    if (target < 0 || target >= all.length) return { ok: true, moved: false }
    const order = all.map((c) => c.id)
    ;[order[index], order[target]] = [order[target]!, order[index]!]
    // Rewrite every position: also repairs duplicates left by earlier concurrent creates.
    for (const [i, id] of order.entries()) await tx.candidate.update({ where: { id }, data: { position: i + 1 } })
    await recordAudit(tx, { actorId, projectId, action: 'candidate.move', entityType: 'candidate', entityId: candidateId, after: { direction } })
    return { ok: true, moved: true }
  })
}
