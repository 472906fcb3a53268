import { afterAll, describe, expect, test } from 'vitest'
import { closeDbs, freshDb } from '../../tests/setup/test-db'
import { LARGE_DEFAULTS, seedLarge } from './seed-large'

afterAll(closeDbs)

const small = { ...LARGE_DEFAULTS, requirements: 120, interviews: 4, processes: 3, steps: 5 }
const quiet = () => {}

async function generated(seed: number, language: 'ru' | 'en' = 'ru') {
  const { db } = await freshDb()
  const project = await seedLarge(db, { ...small, seed, language }, quiet)
  const requirements = await db.requirement.findMany({
    where: { projectId: project.id, checklistKey: null },
    orderBy: { createdAt: 'asc' },
    select: { code: true, title: true, statementText: true, priority: true },
  })
  return { db, project, requirements }
}

describe('seed --large', () => {
  test('writes the asked-for numbers of requirements, interviews, processes and steps', async () => {
    const { db, project, requirements } = await generated(1)
    expect(requirements).toHaveLength(120)
    expect(await db.interview.count({ where: { projectId: project.id } })).toBe(4)
    expect(await db.process.count({ where: { projectId: project.id } })).toBe(3)
    expect(await db.processStep.count({ where: { process: { projectId: project.id } } })).toBe(15)
    expect(new Set(requirements.map((r) => r.code)).size).toBe(120)
  })

  test('is deterministic for a seed and different for another', async () => {
    const a = await generated(7)
    const b = await generated(7)
    const c = await generated(8)
    const text = (x: typeof a) => x.requirements.map((r) => `${r.code} ${r.statementText} ${r.priority}`)
    expect(text(a)).toEqual(text(b))
    expect(text(a)).not.toEqual(text(c))
  })

  test('writes text in the project language', async () => {
    const ru = await generated(3, 'ru')
    const en = await generated(3, 'en')
    expect(ru.requirements[0]!.statementText).toMatch(/^Система должна /)
    expect(en.requirements[0]!.statementText).toMatch(/^The system shall /)
  })

  test('codes continue after the counters the project already has', async () => {
    const { db, project } = await generated(4)
    const counters = await db.requirementCodeCounter.findMany({ where: { projectId: project.id } })
    for (const counter of counters) {
      const taken = await db.requirement.count({ where: { projectId: project.id, code: { startsWith: `${counter.prefix}-` } } })
      expect(counter.next).toBeGreaterThan(taken)
    }
  })
})

describe('seed --large with evaluation data', () => {
  test('every requirement × candidate × evaluator is scored in one closed round, with consensus rows and improvements', async () => {
    const { db } = await freshDb()
    const project = await seedLarge(db, { ...small, requirements: 60, candidates: 3, evaluators: 4, seed: 5 }, quiet)
    const round = await db.scoringRound.findFirstOrThrow({ where: { projectId: project.id } })
    expect(round.status).toBe('closed')
    expect(await db.candidate.count({ where: { projectId: project.id } })).toBe(3)
    expect(await db.score.count({ where: { roundId: round.id } })).toBe(60 * 3 * 4)
    expect(await db.consensusScore.count({ where: { roundId: round.id } })).toBe(60 * 3)
    const vendor = await db.membership.findFirstOrThrow({ where: { projectId: project.id, role: 'vendor' } })
    expect(vendor.candidateId).not.toBeNull()
    const scores = await db.score.findMany({ where: { roundId: round.id }, select: { value: true } })
    expect(scores.every((s) => s.value >= 0 && s.value <= 3)).toBe(true)
    const items = await db.improvement.findMany({ where: { projectId: project.id }, select: { code: true } })
    expect(new Set(items.map((i) => i.code)).size).toBe(items.length)
  })
})
