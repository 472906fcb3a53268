import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import type { Db } from '~/utils/db.server'
import { closeDbs, freshDb, insertUser, projectInput } from '../../tests/setup/test-db'
import { addMember } from './member.server'
import { createProject } from './project.server'
import { rateRequirement } from './rating.server'
import { createRequirement } from './requirement.server'
import {
  ScoringError,
  candidateResults,
  closeRound,
  effectiveConsensus,
  openRound,
  reopenRound,
  requirementWeights,
  scoringMatrix,
  setConsensus,
  setRequirementWeight,
  submitScore,
} from './scoring.server'

afterAll(closeDbs)

let db: Db
let leadId: string
let headId: string
let memberId: string
let projectId: string
let mustA: string
let mustB: string
let should: string
let candX: string
let candY: string

const req = (title: string, priority: 'must' | 'should' | 'could') => ({ title, type: 'functional' as const, priority, stage: '1' as const, acceptanceCriterion: 'x' })
const score = (requirementId: string, candidateId: string, value: number, comment = '') => ({ requirementId, candidateId, value, comment, basis: null })

async function refused(p: Promise<unknown>, reason: string) {
  await expect(p).rejects.toSatisfy((e: unknown) => e instanceof ScoringError && e.reason === reason)
}

beforeEach(async () => {
  ;({ db } = await freshDb())
  leadId = (await insertUser(db, { name: 'Lead' })).id
  headId = (await insertUser(db, { name: 'Head' })).id
  memberId = (await insertUser(db, { name: 'Member' })).id
  projectId = (await createProject(db, leadId, projectInput())).id
  await addMember(db, leadId, projectId, { userId: headId, role: 'department_head', departmentId: null })
  await addMember(db, leadId, projectId, { userId: memberId, role: 'member', departmentId: null })
  // The project starts with a seeded security checklist; these tests reason about three requirements.
  await db.requirement.updateMany({ where: { projectId }, data: { deletedAt: new Date() } })
  const lead = { id: leadId, canApprove: true }
  mustA = (await createRequirement(db, lead, projectId, req('Call log', 'must'))).id
  mustB = (await createRequirement(db, lead, projectId, req('Ticket routing', 'must'))).id
  should = (await createRequirement(db, lead, projectId, req('Dark mode', 'should'))).id
  candX = (await db.candidate.create({ data: { projectId, vendor: 'X Soft', product: 'XDesk', position: 1 } })).id
  candY = (await db.candidate.create({ data: { projectId, vendor: 'Y Corp', product: 'YHelp', position: 2 } })).id
})

