import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { CandidateFieldsSchema, CANDIDATE_LIMIT, type CandidateFields } from '~/schemas/candidate'
import { createT } from '~/i18n'
import { parseCandidateForm } from '~/schemas/candidate'
import type { Db } from '~/utils/db.server'
import { freshDbFile, insertUser, projectInput } from '../../tests/setup/test-db'
import { createCandidate, deleteCandidate, getCandidate, listCandidates, moveCandidate, updateCandidate, type CandidateViewer } from './candidate.server'
import { addMember, CandidateBindingError, updateMember } from './member.server'
import { createProject } from './project.server'

// The route modules use the process-wide client from db.server, which reads DATABASE_URL once at
// import: point it at this file's own fresh database before anything imports it, and use that
// same client here, so the HTTP-level tests see the rows the model tests write.
process.env.DATABASE_URL = freshDbFile().url
process.env.SESSION_SECRET ??= 'candidates-test-secret-0123456789abcdef'

let db: Db
beforeAll(async () => {
  const mod = await import('~/utils/db.server')
  db = mod.db
  await mod.dbReady()
})
afterAll(async () => db.$disconnect())

let leadUser: string
let projectId: string
let slug: string
const lead: CandidateViewer = { role: 'lead', candidateId: null }

const fields = (over: Partial<CandidateFields> = {}): CandidateFields => ({
  vendor: 'Acme',
  product: 'Acme Desk',
  edition: '',
  productVersion: '',
  hosting: 'cloud',
  licenceModel: 'subscription',
  pricePerUserMonthMinor: 1_500,
  perpetualPerUserMinor: 0,
  users: 40,
  implementationCostMinor: 1_000_000,
  annualSupportCostMinor: 0,
  demoAccess: '',
  contacts: '',
  ...over,
})

async function create(over: Partial<CandidateFields> = {}) {
  const result = await createCandidate(db, leadUser, projectId, fields(over))
  if (!result.ok) throw new Error(result.error)
  return result.id
}

async function vendorMember(candidateId: string | null) {
  const user = await insertUser(db, { name: 'Vendor Rep' })
  const member = await addMember(db, leadUser, projectId, { userId: user.id, role: 'vendor', departmentId: null })
  if (candidateId) await updateMember(db, leadUser, projectId, member.id, { role: 'vendor', departmentId: null, candidateId })
  return { userId: user.id, memberId: member.id }
}

beforeEach(async () => {
  leadUser = (await insertUser(db, { name: 'Anna Lead' })).id
  const project = await createProject(db, leadUser, projectInput())
  projectId = project.id
  slug = (await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { slug: true } })).slug
})

describe('candidates: create, edit, order, limit', () => {
  test('the 11th candidate is refused and nothing is written', async () => {
    for (let i = 0; i < CANDIDATE_LIMIT; i++) await create({ product: `P${i}` })
    const before = await db.auditEvent.count({ where: { projectId } })
    expect(await createCandidate(db, leadUser, projectId, fields({ product: 'Eleventh' }))).toEqual({ ok: false, error: 'limit' })
    expect(await db.candidate.count({ where: { projectId } })).toBe(CANDIDATE_LIMIT)
    expect(await db.auditEvent.count({ where: { projectId } })).toBe(before)
  })

  test('a stale edit is refused, names who changed it, and writes nothing', async () => {
    const id = await create()
    expect(await updateCandidate(db, leadUser, projectId, id, { ...fields({ product: 'First' }), version: 1 })).toEqual({ ok: true, version: 2 })
    const stale = await updateCandidate(db, leadUser, projectId, id, { ...fields({ product: 'Second' }), version: 1 })
    expect(stale).toMatchObject({ ok: false, error: 'stale', changedBy: 'Anna Lead', changedAt: expect.any(Date) })
    expect((await getCandidate(db, projectId, id, lead))?.product).toBe('First')
  })

  test('an id from another project finds nothing to read, edit or delete', async () => {
    const other = await createProject(db, leadUser, projectInput({ name: 'Other' }))
    const foreign = await createCandidate(db, leadUser, other.id, fields({ product: 'Foreign' }))
    if (!foreign.ok) throw new Error('setup')
    expect(await getCandidate(db, projectId, foreign.id, lead)).toBeNull()
    expect(await updateCandidate(db, leadUser, projectId, foreign.id, { ...fields(), version: 1 })).toEqual({ ok: false, error: 'not_found' })
    expect(await deleteCandidate(db, leadUser, projectId, foreign.id)).toEqual({ ok: false, error: 'not_found' })
    expect(await db.candidate.count({ where: { id: foreign.id } })).toBe(1)
  })

  test('moving swaps neighbours; moving the first up changes nothing', async () => {
    const a = await create({ product: 'A' })
    const b = await create({ product: 'B' })
    expect(await moveCandidate(db, leadUser, projectId, a, 'up')).toEqual({ ok: true, moved: false })
    await moveCandidate(db, leadUser, projectId, b, 'up')
    expect((await listCandidates(db, projectId, lead)).map((c) => c.product)).toEqual(['B', 'A'])
  })

  test('the list names the vendor representatives bound to each candidate', async () => {
    const id = await create()
    await vendorMember(id)
    expect((await listCandidates(db, projectId, lead))[0]?.representatives).toEqual(['Vendor Rep'])
  })
})

