/**
 * Scoring over HTTP: the route loaders/actions called with a Request carrying a real session
 * cookie. Vendors are refused (403) everywhere; while a round is open the loader data holds only
 * the viewer's own scores; bad values are refused with a message and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '~/utils/db.server'
import type * as ResultsRoute from './scoring-results'
import type * as MatrixRoute from './scoring'
import { freshDbFile, insertUser, projectInput } from '../../tests/setup/test-db'
import { actionOutcome, getRequest as get, postRequest as post, thrownStatus } from '../../tests/setup/http'

let db: Db
let matrix: typeof MatrixRoute
let results: typeof ResultsRoute
let slug: string
let cookies: Record<'lead' | 'head' | 'vendor' | 'member', string>
let reqId: string
let alphaId: string

beforeAll(async () => {
  process.env.DATABASE_URL = freshDbFile().url
  ;({ db } = await import('~/utils/db.server'))
  const { dbReady } = await import('~/utils/db.server')
  await dbReady()
  const { startSession } = await import('~/utils/session.server')
  const { createProject } = await import('~/models/project.server')
  const { openRound, submitScore } = await import('~/models/scoring.server')
  matrix = await import('./scoring')
  results = await import('./scoring-results')
  const lead = await insertUser(db, { name: 'Lead' })
  const head = await insertUser(db, { name: 'Head' })
  const vendor = await insertUser(db, { name: 'Vendor' })
  const member = await insertUser(db, { name: 'Member' })
  const project = await createProject(db, lead.id, projectInput())
  slug = project.slug
  alphaId = (await db.candidate.create({ data: { projectId: project.id, vendor: 'Alpha Soft', product: 'AlphaDesk', position: 1 } })).id
  await db.candidate.create({ data: { projectId: project.id, vendor: 'Beta Systems', product: 'BetaCRM', position: 2 } })
  await db.membership.createMany({
    data: [
      { projectId: project.id, userId: head.id, role: 'department_head' },
      { projectId: project.id, userId: vendor.id, role: 'vendor', candidateId: alphaId },
      { projectId: project.id, userId: member.id, role: 'member' },
    ],
  })
  reqId = (await db.requirement.findFirstOrThrow({ where: { projectId: project.id }, orderBy: { code: 'asc' }, select: { id: true } })).id
  await db.requirement.update({ where: { id: reqId }, data: { priority: 'must' } })
  await openRound(db, lead.id, project.id)
  await submitScore(db, lead.id, project.id, { requirementId: reqId, candidateId: alphaId, value: 3, comment: 'LEAD-SECRET', basis: 'demo' })
  const cookieOf = (setCookie: string) => setCookie.split(';')[0]!
  cookies = {
    lead: cookieOf(await startSession(lead.id, { ip: null, userAgent: 'vitest' })),
    head: cookieOf(await startSession(head.id, { ip: null, userAgent: 'vitest' })),
    vendor: cookieOf(await startSession(vendor.id, { ip: null, userAgent: 'vitest' })),
    member: cookieOf(await startSession(member.id, { ip: null, userAgent: 'vitest' })),
  }
})

afterAll(async () => {
  await db?.$disconnect()
})

const args = (request: Request) => ({ request, params: { slug }, context: {} }) as never

/** The status and body of what an action returned (`data(..., { status })`). */
const outcome = (value: unknown) => actionOutcome<{ ok: boolean; error: string | null }>(value)

describe('scoring over HTTP', () => {
  test('a vendor is refused the matrix, its actions and the results', async () => {
    expect(await thrownStatus(matrix.loader(args(get(`/p/${slug}/scoring`, cookies.vendor))))).toBe(403)
    expect(await thrownStatus(results.loader(args(get(`/p/${slug}/scoring/results`, cookies.vendor))))).toBe(403)
    const fields = { intent: 'score', requirementId: reqId, candidateId: alphaId, value: '3', comment: '', basis: '' }
    expect(await thrownStatus(matrix.action(args(post(`/p/${slug}/scoring`, cookies.vendor, fields))))).toBe(403)
    expect(await db.score.count()).toBe(1)
  })

  test('while open, a department head’s loader data carries none of the lead’s scores', async () => {
    const asHead = await matrix.loader(args(get(`/p/${slug}/scoring`, cookies.head)))
    expect(asHead.cells).toEqual({})
    expect(JSON.stringify(asHead)).not.toContain('LEAD-SECRET')
    const asLead = await matrix.loader(args(get(`/p/${slug}/scoring`, cookies.lead)))
    expect(Object.values(asLead.cells)).toEqual([{ kind: 'own', value: 3, comment: 'LEAD-SECRET', basis: 'demo' }])
  })

  test('bad values and non-evaluators are refused with a message; a valid fetcher save persists', async () => {
    const base = { intent: 'score', requirementId: reqId, candidateId: alphaId, comment: '', basis: '', via: 'fetcher' }
    for (const value of ['5', '-1', '1.5', 'abc']) {
      const r = outcome(await matrix.action(args(post(`/p/${slug}/scoring`, cookies.head, { ...base, value }))))
      expect(r.status).toBe(400)
      expect(r.body.error).toMatch(/0 \(not supported\) to 3/)
    }
    const refused = outcome(await matrix.action(args(post(`/p/${slug}/scoring`, cookies.member, { ...base, value: '2' }))))
    expect(refused.status).toBe(400)
    expect(refused.body.error).toMatch(/not an evaluator/)
    expect(await db.score.count()).toBe(1)
    const ok = outcome(await matrix.action(args(post(`/p/${slug}/scoring`, cookies.head, { ...base, value: '2', basis: 'docs' }))))
    expect(ok.body.ok).toBe(true)
    expect(await db.score.count()).toBe(2)
  })

  test('only the lead manages rounds', async () => {
    expect(await thrownStatus(matrix.action(args(post(`/p/${slug}/scoring`, cookies.head, { intent: 'close' }))))).toBe(403)
    expect(await db.scoringRound.count({ where: { status: 'open' } })).toBe(1)
  })
})