describe('independent scoring', () => {
  test('while open an evaluator sees only their own scores', async () => {
    await openRound(db, leadId, projectId)
    await submitScore(db, leadId, projectId, score(mustA, candX, 3, 'Seen in demo'))
    await submitScore(db, headId, projectId, score(mustA, candX, 1))
    await submitScore(db, headId, projectId, score(mustB, candY, 2))
    const asLead = await scoringMatrix(db, projectId, leadId, { page: 1 })
    expect(Object.values(asLead.cells)).toEqual([{ kind: 'own', value: 3, comment: 'Seen in demo', basis: null }])
    const asHead = await scoringMatrix(db, projectId, headId, { page: 1 })
    expect(Object.keys(asHead.cells).sort()).toEqual([`${mustA}:${candX}`, `${mustB}:${candY}`].sort())
    expect(asHead.cells[`${mustA}:${candX}`]).toMatchObject({ value: 1 })
    expect(JSON.stringify(asHead)).not.toContain('Seen in demo')
  })

  test('refusals write nothing: bad values, other project ids, non-evaluators, no open round', async () => {
    await refused(submitScore(db, leadId, projectId, score(mustA, candX, 2)), 'noOpenRound')
    await openRound(db, leadId, projectId)
    await refused(submitScore(db, leadId, projectId, score(mustA, candX, 4)), 'value')
    await refused(submitScore(db, leadId, projectId, score(mustA, candX, -1)), 'value')
    await refused(submitScore(db, leadId, projectId, score(mustA, candX, 1.5)), 'value')
    await refused(submitScore(db, memberId, projectId, score(mustA, candX, 2)), 'notEvaluator')
    const other = (await createProject(db, leadId, projectInput({ name: 'Other' }))).id
    const foreignCand = (await db.candidate.create({ data: { projectId: other, vendor: 'Z', product: 'Z', position: 1 } })).id
    const foreignReq = (await createRequirement(db, { id: leadId, canApprove: true }, other, req('Foreign', 'must'))).id
    await refused(submitScore(db, leadId, projectId, score(mustA, foreignCand, 2)), 'candidate')
    await refused(submitScore(db, leadId, projectId, score(foreignReq, candX, 2)), 'requirement')
    await refused(openRound(db, leadId, projectId), 'roundOpen')
    expect(await db.score.count()).toBe(0)
    // A member the lead made an evaluator may score.
    await db.membership.updateMany({ where: { projectId, userId: memberId }, data: { evaluator: true } })
    await submitScore(db, memberId, projectId, score(mustA, candX, 2))
    await closeRound(db, leadId, projectId)
    await refused(submitScore(db, leadId, projectId, score(mustA, candX, 2)), 'noOpenRound')
    expect(await db.score.count()).toBe(1)
  })

  test('concurrent saves of different cells and by different evaluators all persist', async () => {
    await openRound(db, leadId, projectId)
    const cells = [mustA, mustB, should].flatMap((r) => [candX, candY].map((c) => [r, c] as const))
    await Promise.all([
      ...cells.map(([r, c], i) => submitScore(db, leadId, projectId, score(r, c, i % 4))),
      ...cells.map(([r, c], i) => submitScore(db, headId, projectId, score(r, c, (i + 1) % 4))),
      // The same cell saved twice at once by one evaluator: one row, no error.
      submitScore(db, leadId, projectId, score(mustA, candX, 0)),
    ])
    expect(await db.score.count()).toBe(12)
    expect(await db.score.count({ where: { evaluatorId: headId } })).toBe(6)
  })
})

describe('closing, consensus, reopening', () => {
  async function scoredAndClosed() {
    await openRound(db, leadId, projectId)
    await submitScore(db, leadId, projectId, score(mustA, candX, 3))
    await submitScore(db, headId, projectId, score(mustA, candX, 1))
    await submitScore(db, leadId, projectId, score(mustA, candY, 2))
    await submitScore(db, headId, projectId, score(mustA, candY, 2))
    await closeRound(db, leadId, projectId)
  }

  test('close writes mean, spread, evaluators and flags wide spreads; scores lock', async () => {
    await scoredAndClosed()
    const m = await scoringMatrix(db, projectId, headId, { page: 1 })
    expect(m.round?.status).toBe('closed')
    expect(m.cells[`${mustA}:${candX}`]).toMatchObject({ kind: 'consensus', mean: 2, spread: 2, evaluators: 2, flagged: true })
    expect(m.cells[`${mustA}:${candY}`]).toMatchObject({ mean: 2, spread: 0, flagged: false })
    expect(m.flaggedTotal).toBe(1)
    expect(await db.consensusScore.count()).toBe(2)
    expect((await effectiveConsensus(db, projectId)).get(`${mustA}:${candX}`)).toBe(2)
  })

  test('a later round that re-scores one cell replaces that cell only', async () => {
    await scoredAndClosed()
    await openRound(db, leadId, projectId)
    await submitScore(db, leadId, projectId, score(mustA, candY, 0))
    await closeRound(db, leadId, projectId)
    const effective = await effectiveConsensus(db, projectId)
    expect(effective.get(`${mustA}:${candY}`)).toBe(0)
    expect(effective.get(`${mustA}:${candX}`)).toBe(2)
  })

  test('a change away from the mean needs a comment; the mean is kept; back to the mean clears it', async () => {
    await scoredAndClosed()
    await refused(setConsensus(db, leadId, projectId, { requirementId: mustA, candidateId: candX, value: 3, comment: '  ' }), 'commentRequired')
    expect(await db.consensusScore.findFirst({ where: { requirementId: mustA, candidateId: candX } })).toMatchObject({ value: null, comment: '' })
    await setConsensus(db, leadId, projectId, { requirementId: mustA, candidateId: candX, value: 3, comment: 'Head saw the old version' })
    expect(await db.consensusScore.findFirst({ where: { requirementId: mustA, candidateId: candX } })).toMatchObject({ value: 3, mean: 2, comment: 'Head saw the old version' })
    expect((await effectiveConsensus(db, projectId)).get(`${mustA}:${candX}`)).toBe(3)
    await setConsensus(db, leadId, projectId, { requirementId: mustA, candidateId: candX, value: 2, comment: '' })
    expect(await db.consensusScore.findFirst({ where: { requirementId: mustA, candidateId: candX } })).toMatchObject({ value: null })
    expect(await db.auditEvent.count({ where: { action: { in: ['consensus.change', 'consensus.reset'] } } })).toBe(2)
  })

  test('reopening is audited, discards consensus, and the next close recomputes it', async () => {
    await scoredAndClosed()
    await reopenRound(db, leadId, projectId)
    expect(await db.consensusScore.count()).toBe(0)
    expect(await db.auditEvent.count({ where: { action: 'round.reopen' } })).toBe(1)
    expect(await effectiveConsensus(db, projectId)).toEqual(new Map())
    await submitScore(db, headId, projectId, score(mustA, candX, 3))
    await closeRound(db, leadId, projectId)
    expect(await db.consensusScore.findFirst({ where: { requirementId: mustA, candidateId: candX } })).toMatchObject({ mean: 3, spread: 0 })
  })
})

