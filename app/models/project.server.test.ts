import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import type { Db } from '~/utils/db.server'
import { closeDbs, freshDb, insertUser, projectInput } from '../../tests/setup/test-db'
import { verifyAuditChain } from './audit.server'
import { addMember } from './member.server'
import {
  createProject,
  findProjectForMember,
  listUserProjects,
  projectOverview,
  setProjectArchived,
  updateProject,
} from './project.server'

afterAll(closeDbs)

let db: Db
let ann: string
let bob: string

beforeEach(async () => {
  ;({ db } = await freshDb())
  ann = (await insertUser(db, { name: 'Ann' })).id
  bob = (await insertUser(db, { name: 'Bob' })).id
})

describe('createProject', () => {
  test('makes the creator its lead and writes exactly one project.create event', async () => {
    const input = projectInput({ name: 'Help desk', description: 'Tickets and SLAs' })
    const project = await createProject(db, ann, input)
    expect(project).toMatchObject({ name: 'Help desk', slug: 'help-desk' })

    const memberships = await db.membership.findMany({ where: { projectId: project.id } })
    expect(memberships).toHaveLength(1)
    expect(memberships[0]).toMatchObject({ userId: ann, role: 'lead' })

    // Project events only: the seeded security checklist adds one event per requirement.
    const events = await db.auditEvent.findMany({ where: { projectId: project.id, entityType: 'project' } })
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ action: 'project.create', actorId: ann, entityType: 'project', entityId: project.id, chain: project.id })
    expect(JSON.parse(events[0]!.summary)).toEqual({ before: null, after: input })
    const all = await db.auditEvent.count({ where: { projectId: project.id } })
    expect(await verifyAuditChain(db, project.id)).toEqual({ ok: true, events: all })
  })

  test('a Cyrillic name gives a transliterated slug; the same name again gets -2, then -3', async () => {
    const first = await createProject(db, ann, projectInput({ name: 'Выбор CRM' }))
    const second = await createProject(db, bob, projectInput({ name: 'Выбор CRM' }))
    const third = await createProject(db, ann, projectInput({ name: 'выбор crm!' }))
    expect([first.slug, second.slug, third.slug]).toEqual(['vybor-crm', 'vybor-crm-2', 'vybor-crm-3'])
    expect(second.name).toBe('Выбор CRM')
  })

  test('a slug that only starts like another is not a clash', async () => {
    await createProject(db, ann, projectInput({ name: 'CRM selection' }))
    const crm = await createProject(db, ann, projectInput({ name: 'CRM' }))
    expect(crm.slug).toBe('crm')
  })

  test('an explicit slug is used (slugified) and made unique the same way', async () => {
    const a = await createProject(db, ann, projectInput({ name: 'Whatever' }), { slug: 'Volga CRM' })
    const b = await createProject(db, ann, projectInput({ name: 'Whatever' }), { slug: 'volga-crm' })
    expect([a.slug, b.slug]).toEqual(['volga-crm', 'volga-crm-2'])
  })

  test('nothing is written when the creator does not exist', async () => {
    await expect(createProject(db, 'no-such-user', projectInput())).rejects.toThrow()
    expect(await db.project.count()).toBe(0)
    expect(await db.auditEvent.count()).toBe(0)
  })
})

describe('listUserProjects', () => {
  test('returns only projects the user is a member of, split into active and archived', async () => {
    const annActive = await createProject(db, ann, projectInput({ name: 'Ann active' }))
    const annArchived = await createProject(db, ann, projectInput({ name: 'Ann archived' }))
    const bobOnly = await createProject(db, bob, projectInput({ name: 'Bob only' }))
    const shared = await createProject(db, bob, projectInput({ name: 'Shared' }))
    await addMember(db, bob, shared.id, { userId: ann, role: 'vendor', departmentId: null })
    await setProjectArchived(db, ann, annArchived.id, true)

    const active = await listUserProjects(db, ann, { archived: false })
    const archived = await listUserProjects(db, ann, { archived: true })
    expect(active.map((p) => p.slug).sort()).toEqual([annActive.slug, shared.slug].sort())
    expect(archived.map((p) => p.slug)).toEqual([annArchived.slug])
    expect(archived[0]!.archivedAt).toBeInstanceOf(Date)
    expect(active.every((p) => p.archivedAt === null)).toBe(true)
    expect(active.find((p) => p.id === shared.id)).toMatchObject({ role: 'vendor', members: 2, name: 'Shared' })
    expect(active.find((p) => p.id === annActive.id)).toMatchObject({ role: 'lead', members: 1 })
    expect([...active, ...archived].some((p) => p.id === bobOnly.id)).toBe(false)

    const carol = await insertUser(db)
    expect(await listUserProjects(db, carol.id, { archived: false })).toEqual([])
  })
})

describe('findProjectForMember', () => {
  test('gives the project and the caller’s membership; null for non-members and unknown slugs', async () => {
    const project = await createProject(db, ann, projectInput({ name: 'Secret' }))
    const access = await findProjectForMember(db, project.slug, ann)
    expect(access?.project).toMatchObject({ id: project.id, slug: 'secret', archivedAt: null })
    expect(access?.membership).toMatchObject({ role: 'lead' })
    expect(access?.project).not.toHaveProperty('memberships')
    expect(await findProjectForMember(db, project.slug, bob)).toBeNull()
    expect(await findProjectForMember(db, 'nope', ann)).toBeNull()
  })
})

describe('setProjectArchived', () => {
  test('archives and restores, auditing each', async () => {
    const project = await createProject(db, ann, projectInput())
    await setProjectArchived(db, ann, project.id, true)
    expect((await db.project.findUniqueOrThrow({ where: { id: project.id } })).archivedAt).toBeInstanceOf(Date)
    await setProjectArchived(db, ann, project.id, false)
    expect((await db.project.findUniqueOrThrow({ where: { id: project.id } })).archivedAt).toBeNull()

    const actions = (
      await db.auditEvent.findMany({ where: { projectId: project.id, entityType: 'project' }, orderBy: { seq: 'asc' } })
    ).map((e) => e.action)
    expect(actions).toEqual(['project.create', 'project.archive', 'project.restore'])
    expect((await verifyAuditChain(db, project.id)).ok).toBe(true)
  })
})

describe('updateProject', () => {
  test('changes the fields and records before and after', async () => {
    const project = await createProject(db, ann, projectInput({ name: 'Old', currency: 'EUR' }))
    const next = projectInput({ name: 'New', currency: 'RUB', documentLanguage: 'ru' })
    await updateProject(db, ann, project.id, next)
    expect(await db.project.findUniqueOrThrow({ where: { id: project.id } })).toMatchObject({ name: 'New', currency: 'RUB', slug: 'old' })
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'project.update' } })
    const summary = JSON.parse(event.summary)
    expect(summary.before).toMatchObject({ name: 'Old', currency: 'EUR' })
    expect(summary.after).toEqual(next)
  })
})

describe('projectOverview', () => {
  test('counts members, departments, open invitations and leads', async () => {
    const project = await createProject(db, ann, projectInput())
    await addMember(db, ann, project.id, { userId: bob, role: 'lead', departmentId: null })
    await db.department.create({ data: { projectId: project.id, name: 'Sales' } })
    expect(await projectOverview(db, project.id)).toEqual({
      group: { members: 2, departments: 1, openInvitations: 0, leads: 2 },
      stages: { processes: 0, interviews: 0, requirements: 28 }, // the seeded security checklist
    })
  })
})
