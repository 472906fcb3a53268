import { z } from 'zod'
import { flattenSections, type SpecDocument, type SpecSnapshotData } from '~/document/spec-document'
import type { Db, Tx } from '~/utils/db.server'
import { recordAudit } from './audit.server'

/**
 * Review of an issued version, in the formal remark → justification → decision practice: a
 * participant leaves a remark anchored to a section or a requirement of that exact version;
 * the lead accepts it (to be fixed in the next version) or rejects it with a justification.
 * Remarks are taken while the version is under review (issued or declined), not after it is
 * signed or superseded.
 */

export const COMMENT_MAX = 4000
export const RESOLUTION_MAX = 4000

export const commentSchema = z.object({
  anchor: z.string().regex(/^(section|requirement):.+$/, { error: 'Choose what the remark is about.' }),
  body: z.string().trim().min(3, { error: 'Write the remark (at least 3 characters).' }).max(COMMENT_MAX, { error: `At most ${COMMENT_MAX} characters.` }),
})

export const resolutionSchema = z
  .object({
    commentId: z.string().min(1),
    status: z.enum(['accepted', 'rejected']),
    resolution: z.string().trim().max(RESOLUTION_MAX, { error: `At most ${RESOLUTION_MAX} characters.` }).default(''),
  })
  .refine((v) => v.status === 'accepted' || v.resolution.length >= 3, { error: 'A rejected remark needs a justification.', path: ['resolution'] })

export type Anchor = { type: 'section' | 'requirement'; id: string; label: string }

/** What a remark can be anchored to in a version: its sections and its requirements. */
export function anchorsOf(document: SpecDocument, data: SpecSnapshotData): Anchor[] {
  return [
    ...flattenSections([...document.sections, ...document.appendices]).map((s) => ({ type: 'section' as const, id: s.id, label: `${s.number} ${s.title}` })),
    ...data.requirements.map((r) => ({ type: 'requirement' as const, id: r.code, label: `${r.code} ${r.title}` })),
  ]
}

export type CommentFailure = { ok: false; error: 'not_found' | 'review_closed' | 'unknown_anchor' | 'already_resolved' }

const OPEN_FOR_REVIEW = ['issued', 'declined']

export async function addComment(db: Db, input: { projectId: string; number: number; authorId: string; anchor: string; body: string; now?: Date }) {
  return db.$transaction(async (tx): Promise<{ ok: true; id: string } | CommentFailure> => {
    const v = await tx.specVersion.findUnique({ where: { projectId_number: { projectId: input.projectId, number: input.number } }, select: { id: true, status: true, document: true, data: true } })
    if (!v) return { ok: false, error: 'not_found' }
    if (!OPEN_FOR_REVIEW.includes(v.status)) return { ok: false, error: 'review_closed' }
    const [type, ...rest] = input.anchor.split(':')
    const id = rest.join(':')
    const anchor = anchorsOf(JSON.parse(v.document) as SpecDocument, JSON.parse(v.data) as SpecSnapshotData).find((a) => a.type === type && a.id === id)
    if (!anchor) return { ok: false, error: 'unknown_anchor' }
    const comment = await tx.specComment.create({ data: { versionId: v.id, authorId: input.authorId, anchorType: anchor.type, anchorId: anchor.id, anchorLabel: anchor.label.slice(0, 300), body: input.body, ...(input.now ? { createdAt: input.now } : {}) } })
    await recordAudit(tx, { actorId: input.authorId, projectId: input.projectId, action: 'spec.comment.add', entityType: 'spec_comment', entityId: comment.id, after: { number: input.number, anchor: input.anchor, body: input.body } })
    return { ok: true, id: comment.id }
  })
}

export async function resolveComment(db: Db, input: { projectId: string; number: number; actorId: string; commentId: string; status: 'accepted' | 'rejected'; resolution: string; now?: Date }) {
  return db.$transaction(async (tx): Promise<{ ok: true } | CommentFailure> => {
    const c = await tx.specComment.findFirst({ where: { id: input.commentId, version: { projectId: input.projectId, number: input.number } }, select: { id: true, status: true, version: { select: { status: true } } } })
    if (!c) return { ok: false, error: 'not_found' }
    if (c.status !== 'open') return { ok: false, error: 'already_resolved' }
    if (!OPEN_FOR_REVIEW.includes(c.version.status)) return { ok: false, error: 'review_closed' }
    await tx.specComment.update({ where: { id: c.id }, data: { status: input.status, resolution: input.resolution || null, resolvedById: input.actorId, resolvedAt: input.now ?? new Date() } })
    await recordAudit(tx, { actorId: input.actorId, projectId: input.projectId, action: 'spec.comment.resolve', entityType: 'spec_comment', entityId: c.id, after: { status: input.status, resolution: input.resolution } })
    return { ok: true }
  })
}

export async function listComments(db: Tx, versionId: string) {
  return db.specComment.findMany({
    where: { versionId },
    orderBy: { createdAt: 'asc' },
    select: { id: true, anchorType: true, anchorId: true, anchorLabel: true, body: true, status: true, resolution: true, resolvedAt: true, createdAt: true, author: { select: { name: true } }, resolvedBy: { select: { name: true } } },
  })
}

/** For the dashboard: the version under review, its deadline and the remarks still open. */
export async function reviewStatus(db: Tx, projectId: string, now = new Date()) {
  const v = await db.specVersion.findFirst({
    where: { projectId, status: { in: OPEN_FOR_REVIEW } },
    orderBy: { number: 'desc' },
    select: { number: true, status: true, reviewDeadline: true, _count: { select: { comments: { where: { status: 'open' } } } } },
  })
  if (!v) return null
  return { number: v.number, status: v.status, deadline: v.reviewDeadline, overdue: v.reviewDeadline.getTime() < now.getTime(), openComments: v._count.comments }
}
