/**
 * A requirement page over HTTP as a vendor: the loader is called with a Request carrying a real
 * session cookie. The vendor reads the requirement but none of the client's internal material:
 * no interview quote, no ratings, no review thread, no history of who changed what.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Db } from '~/utils/db.server'
import type * as RequirementRoute from './requirement'
import { freshDbFile, insertUser, projectInput } from '../../tests/setup/test-db'

let db: Db
let route: typeof RequirementRoute
let slug: string
let code: string
let cookies: Record<'lead' | 'vendor', string>

beforeAll(async () => {
  process.env.DATABASE_URL = freshDbFile().url
  ;({ db } = await import('~/utils/db.server'))
  const { dbReady } = await import('~/utils/db.server')
  await dbReady()
  const { startSession } = await import('~/utils/session.server')
  const { createProject } = await import('~/models/project.server')
  const { createRequirement } = await import('~/models/requirement.server')
  const { rateRequirement } = await import('~/models/rating.server')
  route = await import('./requirement')
  const lead = await insertUser(db, { name: 'Lena Lead' })
  const vendor = await insertUser(db, { name: 'Victor Vendor' })
  const project = await createProject(db, lead.id, projectInput())
  slug = project.slug
  await db.membership.create({ data: { projectId: project.id, userId: vendor.id, role: 'vendor' } })
  const interview = await db.interview.create({ data: { projectId: project.id, intervieweeName: 'Irene Interviewee' } })
  const highlight = await db.highlight.create({
    data: { projectId: project.id, interviewId: interview.id, quote: 'QUOTE-FROM-THE-INTERVIEW', startOffset: 0, endOffset: 24 },
  })
  const created = await createRequirement(
    db,
    { id: lead.id, canApprove: true },
    project.id,
    { title: 'Call log', type: 'functional', priority: 'must', stage: '1', statement: 'The system shall log calls.', acceptanceCriterion: 'x' },
    [{ highlightId: highlight.id }],
  )
  code = created.code
  await rateRequirement(db, lead.id, project.id, created.id, { importance: 5, comment: 'RATING-COMMENT' })
  const cookieOf = (setCookie: string) => setCookie.split(';')[0]!
  cookies = {
    lead: cookieOf(await startSession(lead.id, { ip: null, userAgent: 'vitest' })),
    vendor: cookieOf(await startSession(vendor.id, { ip: null, userAgent: 'vitest' })),
  }
})

afterAll(async () => {
  await db?.$disconnect()
})

const load = (cookie: string) =>
  route.loader({ request: new Request(`http://localhost/p/${slug}/requirements/${code}`, { headers: { Cookie: cookie } }), params: { slug, code }, context: {} } as never)

test('the lead sees the evidence, the rating and the history', async () => {
  const text = JSON.stringify(await load(cookies.lead))
  expect(text).toContain('QUOTE-FROM-THE-INTERVIEW')
  expect(text).toContain('RATING-COMMENT')
  expect(text).toContain('Lena Lead')
})

test('a vendor reads the requirement but not the quote, the ratings, the thread or the history', async () => {
  const data = await load(cookies.vendor)
  const text = JSON.stringify(data)
  expect(text).toContain('The system shall log calls.')
  expect(text).not.toContain('QUOTE-FROM-THE-INTERVIEW')
  expect(text).not.toContain('Irene Interviewee')
  expect(text).not.toContain('RATING-COMMENT')
  const shown = data as unknown as { history: unknown[]; ratings: { ratings: unknown[] }; requirement: { sources: unknown[]; comments: unknown[] } }
  expect(shown.history).toEqual([])
  expect(shown.ratings.ratings).toEqual([])
  expect(shown.requirement.sources).toEqual([])
  expect(shown.requirement.comments).toEqual([])
})
