import type { Db } from '~/utils/db.server'
import { recordAudit } from './audit.server'

export class DepartmentNameTakenError extends Error {}

export function listDepartments(db: Db, projectId: string) {
  return db.department.findMany({
    where: { projectId },
    orderBy: { name: 'asc' },
    select: {
      id: true,
      name: true,
      headMemberId: true,
      head: { select: { user: { select: { name: true } } } },
      _count: { select: { members: true } },
    },
  })
}

type DepartmentInput = { name: string; headMemberId: string | null }

/** The head must be a member of the same project; null when it is not (the caller answers 400). */
async function headBelongs(db: Pick<Db, 'membership'>, projectId: string, headMemberId: string | null) {
  if (!headMemberId) return true
  return (await db.membership.count({ where: { id: headMemberId, projectId } })) === 1
}

export async function saveDepartment(
  db: Db,
  actorId: string,
  projectId: string,
  departmentId: string | null,
  input: DepartmentInput,
) {
  return db.$transaction(async (tx) => {
    if (!(await headBelongs(tx, projectId, input.headMemberId))) return { error: 'head' as const }
    const clash = await tx.department.findFirst({
      where: { projectId, name: input.name, ...(departmentId ? { id: { not: departmentId } } : {}) },
      select: { id: true },
    })
    if (clash) throw new DepartmentNameTakenError()
    if (departmentId) {
      const before = await tx.department.findFirst({ where: { id: departmentId, projectId }, select: { name: true, headMemberId: true } })
      if (!before) return { error: 'missing' as const }
      await tx.department.update({ where: { id: departmentId }, data: input })
      await recordAudit(tx, { actorId, projectId, action: 'department.update', entityType: 'department', entityId: departmentId, before, after: input })
      return { id: departmentId }
    }
    const created = await tx.department.create({ data: { ...input, projectId }, select: { id: true } })
    await recordAudit(tx, { actorId, projectId, action: 'department.create', entityType: 'department', entityId: created.id, after: input })
    return { id: created.id }
  })
}

export async function deleteDepartment(db: Db, actorId: string, projectId: string, departmentId: string) {
  return db.$transaction(async (tx) => {
    const before = await tx.department.findFirst({ where: { id: departmentId, projectId }, select: { name: true, headMemberId: true } })
    if (!before) return null
    await tx.department.delete({ where: { id: departmentId } })
    await recordAudit(tx, { actorId, projectId, action: 'department.delete', entityType: 'department', entityId: departmentId, before })
    return { id: departmentId }
  })
}
