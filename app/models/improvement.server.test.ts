import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import type { Db } from '~/utils/db.server'
import { closeDbs, freshDb, insertUser, projectInput } from '../../tests/setup/test-db'
import { verifyAuditChain } from './audit.server'
import {
  createImprovement,
  getImprovement,
  ImprovementError,
  listImprovements,
  sendImprovements,
  submitEstimate,
  suggestImprovements,
  transitionImprovement,
  updateImprovement,
  type EstimateInput,
} from './improvement.server'
import { createProject } from './project.server'

afterAll(closeDbs)

let db: Db
let leadId: string
let vendorUserId: string
let projectId: string
let otherProjectId: string
let alpha: string
let beta: string
let req: Record<string, string>

async function requirement(code: string, priority: string, status = 'approved') {
  const r = await db.requirement.create({ data: { projectId, code, type: 'functional', title: `Title ${code}`, priority, status }, select: { id: true } })
  return r.id
}

async function closedRound(cells: { req: string; cand: string; mean: number; value?: number }[], number = 1) {
  const round = await db.scoringRound.create({ data: { projectId, number, status: 'closed', closedAt: new Date() } })
  for (const c of cells) {
    await db.consensusScore.create({
      data: { roundId: round.id, requirementId: c.req, candidateId: c.cand, mean: c.mean, value: c.value ?? null, spread: 0, evaluators: 2 },
    })
  }
}

const fields = (overrides: Partial<Parameters<typeof createImprovement>[3]> = {}) => ({
  candidateId: alpha,
  title: 'Call log export',
  description: '',
  feasibility: 'feasible' as const,
  stage: '1' as const,
  mustBeforeGoLive: true,
  sequential: false,
  requirementCodes: ['FR-001'],
  ...overrides,
})

const estimate = (overrides: Partial<EstimateInput> = {}): EstimateInput => ({
  hoursCenti: 4000,
  hourlyRateMinor: 150000,
  fixedPriceMinor: null,
  durationDays: 10,
  earliestStart: new Date('2026-03-01T00:00:00Z'),
  feasibility: 'feasible',
  vendorComment: 'Standard module',
  ...overrides,
})

beforeEach(async () => {
  ;({ db } = await freshDb())
  leadId = (await insertUser(db)).id
  vendorUserId = (await insertUser(db)).id
  projectId = (await createProject(db, leadId, projectInput())).id
  otherProjectId = (await createProject(db, leadId, projectInput({ name: 'Other' }))).id
  alpha = (await db.candidate.create({ data: { projectId, vendor: 'Alpha Soft', product: 'AlphaDesk', position: 1 } })).id
  beta = (await db.candidate.create({ data: { projectId, vendor: 'Beta Systems', product: 'BetaCRM', position: 2 } })).id
  await db.membership.create({ data: { projectId, userId: vendorUserId, role: 'vendor', candidateId: alpha } })
  req = {
    must1: await requirement('FR-001', 'must'),
    must2: await requirement('FR-002', 'must'),
    should: await requirement('FR-003', 'should'),
    mustRejected: await requirement('FR-004', 'must', 'rejected'),
  }
})

async function sentItem(candidateId = alpha) {
  const { code } = await createImprovement(db, leadId, projectId, fields({ candidateId }))
  await sendImprovements(db, leadId, projectId, [code])
  return code
}

