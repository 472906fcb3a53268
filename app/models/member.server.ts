import type { Db } from '~/utils/db.server'
import type { ProjectRole } from '~/utils/permissions'
import { recordAudit } from './audit.server'

export class LastLeadError extends Error {}
/** A candidate binding that cannot be: the member is not a vendor, or the candidate is not this project's. */
export class CandidateBindingError extends Error {
  constructor(readonly reason: 'role' | 'candidate') {
    super(`candidate binding refused: ${reason}`)
  }
}

export function listMembers(db: Db, projectId: string) {
  return db.membership.findMany({
    where: { projectId },
    orderBy: [{ createdAt: 'asc' }],
    select: {
      id: true,
      role: true,
      createdAt: true,
      departmentId: true,
      candidateId: true,
      evaluator: true,
      user: { select: { id: true, name: true, email: true } },
    },
  })
}

/**
 * Changes a member's role and department. A project always keeps at least one lead: demoting
 * the last one is refused (checked inside the transaction, so two concurrent demotions cannot
 * both pass). A vendor member may be bound to one of the project's candidates (`candidateId`;
 * omitted keeps the binding); any other role has none, so a role change away from vendor
 * clears it. `evaluator` (omitted keeps it) only means something for role member.
 */
export async function updateMember(
  db: Db,
  actorId: string,
  projectId: string,
  memberId: string,
  input: { role: ProjectRole; departmentId: string | null; candidateId?: string | null; evaluator?: boolean },
) {
  return db.$transaction(async (tx) => {
    const before = await tx.membership.findFirst({
      where: { id: memberId, projectId },
      select: { role: true, departmentId: true, candidateId: true, evaluator: true },
    })
    if (!before) return null
    if (before.role === 'lead' && input.role !== 'lead') {
      const leads = await tx.membership.count({ where: { projectId, role: 'lead' } })
      if (leads <= 1) throw new LastLeadError()
    }
    if (input.departmentId) {
      const dept = await tx.department.findFirst({ where: { id: input.departmentId, projectId }, select: { id: true } })
      if (!dept) return null
    }
    if (input.candidateId && input.role !== 'vendor') throw new CandidateBindingError('role')
    if (input.candidateId) {
      const candidate = await tx.candidate.findFirst({ where: { id: input.candidateId, projectId }, select: { id: true } })
      if (!candidate) throw new CandidateBindingError('candidate')
    }
    const after = {
      role: input.role,
      departmentId: input.departmentId,
      candidateId: input.role === 'vendor' ? (input.candidateId === undefined ? before.candidateId : input.candidateId) : null,
      evaluator: input.role === 'member' ? (input.evaluator ?? before.evaluator) : false,
    }
    await tx.membership.update({ where: { id: memberId }, data: after })
    // The binding and the evaluator flag appear in the audit event only when they change.
    const bindingChanged = after.candidateId !== before.candidateId
    const evaluatorChanged = after.evaluator !== before.evaluator
    const audited = (m: { role: string; departmentId: string | null; candidateId: string | null; evaluator: boolean }) => ({
      role: m.role,
      departmentId: m.departmentId,
      ...(bindingChanged ? { candidateId: m.candidateId } : {}),
      ...(evaluatorChanged ? { evaluator: m.evaluator } : {}),
    })
    await recordAudit(tx, {
      actorId,
      projectId,
      action: 'member.update',
      entityType: 'membership',
      entityId: memberId,
      before: audited(before),
      after: audited(after),
    })
    return { id: memberId }
  })
}

export async function removeMember(db: Db, actorId: string, projectId: string, memberId: string) {
  return db.$transaction(async (tx) => {
    const member = await tx.membership.findFirst({
      where: { id: memberId, projectId },
      select: { role: true, user: { select: { email: true, name: true } } },
    })
    if (!member) return null
    if (member.role === 'lead') {
      const leads = await tx.membership.count({ where: { projectId, role: 'lead' } })
      if (leads <= 1) throw new LastLeadError()
    }
    await tx.membership.delete({ where: { id: memberId } })
    await recordAudit(tx, {
      actorId,
      projectId,
      action: 'member.remove',
      entityType: 'membership',
      entityId: memberId,
      before: { role: member.role, email: member.user.email, name: member.user.name },
    })
    return { id: memberId }
  })
}

/** Adds an existing user to a project (invitations use `acceptInvitation`; this serves operators and seeding). */
export async function addMember(
  db: Db,
  actorId: string,
  projectId: string,
  input: { userId: string; role: ProjectRole; departmentId: string | null },
) {
  return db.$transaction(async (tx) => {
    const created = await tx.membership.create({ data: { projectId, ...input }, select: { id: true } })
    await recordAudit(tx, { actorId, projectId, action: 'member.add', entityType: 'membership', entityId: created.id, after: input })
    return created
  })
}
