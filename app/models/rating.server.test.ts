import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import type { Db } from '~/utils/db.server'
import { closeDbs, freshDb, insertUser, projectInput } from '../../tests/setup/test-db'
import { saveDepartment } from './department.server'
import { addMember } from './member.server'
import { createProject } from './project.server'
import { rateRequirement, ratingAggregates, requirementRatings, requirementsLackingRatings, summariseRatings } from './rating.server'
import { createRequirement } from './requirement.server'

afterAll(closeDbs)

let db: Db
let leadId: string
let projectId: string
let reqId: string

const input = { title: 'Call log', type: 'functional' as const, priority: 'must' as const, stage: '1' as const, acceptanceCriterion: 'x' }

beforeEach(async () => {
  ;({ db } = await freshDb())
  leadId = (await insertUser(db, { name: 'Lead' })).id
  projectId = (await createProject(db, leadId, projectInput())).id
  reqId = (await createRequirement(db, { id: leadId, canApprove: true }, projectId, input)).id
})

describe('summariseRatings', () => {
  test('mean to one decimal, spread max − min, count; null when nobody rated', () => {
    expect(summariseRatings([5, 4, 2])).toEqual({ count: 3, mean: 3.7, spread: 3 })
    expect(summariseRatings([3])).toEqual({ count: 1, mean: 3, spread: 0 })
    expect(summariseRatings([])).toBeNull()
  })
})

describe('rateRequirement', () => {
  test('upserts one rating per person, takes the rater’s department, aggregates per requirement', async () => {
    const headA = await insertUser(db, { name: 'Head of sales' })
    const headB = await insertUser(db, { name: 'Head of finance' })
    const sales = await saveDepartment(db, leadId, projectId, null, { name: 'Sales', headMemberId: null })
    await addMember(db, leadId, projectId, { userId: headA.id, role: 'department_head', departmentId: sales.id! })
    await addMember(db, leadId, projectId, { userId: headB.id, role: 'department_head', departmentId: null })

    await rateRequirement(db, headA.id, projectId, reqId, { importance: 2, comment: '' })
    await rateRequirement(db, headA.id, projectId, reqId, { importance: 5, comment: 'We lose calls' })
    await rateRequirement(db, headB.id, projectId, reqId, { importance: 2, comment: '' })

    const { ratings, summary } = await requirementRatings(db, reqId)
    expect(ratings).toHaveLength(2)
    expect(ratings.find((r) => r.userId === headA.id)).toMatchObject({ importance: 5, comment: 'We lose calls', department: { name: 'Sales' } })
    expect(summary).toEqual({ count: 2, mean: 3.5, spread: 3 })
    expect((await ratingAggregates(db, [reqId])).get(reqId)).toEqual({ count: 2, mean: 3.5, spread: 3 })
    expect(await db.auditEvent.count({ where: { action: 'requirement.rate', entityId: reqId } })).toBe(3)
  })

  test('out-of-range importance and another project’s requirement are refused', async () => {
    await expect(rateRequirement(db, leadId, projectId, reqId, { importance: 6, comment: '' })).rejects.toThrow(RangeError)
    const other = (await createProject(db, leadId, projectInput({ name: 'Other' }))).id
    expect(await rateRequirement(db, leadId, other, reqId, { importance: 3, comment: '' })).toBeNull()
    expect(await db.rating.count()).toBe(0)
  })

  test('the lead sees which requirements lack ratings', async () => {
    const second = await createRequirement(db, { id: leadId, canApprove: true }, projectId, input)
    await rateRequirement(db, leadId, projectId, reqId, { importance: 4, comment: '' })
    const lacking = await requirementsLackingRatings(db, projectId)
    expect(lacking.map((r) => r.code)).toContain(second.code)
    expect(lacking.map((r) => r.id)).not.toContain(reqId)
    // 28 seeded security items + the second requirement
    expect(lacking).toHaveLength(29)
  })
})