describe('suggestImprovements', () => {
  test('creates items only for weak must cells of the latest closed round, and is idempotent', async () => {
    // An older closed round said FR-002 was weak for beta; the latest says good: no suggestion.
    await closedRound([{ req: req.must2!, cand: beta, mean: 0 }], 1)
    await closedRound(
      [
        { req: req.must1!, cand: alpha, mean: 1 }, // satisfactory → weak
        { req: req.must1!, cand: beta, mean: 2.6 }, // excellent → no
        { req: req.must2!, cand: alpha, mean: 2, value: 0 }, // consensus value overrides the mean → weak
        { req: req.must2!, cand: beta, mean: 1.5 }, // rounds to good → no
        { req: req.should!, cand: alpha, mean: 0 }, // should → no
        { req: req.mustRejected!, cand: alpha, mean: 0 }, // rejected requirement → no
      ],
      2,
    )
    const first = await suggestImprovements(db, leadId, projectId)
    expect(first).toMatchObject({ created: 2, existing: 0 })
    const items = await db.improvement.findMany({
      where: { projectId },
      orderBy: { code: 'asc' },
      select: { code: true, status: true, origin: true, candidateId: true, requirements: { select: { requirementId: true } } },
    })
    expect(items.map((i) => [i.code, i.status, i.origin, i.candidateId, i.requirements[0]?.requirementId])).toEqual([
      ['IMP-001', 'suggested', 'generated', alpha, req.must1],
      ['IMP-002', 'suggested', 'generated', alpha, req.must2],
    ])
    const second = await suggestImprovements(db, leadId, projectId)
    expect(second).toMatchObject({ created: 0, existing: 2 })
    expect(await db.improvement.count({ where: { projectId } })).toBe(2)

    // A dismissed suggestion is the lead's answer: generating again does not bring it back.
    const imp1 = await db.improvement.findFirstOrThrow({ where: { projectId, code: 'IMP-001' } })
    await transitionImprovement(db, leadId, projectId, 'IMP-001', imp1.version, 'dismiss')
    const third = await suggestImprovements(db, leadId, projectId)
    expect(third).toMatchObject({ created: 0, existing: 1, dismissed: 1 })
  })

  test('an item added by hand for the cell counts as existing', async () => {
    await createImprovement(db, leadId, projectId, fields())
    await closedRound([{ req: req.must1!, cand: alpha, mean: 0 }])
    expect(await suggestImprovements(db, leadId, projectId)).toMatchObject({ created: 0, existing: 1 })
  })

  test('without a closed round nothing is created', async () => {
    await db.scoringRound.create({ data: { projectId, number: 1, status: 'open' } })
    expect(await suggestImprovements(db, leadId, projectId)).toMatchObject({ created: 0, existing: 0 })
  })
})

