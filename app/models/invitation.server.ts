import crypto from 'node:crypto'
import type { Db } from '~/utils/db.server'
import type { ProjectRole } from '~/utils/permissions'
import { recordAudit } from './audit.server'
import { normaliseEmail } from './user.server'

export const INVITATION_DAYS = 7

export function invitationTokenHash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex')
}

/** Creates an invitation and returns its token once; only the token's hash is kept. */
export async function createInvitation(
  db: Db,
  actorId: string,
  projectId: string,
  input: { email: string; role: ProjectRole },
  now = new Date(),
) {
  const token = crypto.randomBytes(24).toString('base64url')
  const email = normaliseEmail(input.email)
  const invitation = await db.$transaction(async (tx) => {
    const created = await tx.invitation.create({
      data: {
        projectId,
        email,
        role: input.role,
        tokenHash: invitationTokenHash(token),
        expiresAt: new Date(now.getTime() + INVITATION_DAYS * 24 * 60 * 60 * 1000),
        createdById: actorId,
      },
      select: { id: true, email: true, role: true, expiresAt: true },
    })
    await recordAudit(tx, { actorId, projectId, action: 'invitation.create', entityType: 'invitation', entityId: created.id, after: { email, role: input.role } })
    return created
  })
  return { ...invitation, token }
}

export function listOpenInvitations(db: Db, projectId: string, now = new Date()) {
  return db.invitation.findMany({
    where: { projectId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, email: true, role: true, expiresAt: true, createdBy: { select: { name: true } } },
  })
}

export async function revokeInvitation(db: Db, actorId: string, projectId: string, invitationId: string) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({
      where: { id: invitationId, projectId, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    })
    if (count === 0) return null
    await recordAudit(tx, { actorId, projectId, action: 'invitation.revoke', entityType: 'invitation', entityId: invitationId })
    return { id: invitationId }
  })
}

export type InvitationState = 'valid' | 'unknown' | 'expired' | 'used' | 'revoked'

export async function findInvitation(db: Db, token: string, now = new Date()) {
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: invitationTokenHash(token) },
    select: {
      id: true,
      email: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      project: { select: { id: true, slug: true, name: true, clientOrganisation: true, archivedAt: true } },
      createdBy: { select: { name: true } },
    },
  })
  if (!invitation) return { state: 'unknown' as const, invitation: null }
  const state: InvitationState = invitation.revokedAt
    ? 'revoked'
    : invitation.acceptedAt
      ? 'used'
      : invitation.expiresAt <= now
        ? 'expired'
        : 'valid'
  return { state, invitation }
}

export type AcceptResult =
  | { ok: true; projectSlug: string; role: ProjectRole }
  | { ok: false; reason: Exclude<InvitationState, 'valid'> | 'already-member' | 'archived' }

/**
 * Joins the invited user to the project. The single-use check and the membership are written
 * in one transaction with a conditional update, so a link used twice at once joins only once.
 */
export async function acceptInvitation(db: Db, userId: string, token: string, now = new Date()): Promise<AcceptResult> {
  return db.$transaction(async (tx) => {
    const { state, invitation } = await findInvitation(tx as Db, token, now)
    if (state !== 'valid' || !invitation) return { ok: false, reason: state === 'valid' ? 'unknown' : state }
    if (invitation.project.archivedAt) return { ok: false, reason: 'archived' }
    const existing = await tx.membership.findUnique({
      where: { projectId_userId: { projectId: invitation.project.id, userId } },
      select: { id: true },
    })
    if (existing) return { ok: false, reason: 'already-member' }
    const { count } = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null, revokedAt: null },
      data: { acceptedAt: now, acceptedById: userId },
    })
    if (count === 0) return { ok: false, reason: 'used' }
    const membership = await tx.membership.create({
      data: { projectId: invitation.project.id, userId, role: invitation.role },
      select: { id: true },
    })
    await recordAudit(tx, {
      actorId: userId,
      projectId: invitation.project.id,
      action: 'invitation.accept',
      entityType: 'membership',
      entityId: membership.id,
      after: { role: invitation.role, invitationId: invitation.id },
    })
    return { ok: true, projectSlug: invitation.project.slug, role: invitation.role as ProjectRole }
  })
}
