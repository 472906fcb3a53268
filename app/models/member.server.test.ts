import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import type { Db } from '~/utils/db.server'
import { closeDbs, freshDb, insertUser, projectInput } from '../../tests/setup/test-db'
import { verifyAuditChain } from './audit.server'
import { addMember, LastLeadError, listMembers, removeMember, updateMember } from './member.server'
import { createProject } from './project.server'

afterAll(closeDbs)

let db: Db
let leadUser: string
let projectId: string
let leadMember: string

beforeEach(async () => {
  ;({ db } = await freshDb())
  leadUser = (await insertUser(db, { name: 'Lead' })).id
  projectId = (await createProject(db, leadUser, projectInput())).id
  leadMember = (await db.membership.findFirstOrThrow({ where: { projectId, userId: leadUser } })).id
})

const eventCount = () => db.auditEvent.count({ where: { projectId } })
const roleOf = async (memberId: string) => (await db.membership.findUniqueOrThrow({ where: { id: memberId } })).role

async function addPerson(role: 'lead' | 'member' | 'vendor' | 'observer' | 'department_head', departmentId: string | null = null) {
  const user = await insertUser(db)
  return (await addMember(db, leadUser, projectId, { userId: user.id, role, departmentId })).id
}

describe('the last lead', () => {
  test('cannot be demoted: LastLeadError, the role stays lead and no event is written', async () => {
    const before = await eventCount()
    await expect(updateMember(db, leadUser, projectId, leadMember, { role: 'member', departmentId: null })).rejects.toBeInstanceOf(LastLeadError)
    expect(await roleOf(leadMember)).toBe('lead')
    expect(await eventCount()).toBe(before)
    expect(await db.auditEvent.count({ where: { action: 'member.update' } })).toBe(0)
  })

  test('can still be updated while staying lead (e.g. moved to a department)', async () => {
    const dept = await db.department.create({ data: { projectId, name: 'Sales' } })
    expect(await updateMember(db, leadUser, projectId, leadMember, { role: 'lead', departmentId: dept.id })).toEqual({ id: leadMember })
    expect(await db.membership.findUniqueOrThrow({ where: { id: leadMember } })).toMatchObject({ role: 'lead', departmentId: dept.id })
  })

  test('cannot be removed: LastLeadError and the membership remains', async () => {
    const before = await eventCount()
    await expect(removeMember(db, leadUser, projectId, leadMember)).rejects.toBeInstanceOf(LastLeadError)
    expect(await db.membership.count({ where: { id: leadMember } })).toBe(1)
    expect(await eventCount()).toBe(before)
  })

  test('with two leads one can be demoted, and then the other is the last', async () => {
    const second = await addPerson('lead')
    expect(await updateMember(db, leadUser, projectId, leadMember, { role: 'observer', departmentId: null })).toEqual({ id: leadMember })
    expect(await roleOf(leadMember)).toBe('observer')
    await expect(updateMember(db, leadUser, projectId, second, { role: 'member', departmentId: null })).rejects.toBeInstanceOf(LastLeadError)
    await expect(removeMember(db, leadUser, projectId, second)).rejects.toBeInstanceOf(LastLeadError)
    expect(await roleOf(second)).toBe('lead')
  })

  test('with two leads one can be removed', async () => {
    const second = await addPerson('lead')
    expect(await removeMember(db, leadUser, projectId, second)).toEqual({ id: second })
    expect(await db.membership.count({ where: { projectId, role: 'lead' } })).toBe(1)
  })

  test('two leads demoting each other at the same time: one project lead remains', async () => {
    const second = await addPerson('lead')
    const results = await Promise.allSettled([
      updateMember(db, leadUser, projectId, leadMember, { role: 'member', departmentId: null }),
      updateMember(db, leadUser, projectId, second, { role: 'member', departmentId: null }),
    ])
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1)
    expect(await db.membership.count({ where: { projectId, role: 'lead' } })).toBe(1)
  })
})

describe('updateMember', () => {
  test('changes role and department and records before/after', async () => {
    const dept = await db.department.create({ data: { projectId, name: 'Sales' } })
    const member = await addPerson('member')
    expect(await updateMember(db, leadUser, projectId, member, { role: 'department_head', departmentId: dept.id })).toEqual({ id: member })
    expect(await db.membership.findUniqueOrThrow({ where: { id: member } })).toMatchObject({ role: 'department_head', departmentId: dept.id })
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'member.update' } })
    expect(JSON.parse(event.summary)).toEqual({
      before: { role: 'member', departmentId: null },
      after: { role: 'department_head', departmentId: dept.id },
    })
    expect(await verifyAuditChain(db, projectId)).toMatchObject({ ok: true })
  })

  test('a department of ANOTHER project: null, and nothing changes', async () => {
    const otherProject = await createProject(db, leadUser, projectInput({ name: 'Other' }))
    const foreignDept = await db.department.create({ data: { projectId: otherProject.id, name: 'Foreign' } })
    const member = await addPerson('member')
    const before = await eventCount()
    expect(await updateMember(db, leadUser, projectId, member, { role: 'observer', departmentId: foreignDept.id })).toBeNull()
    expect(await db.membership.findUniqueOrThrow({ where: { id: member } })).toMatchObject({ role: 'member', departmentId: null })
    expect(await eventCount()).toBe(before)
  })

  test('a member of ANOTHER project cannot be changed through this one', async () => {
    const otherLead = await insertUser(db)
    const otherProject = await createProject(db, otherLead.id, projectInput({ name: 'Other' }))
    const foreignMember = (await db.membership.findFirstOrThrow({ where: { projectId: otherProject.id } })).id
    expect(await updateMember(db, leadUser, projectId, foreignMember, { role: 'vendor', departmentId: null })).toBeNull()
    expect(await removeMember(db, leadUser, projectId, foreignMember)).toBeNull()
    expect(await roleOf(foreignMember)).toBe('lead')
  })

  test('an unknown member id gives null', async () => {
    expect(await updateMember(db, leadUser, projectId, 'nope', { role: 'member', departmentId: null })).toBeNull()
    expect(await removeMember(db, leadUser, projectId, 'nope')).toBeNull()
  })
})

describe('removeMember', () => {
  test('removes a member and records who it was', async () => {
    const member = await addPerson('vendor')
    expect(await removeMember(db, leadUser, projectId, member)).toEqual({ id: member })
    expect(await db.membership.count({ where: { id: member } })).toBe(0)
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'member.remove' } })
    expect(JSON.parse(event.summary).before).toMatchObject({ role: 'vendor', email: expect.stringContaining('@') })
  })

  test('removing a department head leaves the department without a head', async () => {
    const head = await addPerson('department_head')
    const dept = await db.department.create({ data: { projectId, name: 'Sales', headMemberId: head } })
    await removeMember(db, leadUser, projectId, head)
    expect((await db.department.findUniqueOrThrow({ where: { id: dept.id } })).headMemberId).toBeNull()
  })
})

describe('listMembers', () => {
  test('lists this project’s members in joining order with their user', async () => {
    const a = await addPerson('member')
    const b = await addPerson('observer')
    const members = await listMembers(db, projectId)
    expect(members.map((m) => m.id)).toEqual([leadMember, a, b])
    expect(members[0]!.user.id).toBe(leadUser)
  })
})