describe('status machine', () => {
  test('suggested → proposed → sent → estimated → sent (back) → estimated → agreed, audited', async () => {
    await closedRound([{ req: req.must1!, cand: alpha, mean: 1 }])
    await suggestImprovements(db, leadId, projectId)
    const v = async () => (await db.improvement.findFirstOrThrow({ where: { projectId, code: 'IMP-001' } })).version
    await expect(transitionImprovement(db, leadId, projectId, 'IMP-001', await v(), 'agree')).rejects.toMatchObject({ reason: 'status' })
    await transitionImprovement(db, leadId, projectId, 'IMP-001', await v(), 'accept')
    await transitionImprovement(db, leadId, projectId, 'IMP-001', await v(), 'send')
    await submitEstimate(db, vendorUserId, projectId, alpha, 'IMP-001', await v(), estimate())
    await expect(transitionImprovement(db, leadId, projectId, 'IMP-001', await v(), 'send-back', '  ')).rejects.toMatchObject({ reason: 'comment' })
    await transitionImprovement(db, leadId, projectId, 'IMP-001', await v(), 'send-back', 'Split the hours by module')
    let item = await db.improvement.findFirstOrThrow({ where: { projectId, code: 'IMP-001' } })
    expect([item.status, item.leadComment]).toEqual(['sent', 'Split the hours by module'])
    await submitEstimate(db, vendorUserId, projectId, alpha, 'IMP-001', await v(), estimate({ hoursCenti: 3000 }))
    await transitionImprovement(db, leadId, projectId, 'IMP-001', await v(), 'agree')
    item = await db.improvement.findFirstOrThrow({ where: { projectId, code: 'IMP-001' } })
    expect([item.status, item.hoursCenti]).toEqual(['agreed', 3000])
    const page = await getImprovement(db, projectId, 'IMP-001', { kind: 'team' })
    expect(page!.history.map((h) => h.action)).toEqual([
      'improvement.suggest',
      'improvement.accept',
      'improvement.send',
      'improvement.estimate',
      'improvement.send-back',
      'improvement.estimate',
      'improvement.agree',
    ])
    expect(await verifyAuditChain(db, projectId)).toMatchObject({ ok: true })
  })

  test('a stale version is refused and nothing is written', async () => {
    const { code } = await createImprovement(db, leadId, projectId, fields())
    await updateImprovement(db, leadId, projectId, code, 1, { ...fields(), title: 'First' })
    await expect(updateImprovement(db, leadId, projectId, code, 1, { ...fields(), title: 'Second' })).rejects.toMatchObject({ reason: 'stale' })
    await expect(transitionImprovement(db, leadId, projectId, code, 1, 'send')).rejects.toMatchObject({ reason: 'stale' })
    const item = await db.improvement.findFirstOrThrow({ where: { projectId, code } })
    expect([item.title, item.status, item.version]).toEqual(['First', 'proposed', 2])
  })

  test('bulk send moves only proposed items', async () => {
    const a = (await createImprovement(db, leadId, projectId, fields())).code
    const b = (await createImprovement(db, leadId, projectId, fields())).code
    await transitionImprovement(db, leadId, projectId, b, 1, 'dismiss')
    expect(await sendImprovements(db, leadId, projectId, [a, b, 'IMP-999'])).toEqual({ sent: 1, skipped: 2 })
    const statuses = await db.improvement.findMany({ where: { projectId }, orderBy: { code: 'asc' }, select: { status: true } })
    expect(statuses.map((s) => s.status)).toEqual(['sent', 'dismissed'])
  })

  test('an item of another project is not found; unknown requirement codes and candidates are refused', async () => {
    const { code } = await createImprovement(db, leadId, projectId, fields())
    expect(await transitionImprovement(db, leadId, otherProjectId, code, 1, 'send')).toBeNull()
    expect(await getImprovement(db, otherProjectId, code, { kind: 'team' })).toBeNull()
    await expect(createImprovement(db, leadId, projectId, fields({ requirementCodes: ['FR-001', 'FR-777'] }))).rejects.toMatchObject({
      reason: 'requirement',
      detail: { codes: ['FR-777'] },
    })
    const foreign = (await db.candidate.create({ data: { projectId: otherProjectId, vendor: 'X', product: 'Y', position: 1 } })).id
    await expect(createImprovement(db, leadId, projectId, fields({ candidateId: foreign }))).rejects.toMatchObject({ reason: 'candidate' })
    expect(await db.improvement.count()).toBe(1)
  })

  test('codes are never reused, even after deletion', async () => {
    const a = await createImprovement(db, leadId, projectId, fields())
    const b = await createImprovement(db, leadId, projectId, fields({ requirementCodes: ['FR-002', 'FR-003'] }))
    expect([a.code, b.code]).toEqual(['IMP-001', 'IMP-002'])
    await db.improvement.delete({ where: { id: b.id } })
    expect((await createImprovement(db, leadId, projectId, fields())).code).toBe('IMP-003')
    // The requirement counters are separate.
    const counter = await db.requirementCodeCounter.findUniqueOrThrow({ where: { projectId_prefix: { projectId, prefix: 'IMP' } } })
    expect(counter.next).toBe(4)
  })

  test('the architecture flag is kept through edits and estimates', async () => {
    const { code } = await createImprovement(db, leadId, projectId, fields({ feasibility: 'architecture' }))
    await sendImprovements(db, leadId, projectId, [code])
    await submitEstimate(db, vendorUserId, projectId, alpha, code, 2, estimate({ feasibility: 'architecture' }))
    const page = await getImprovement(db, projectId, code, { kind: 'vendor', candidateId: alpha })
    expect(page!.feasibility).toBe('architecture')
    const list = await listImprovements(db, projectId, { kind: 'team' }, { feasibility: 'architecture' })
    expect(list.items.map((i) => i.code)).toEqual([code])
    expect(list.totals[0]!.architecture).toBe(1)
  })
})

describe('estimates', () => {
  test.each([
    ['hoursCenti', { hoursCenti: -1 }],
    ['hoursCenti', { hoursCenti: 100_000 * 100 + 1 }],
    ['hourlyRateMinor', { hourlyRateMinor: -5 }],
    ['fixedPriceMinor', { fixedPriceMinor: 10 ** 12 + 1 }],
    ['durationDays', { durationDays: 2001 }],
    ['durationDays', { durationDays: 1.5 }],
    // Each figure in range, but hours × rate would exceed 10^12 minor units.
    ['hourlyRateMinor', { hoursCenti: 10_000_000, hourlyRateMinor: 10 ** 10 }],
  ])('refuses an absurd %s and writes nothing', async (field, bad) => {
    const code = await sentItem()
    const error = await submitEstimate(db, vendorUserId, projectId, alpha, code, 2, estimate(bad)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ImprovementError)
    expect(error).toMatchObject({ reason: 'estimate', field })
    const item = await db.improvement.findFirstOrThrow({ where: { projectId, code } })
    expect([item.status, item.hoursCenti, item.version]).toEqual(['sent', null, 2])
  })

  test('the largest allowed figures are stored exactly', async () => {
    const code = await sentItem()
    await submitEstimate(db, vendorUserId, projectId, alpha, code, 2, estimate({ hoursCenti: 10_000_000, hourlyRateMinor: 100_000_00, fixedPriceMinor: 10 ** 12, durationDays: 2000 }))
    const item = await db.improvement.findFirstOrThrow({ where: { projectId, code } })
    expect([item.hoursCenti, item.fixedPriceMinor, item.durationDays]).toEqual([10_000_000, 10 ** 12, 2000])
  })

  test('an item not in "sent" is refused with the status', async () => {
    const { code } = await createImprovement(db, leadId, projectId, fields())
    await sendImprovements(db, leadId, projectId, [code])
    await submitEstimate(db, vendorUserId, projectId, alpha, code, 2, estimate())
    await expect(submitEstimate(db, vendorUserId, projectId, alpha, code, 3, estimate())).rejects.toMatchObject({ reason: 'status', detail: { status: 'estimated' } })
  })
})

