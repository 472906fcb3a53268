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
