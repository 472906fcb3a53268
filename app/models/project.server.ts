import type { Db, Tx } from '~/utils/db.server'
import type { ProjectRole } from '~/utils/permissions'
import { slugify } from '~/utils/slug'
import { recordAudit } from './audit.server'
import { seedSecurityChecklist } from './requirement-catalogue.server'

export type ProjectInput = {
  name: string
  clientOrganisation: string
  description: string
  documentLanguage: 'en' | 'ru'
  currency: string
}

async function uniqueSlug(tx: Tx, name: string): Promise<string> {
  const base = slugify(name)
  const taken = new Set(
    (await tx.project.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((p) => p.slug),
  )
  if (!taken.has(base)) return base
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`
}

/** Creates a project with its creator as the lead and the security checklist as proposed requirements. */
export async function createProject(db: Db, actorId: string, input: ProjectInput, options: { slug?: string } = {}) {
  return db.$transaction(async (tx) => {
    const project = await tx.project.create({
      data: { ...input, slug: await uniqueSlug(tx, options.slug ?? input.name) },
      select: { id: true, slug: true, name: true },
    })
    await tx.membership.create({ data: { projectId: project.id, userId: actorId, role: 'lead' } })
    await recordAudit(tx, {
      actorId,
      projectId: project.id,
      action: 'project.create',
      entityType: 'project',
      entityId: project.id,
      after: input,
    })
    // Security is a requirement like any other: every project starts with the checklist for the lead to confirm or reject.
    await seedSecurityChecklist(tx, actorId, project.id, input.documentLanguage)
    return project
  })
}

export type ProjectSummary = {
  id: string
  slug: string
  name: string
  clientOrganisation: string
  documentLanguage: string
  archivedAt: Date | null
  role: ProjectRole
  members: number
}

export async function listUserProjects(db: Db, userId: string, { archived }: { archived: boolean }): Promise<ProjectSummary[]> {
  const rows = await db.membership.findMany({
    where: { userId, project: { archivedAt: archived ? { not: null } : null } },
    orderBy: { project: { updatedAt: 'desc' } },
    select: {
      role: true,
      project: {
        select: {
          id: true,
          slug: true,
          name: true,
          clientOrganisation: true,
          documentLanguage: true,
          archivedAt: true,
          _count: { select: { memberships: true } },
        },
      },
    },
  })
  return rows.map(({ role, project: { _count, ...p } }) => ({ ...p, role: role as ProjectRole, members: _count.memberships }))
}

/** The project and the caller's membership; null when the project does not exist or the caller is not a member. */
export async function findProjectForMember(db: Tx, slug: string, userId: string) {
  const project = await db.project.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      name: true,
      clientOrganisation: true,
      description: true,
      documentLanguage: true,
      currency: true,
      archivedAt: true,
      memberships: { where: { userId }, select: { id: true, role: true, departmentId: true, candidateId: true, evaluator: true } },
    },
  })
  const membership = project?.memberships[0]
  if (!project || !membership) return null
  const { memberships: _, ...rest } = project
  return { project: rest, membership: { ...membership, role: membership.role as ProjectRole } }
}

export async function updateProject(db: Db, actorId: string, projectId: string, input: ProjectInput) {
  await db.$transaction(async (tx) => {
    const before = await tx.project.findUniqueOrThrow({
      where: { id: projectId },
      select: { name: true, clientOrganisation: true, description: true, documentLanguage: true, currency: true },
    })
    await tx.project.update({ where: { id: projectId }, data: input })
    await recordAudit(tx, { actorId, projectId, action: 'project.update', entityType: 'project', entityId: projectId, before, after: input })
  })
}

export async function setProjectArchived(db: Db, actorId: string, projectId: string, archived: boolean) {
  await db.$transaction(async (tx) => {
    await tx.project.update({ where: { id: projectId }, data: { archivedAt: archived ? new Date() : null } })
    await recordAudit(tx, {
      actorId,
      projectId,
      action: archived ? 'project.archive' : 'project.restore',
      entityType: 'project',
      entityId: projectId,
    })
  })
}

/** What the dashboard shows: how far each stage has come. Later stages add their counts here. */
export async function projectOverview(db: Db, projectId: string) {
  const [members, departments, openInvitations, leads, processes, interviews, requirements] = await Promise.all([
    db.membership.count({ where: { projectId } }),
    db.department.count({ where: { projectId } }),
    db.invitation.count({ where: { projectId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } } }),
    db.membership.count({ where: { projectId, role: 'lead' } }),
    db.process.count({ where: { projectId } }),
    db.interview.count({ where: { projectId, status: { not: 'cancelled' } } }),
    db.requirement.count({ where: { projectId, deletedAt: null } }),
  ])
  return { group: { members, departments, openInvitations, leads }, stages: { processes, interviews, requirements } }
}