describe('vendor isolation', () => {
  test('a vendor sees only its own candidate’s items in vendor statuses', async () => {
    await createImprovement(db, leadId, projectId, fields()) // proposed, alpha: hidden
    const sentAlpha = await sentItem(alpha)
    const sentBeta = await sentItem(beta)
    await closedRound([{ req: req.must2!, cand: alpha, mean: 0 }])
    await suggestImprovements(db, leadId, projectId) // suggested, alpha: hidden
    const list = await listImprovements(db, projectId, { kind: 'vendor', candidateId: alpha })
    expect(list.items.map((i) => i.code)).toEqual([sentAlpha])
    expect(list.totals.map((t) => t.candidateId)).toEqual([alpha])
    // Filtering by a hidden status does not widen what it sees.
    expect((await listImprovements(db, projectId, { kind: 'vendor', candidateId: alpha }, { status: 'suggested' })).items).toEqual([])
    // The candidate filter is ignored for a vendor.
    expect((await listImprovements(db, projectId, { kind: 'vendor', candidateId: alpha }, { candidate: beta })).items.map((i) => i.code)).toEqual([sentAlpha])
    expect(await getImprovement(db, projectId, sentBeta, { kind: 'vendor', candidateId: alpha })).toBeNull()
    expect(await getImprovement(db, projectId, 'IMP-001', { kind: 'vendor', candidateId: alpha })).toBeNull()
    // A vendor bound to no candidate sees nothing.
    expect((await listImprovements(db, projectId, { kind: 'vendor', candidateId: null })).items).toEqual([])
    const team = await listImprovements(db, projectId, { kind: 'team' })
    expect(team.items).toHaveLength(4)
  })

  test('an estimate for another candidate’s item is "not found" and writes nothing', async () => {
    const code = await sentItem(beta)
    const auditBefore = await db.auditEvent.count({ where: { projectId } })
    expect(await submitEstimate(db, vendorUserId, projectId, alpha, code, 2, estimate())).toBeNull()
    expect(await submitEstimate(db, vendorUserId, projectId, null, code, 2, estimate())).toBeNull()
    const item = await db.improvement.findFirstOrThrow({ where: { projectId, code } })
    expect([item.status, item.hoursCenti, item.version]).toEqual(['sent', null, 2])
    expect(await db.auditEvent.count({ where: { projectId } })).toBe(auditBefore)
  })
})

describe('totals', () => {
  test('count only estimated and agreed items, per candidate, and report items awaiting an estimate', async () => {
    const a = await sentItem(alpha)
    const b = await sentItem(alpha)
    await sentItem(alpha) // awaiting
    await createImprovement(db, leadId, projectId, fields({ candidateId: alpha })) // proposed: awaiting
    await submitEstimate(db, vendorUserId, projectId, alpha, a, 2, estimate({ hoursCenti: 1000, hourlyRateMinor: 100_00, durationDays: 5 }))
    await submitEstimate(db, vendorUserId, projectId, alpha, b, 2, estimate({ fixedPriceMinor: 777_00, durationDays: 8 }))
    await transitionImprovement(db, leadId, projectId, b, 3, 'agree')
    const { totals } = await listImprovements(db, projectId, { kind: 'team' })
    const mine = totals.find((t) => t.candidateId === alpha)!
    expect(mine.totals.total).toEqual({ costMinor: 1000_00 + 777_00, hoursCenti: 1000 + 4000, durationDays: 8, items: 2 })
    expect(mine.awaiting).toBe(2)
  })
})
