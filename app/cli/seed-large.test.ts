import { afterAll, describe, expect, test } from 'vitest'
import { closeDbs, freshDb } from '../../tests/setup/test-db'
import { getVersion, listVersions } from '~/models/spec-version.server'
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

  test('issues version 1 of the specification, signed for by the lead and the vendor, and prints its number and hash', async () => {
    const { db } = await freshDb()
    const lines: string[] = []
    const project = await seedLarge(db, { ...small, requirements: 80, candidates: 3, seed: 6 }, (line) => lines.push(line))
    const versions = await listVersions(db, project.id)
    expect(versions.map((v) => [v.number, v.status, v.templateId])).toEqual([[1, 'issued', 'gost-34-602-2020']])
    const v1 = (await getVersion(db, project.id, 1))!
    expect(v1.storedHashOk).toBe(true)
    expect(v1.signers.map((s) => s.party)).toEqual(['client', 'vendor'])
    expect(v1.data.requirements.length).toBeGreaterThan(0)
    expect(lines).toContain(`  specification version 1 issued: ${v1.contentHash}`)
  })

  test('with --versions 2, version 2 differs from version 1 in a few acceptance criteria; without evaluation data no version is issued', async () => {
    const { db } = await freshDb()
    const project = await seedLarge(db, { ...small, requirements: 80, candidates: 2, versions: 2, seed: 9, language: 'en' }, quiet)
    const [v1, v2] = [(await getVersion(db, project.id, 1))!, (await getVersion(db, project.id, 2))!]
    expect([v1.status, v2.status]).toEqual(['superseded', 'issued'])
    expect(v2.templateId).toBe('short')
    expect(v2.contentHash).not.toBe(v1.contentHash)
    const changed = v2.data.requirements.filter((r) => v1.data.requirements.find((o) => o.code === r.code)?.acceptanceCriterion !== r.acceptanceCriterion)
    expect(changed.length).toBeGreaterThanOrEqual(1)
    expect(changed.every((r) => r.acceptanceCriterion.endsWith('The check is repeated on three sets of test data.'))).toBe(true)

    const plain = await seedLarge(db, { ...small, requirements: 20, seed: 10, versions: 2 }, quiet)
    expect(await listVersions(db, plain.id)).toEqual([])
  })
})