describe('money fields', () => {
  const t = createT('en')
  const form = (over: Record<string, string>) => {
    const f = new FormData()
    const base: Record<string, string> = { vendor: 'V', product: 'P', hosting: 'cloud', licenceModel: 'subscription', users: '10', pricePerUserMonthMinor: '15', ...over }
    for (const [k, v] of Object.entries(base)) f.set(k, v)
    return f
  }

  test('amounts typed with separators become minor units; the unused licence price is 0', () => {
    const parsed = parseCandidateForm(CandidateFieldsSchema, form({ pricePerUserMonthMinor: '1 250,50', perpetualPerUserMinor: '99', implementationCostMinor: '2,000,000' }), t)
    expect(parsed.ok && parsed.value).toMatchObject({ pricePerUserMonthMinor: 125_050, perpetualPerUserMinor: 0, implementationCostMinor: 200_000_000 })
  })

  test('negative, malformed and absurd amounts are refused naming the field', () => {
    const parsed = parseCandidateForm(
      CandidateFieldsSchema,
      form({ implementationCostMinor: '-5', annualSupportCostMinor: '12abc', pricePerUserMonthMinor: '99999999999' }),
      t,
    )
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect(parsed.errors.implementationCostMinor).toBe('One-off implementation cost: the amount cannot be negative.')
    expect(parsed.errors.annualSupportCostMinor).toMatch(/^Annual support cost: enter an amount/)
    expect(parsed.errors.pricePerUserMonthMinor).toMatch(/^Price per user per month: the amount is implausibly large/)
  })
})

describe('vendor isolation (query level)', () => {
  test('a vendor lists only its own candidate and cannot read another by id', async () => {
    const mine = await create({ product: 'Mine' })
    const theirs = await create({ product: 'Theirs' })
    const viewer: CandidateViewer = { role: 'vendor', candidateId: mine }
    const list = await listCandidates(db, projectId, viewer)
    expect(list.map((c) => c.id)).toEqual([mine])
    expect(JSON.stringify(list)).not.toContain('Theirs')
    expect(await getCandidate(db, projectId, theirs, viewer)).toBeNull()
    expect((await getCandidate(db, projectId, mine, viewer))?.product).toBe('Mine')
  })

  test('a vendor bound to no candidate sees none', async () => {
    await create()
    expect(await listCandidates(db, projectId, { role: 'vendor', candidateId: null })).toEqual([])
  })

  test('binding: only vendors, only this project’s candidates; leaving the vendor role clears it', async () => {
    const id = await create()
    const { memberId } = await vendorMember(id)
    const other = await createProject(db, leadUser, projectInput({ name: 'Other' }))
    const foreign = await createCandidate(db, leadUser, other.id, fields())
    if (!foreign.ok) throw new Error('setup')
    await expect(updateMember(db, leadUser, projectId, memberId, { role: 'vendor', departmentId: null, candidateId: foreign.id })).rejects.toBeInstanceOf(CandidateBindingError)
    await expect(updateMember(db, leadUser, projectId, memberId, { role: 'observer', departmentId: null, candidateId: id })).rejects.toBeInstanceOf(CandidateBindingError)
    expect((await db.membership.findUniqueOrThrow({ where: { id: memberId } })).candidateId).toBe(id)
    await updateMember(db, leadUser, projectId, memberId, { role: 'observer', departmentId: null })
    expect((await db.membership.findUniqueOrThrow({ where: { id: memberId } })).candidateId).toBeNull()
  })
})