describe('weights and results', () => {
  test('weights: priority × importance, normalised; an override needs a reason', async () => {
    let w = await requirementWeights(db, projectId)
    expect(w.map((r) => r.priority)).toEqual(['must', 'must', 'should'])
    expect(w.reduce((a, r) => a + r.weight, 0)).toBeCloseTo(1, 9)
    expect(w.find((r) => r.id === should)!.weight).toBeCloseTo(2 / 8)
    await rateRequirement(db, headId, projectId, mustA, { importance: 5, comment: '' })
    w = await requirementWeights(db, projectId)
    expect(w.find((r) => r.id === mustA)!.raw).toBeCloseTo(5)
    await refused(setRequirementWeight(db, leadId, projectId, { requirementId: should, weight: 10, reason: ' ' }), 'reasonRequired')
    expect(await db.requirementWeight.count()).toBe(0)
    await setRequirementWeight(db, leadId, projectId, { requirementId: should, weight: 2, reason: 'Board priority' })
    w = await requirementWeights(db, projectId)
    expect(w.find((r) => r.id === should)!.weight).toBeCloseTo(2 / 10)
    expect(w.find((r) => r.id === should)!.override).toEqual({ weight: 2, reason: 'Board priority' })
  })

  test('knock-out is rescued by a planned feasible improvement, not by an architecture one', async () => {
    await openRound(db, leadId, projectId)
    for (const c of [candX, candY]) {
      await submitScore(db, leadId, projectId, score(mustA, c, 0))
      await submitScore(db, leadId, projectId, score(mustB, c, 3))
      await submitScore(db, leadId, projectId, score(should, c, 3))
    }
    await closeRound(db, leadId, projectId)
    const improve = (candidateId: string, feasibility: string, code: string) =>
      db.improvement.create({ data: { projectId, candidateId, code, title: 'Call log', feasibility, status: 'estimated', requirements: { create: { requirementId: mustA } } } })
    await improve(candX, 'feasible', 'IMP-1')
    await improve(candY, 'architecture', 'IMP-2')
    const results = await candidateResults(db, projectId)
    const x = results.find((r) => r.candidateId === candX)!
    const y = results.find((r) => r.candidateId === candY)!
    expect(x.knockOuts).toEqual([])
    expect(y.knockOuts).toEqual([mustA])
    expect(x.coverageAsIs).toBeCloseTo(0.5)
    expect(x.coverageAfter).toBeCloseTo(1)
    expect(y.coverageAfter).toBeCloseTo(0.5)
    // weights 3/8, 3/8, 2/8: 0 + 3/8 + 2/8 = 62.5 %
    expect(x.weightedScore).toBeCloseTo(62.5)
  })

  test('no closed round: results are zero, not errors', async () => {
    const results = await candidateResults(db, projectId)
    expect(results).toHaveLength(2)
    expect(results.every((r) => r.weightedScore === 0 && r.knockOuts.length === 0)).toBe(true)
  })
})
