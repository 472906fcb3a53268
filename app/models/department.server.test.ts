import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import type { Db } from '~/utils/db.server'
import { closeDbs, freshDb, insertUser, projectInput } from '../../tests/setup/test-db'
import { deleteDepartment, DepartmentNameTakenError, listDepartments, saveDepartment } from './department.server'
import { addMember } from './member.server'
import { createProject } from './project.server'

afterAll(closeDbs)

let db: Db
let lead: string
let projectId: string
let otherProjectId: string

beforeEach(async () => {
  ;({ db } = await freshDb())
  lead = (await insertUser(db)).id
  projectId = (await createProject(db, lead, projectInput({ name: 'Main' }))).id
  otherProjectId = (await createProject(db, lead, projectInput({ name: 'Other' }))).id
})

const deptEvents = () => db.auditEvent.count({ where: { entityType: 'department' } })

async function memberOf(project: string) {
  const user = await insertUser(db)
  return (await addMember(db, lead, project, { userId: user.id, role: 'member', departmentId: null })).id
}

describe('saveDepartment', () => {
  test('creates a department with a head from the project and audits it', async () => {
    const head = await memberOf(projectId)
    const saved = await saveDepartment(db, lead, projectId, null, { name: 'Sales', headMemberId: head })
    expect(saved).toEqual({ id: expect.any(String) })
    const list = await listDepartments(db, projectId)
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ name: 'Sales', headMemberId: head })
    expect(await db.auditEvent.count({ where: { action: 'department.create' } })).toBe(1)
  })

  test('a duplicate name in the same project is DepartmentNameTakenError; nothing is written', async () => {
    await saveDepartment(db, lead, projectId, null, { name: 'Sales', headMemberId: null })
    const events = await deptEvents()
    await expect(saveDepartment(db, lead, projectId, null, { name: 'Sales', headMemberId: null })).rejects.toBeInstanceOf(DepartmentNameTakenError)
    expect(await db.department.count({ where: { projectId } })).toBe(1)
    expect(await deptEvents()).toBe(events)
  })

  test('renaming onto another department’s name is refused too, keeping its own name is fine', async () => {
    const sales = await saveDepartment(db, lead, projectId, null, { name: 'Sales', headMemberId: null })
    const ops = await saveDepartment(db, lead, projectId, null, { name: 'Ops', headMemberId: null })
    if (!('id' in sales) || !('id' in ops) || !sales.id || !ops.id) throw new Error('not created')
    await expect(saveDepartment(db, lead, projectId, ops.id, { name: 'Sales', headMemberId: null })).rejects.toBeInstanceOf(DepartmentNameTakenError)
    expect(await saveDepartment(db, lead, projectId, sales.id, { name: 'Sales', headMemberId: null })).toEqual({ id: sales.id })
  })

  test('the same name in another project is fine', async () => {
    await saveDepartment(db, lead, projectId, null, { name: 'Sales', headMemberId: null })
    await expect(saveDepartment(db, lead, otherProjectId, null, { name: 'Sales', headMemberId: null })).resolves.toHaveProperty('id')
  })

  test('a head who is a member of ANOTHER project → {error: "head"}, nothing written', async () => {
    const foreignHead = await memberOf(otherProjectId)
    const events = await deptEvents()
    expect(await saveDepartment(db, lead, projectId, null, { name: 'Sales', headMemberId: foreignHead })).toEqual({ error: 'head' })
    expect(await db.department.count()).toBe(0)
    expect(await deptEvents()).toBe(events)

    const sales = await saveDepartment(db, lead, projectId, null, { name: 'Sales', headMemberId: null })
    if (!('id' in sales) || !sales.id) throw new Error('not created')
    expect(await saveDepartment(db, lead, projectId, sales.id, { name: 'Sales', headMemberId: foreignHead })).toEqual({ error: 'head' })
    expect((await db.department.findUniqueOrThrow({ where: { id: sales.id } })).headMemberId).toBeNull()
  })

  test('updating a department of ANOTHER project → {error: "missing"}, nothing changes', async () => {
    const foreign = await saveDepartment(db, lead, otherProjectId, null, { name: 'Foreign', headMemberId: null })
    if (!('id' in foreign) || !foreign.id) throw new Error('not created')
    expect(await saveDepartment(db, lead, projectId, foreign.id, { name: 'Stolen', headMemberId: null })).toEqual({ error: 'missing' })
    expect((await db.department.findUniqueOrThrow({ where: { id: foreign.id } })).name).toBe('Foreign')
  })

  test('an update records before and after', async () => {
    const head = await memberOf(projectId)
    const sales = await saveDepartment(db, lead, projectId, null, { name: 'Sales', headMemberId: null })
    if (!('id' in sales) || !sales.id) throw new Error('not created')
    await saveDepartment(db, lead, projectId, sales.id, { name: 'Sales & marketing', headMemberId: head })
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'department.update' } })
    expect(JSON.parse(event.summary)).toEqual({
      before: { name: 'Sales', headMemberId: null },
      after: { name: 'Sales & marketing', headMemberId: head },
    })
  })
})

describe('deleteDepartment', () => {
  test('deletes within the project; members keep their membership without a department', async () => {
    const sales = await saveDepartment(db, lead, projectId, null, { name: 'Sales', headMemberId: null })
    if (!('id' in sales) || !sales.id) throw new Error('not created')
    const member = await memberOf(projectId)
    await db.membership.update({ where: { id: member }, data: { departmentId: sales.id } })
    expect(await deleteDepartment(db, lead, otherProjectId, sales.id)).toBeNull()
    expect(await deleteDepartment(db, lead, projectId, sales.id)).toEqual({ id: sales.id })
    expect(await db.department.count()).toBe(0)
    expect((await db.membership.findUniqueOrThrow({ where: { id: member } })).departmentId).toBeNull()
    expect(await db.auditEvent.count({ where: { action: 'department.delete' } })).toBe(1)
  })
})
