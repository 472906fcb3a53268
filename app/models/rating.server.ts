import type { Db, Tx } from '~/utils/db.server'
import { recordAudit } from './audit.server'

export type RatingSummary = { count: number; mean: number; spread: number }

/** Mean to one decimal and spread (max − min) of importance ratings; null when nobody rated. */
export function summariseRatings(importances: number[]): RatingSummary | null {
  if (importances.length === 0) return null
  const sum = importances.reduce((a, b) => a + b, 0)
  return {
    count: importances.length,
    mean: Math.round((sum / importances.length) * 10) / 10,
    spread: Math.max(...importances) - Math.min(...importances),
  }
}

/** Rating summaries for a set of requirements (one page of the list) in a single grouped query. */
export async function ratingAggregates(db: Tx, requirementIds: string[]): Promise<Map<string, RatingSummary>> {
  if (requirementIds.length === 0) return new Map()
  const groups = await db.rating.groupBy({
    by: ['requirementId'],
    where: { requirementId: { in: requirementIds } },
    _avg: { importance: true },
    _min: { importance: true },
    _max: { importance: true },
    _count: { _all: true },
  })
  return new Map(
    groups.map((g) => [
      g.requirementId,
      {
        count: g._count._all,
        mean: Math.round((g._avg.importance ?? 0) * 10) / 10,
        spread: (g._max.importance ?? 0) - (g._min.importance ?? 0),
      },
    ]),
  )
}

/**
 * A department head's (or the lead's) importance rating, 1–5, one per person per requirement:
 * rating again replaces the earlier one. The department is the rater's department in the project.
 */
export async function rateRequirement(
  db: Db,
  userId: string,
  projectId: string,
  requirementId: string,
  input: { importance: number; comment: string },
) {
  if (!Number.isInteger(input.importance) || input.importance < 1 || input.importance > 5) throw new RangeError('importance must be 1–5')
  return db.$transaction(async (tx) => {
    const requirement = await tx.requirement.count({ where: { id: requirementId, projectId, deletedAt: null } })
    if (requirement !== 1) return null
    const membership = await tx.membership.findFirst({ where: { projectId, userId }, select: { departmentId: true } })
    if (!membership) return null
    const before = await tx.rating.findUnique({
      where: { requirementId_userId: { requirementId, userId } },
      select: { importance: true, comment: true },
    })
    const data = { importance: input.importance, comment: input.comment, departmentId: membership.departmentId } // picked: callers may pass extra form fields
    const rating = await tx.rating.upsert({
      where: { requirementId_userId: { requirementId, userId } },
      create: { requirementId, userId, ...data },
      update: data,
      select: { id: true },
    })
    await recordAudit(tx, {
      actorId: userId,
      projectId,
      action: 'requirement.rate',
      entityType: 'requirement',
      entityId: requirementId,
      before,
      after: { importance: input.importance, comment: input.comment },
    })
    return rating
  })
}

/** Every rating of one requirement with who gave it, and the summary. */
export async function requirementRatings(db: Db, requirementId: string) {
  const ratings = await db.rating.findMany({
    where: { requirementId },
    orderBy: { updatedAt: 'asc' },
    select: {
      id: true,
      userId: true,
      importance: true,
      comment: true,
      updatedAt: true,
      user: { select: { name: true } },
      department: { select: { name: true } },
    },
  })
  return { ratings, summary: summariseRatings(ratings.map((r) => r.importance)) }
}

/** Requirements nobody has rated yet (the lead's to-do), in code order. */
export async function requirementsLackingRatings(db: Db, projectId: string) {
  const rows = await db.requirement.findMany({
    where: { projectId, deletedAt: null, ratings: { none: {} } },
    select: { id: true, code: true, title: true },
  })
  return rows.sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }))
}