describe('vendor isolation (HTTP level: route loaders with a real session cookie)', () => {
  async function cookieFor(userId: string) {
    const { startSession } = await import('~/utils/session.server')
    const setCookie = await startSession(userId, { ip: null, userAgent: null })
    return setCookie.split(';')[0]!
  }
  const request = (path: string, cookie: string) => new Request(`http://localhost${path}`, { headers: { Cookie: cookie } })
  type Thrown = { init?: { status?: number }; data?: { message?: string } }
  async function thrown(promise: Promise<unknown>): Promise<Thrown> {
    try {
      await promise
    } catch (error) {
      return error as Thrown
    }
    throw new Error('expected the loader to throw')
  }

  test('GET /p/:slug/candidates as a vendor returns only its own candidate', async () => {
    const mine = await create({ product: 'Mine', vendor: 'My Vendor' })
    await create({ product: 'Theirs', vendor: 'Their Vendor' })
    const { userId } = await vendorMember(mine)
    const { loader } = await import('~/routes/candidates')
    const result = await loader({ request: request(`/p/${slug}/candidates`, await cookieFor(userId)), params: { slug }, context: {} } as unknown as Parameters<typeof loader>[0])
    expect(result.candidates.map((c) => c.id)).toEqual([mine])
    expect(JSON.stringify(result)).not.toMatch(/Theirs|Their Vendor/)
    expect(result.tabs).toMatchObject({ scoring: false, results: false, decision: false })
  })

  test('GET /p/:slug/candidates/<other id> as a vendor is a 404 that names nothing', async () => {
    const mine = await create({ product: 'Mine' })
    const theirs = await create({ product: 'Theirs', vendor: 'Their Vendor' })
    const { userId } = await vendorMember(mine)
    const { loader } = await import('~/routes/candidate')
    const cookie = await cookieFor(userId)
    const error = await thrown(loader({ request: request(`/p/${slug}/candidates/${theirs}`, cookie), params: { slug, candidateId: theirs }, context: {} } as unknown as Parameters<typeof loader>[0]))
    expect(error.init?.status).toBe(404)
    expect(JSON.stringify(error)).not.toMatch(/Theirs|Their Vendor/)
    // The same answer as for an id that does not exist at all.
    const missing = await thrown(loader({ request: request(`/p/${slug}/candidates/nope`, cookie), params: { slug, candidateId: 'nope' }, context: {} } as unknown as Parameters<typeof loader>[0]))
    expect(missing).toEqual(error)
    const own = await loader({ request: request(`/p/${slug}/candidates/${mine}`, cookie), params: { slug, candidateId: mine }, context: {} } as unknown as Parameters<typeof loader>[0])
    expect(own.candidate.product).toBe('Mine')
  })

  test('an unbound vendor gets an empty list; the decision page is 403 for vendors', async () => {
    await create({ product: 'Theirs' })
    const { userId } = await vendorMember(null)
    const cookie = await cookieFor(userId)
    const { loader } = await import('~/routes/candidates')
    const result = await loader({ request: request(`/p/${slug}/candidates`, cookie), params: { slug }, context: {} } as unknown as Parameters<typeof loader>[0])
    expect(result.candidates).toEqual([])
    const decision = await import('~/routes/decision')
    const error = await thrown(decision.loader({ request: request(`/p/${slug}/decision`, cookie), params: { slug }, context: {} } as unknown as Parameters<typeof decision.loader>[0]))
    expect(error.init?.status).toBe(403)
  })

  test('the lead sees every candidate through the same loader', async () => {
    await create({ product: 'Mine' })
    await create({ product: 'Theirs' })
    const { loader } = await import('~/routes/candidates')
    const result = await loader({ request: request(`/p/${slug}/candidates`, await cookieFor(leadUser)), params: { slug }, context: {} } as unknown as Parameters<typeof loader>[0])
    expect(result.candidates.map((c) => c.product)).toEqual(['Mine', 'Theirs'])
    expect(result.canManage).toBe(true)
  })
})
