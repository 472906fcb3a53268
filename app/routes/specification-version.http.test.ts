/**
 * Signing and review over HTTP: the version page's loader/action and the export route called
 * with real session cookies against the demo data. Out-of-turn, wrong-password and replayed
 * signing forms are refused and write nothing; observers cannot remark; the signed version
 * downloads as a sealed PDF, for the vendor too.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '~/utils/db.server'
import type * as VersionRoute from './specification-version'
import type * as ExportRoute from './specification-export'
import { freshDemoDbFile } from '../../tests/setup/test-db'
import { actionOutcome, getRequest, postRequest, thrownStatus } from '../../tests/setup/http'

let db: Db
let page: typeof VersionRoute
let exporter: typeof ExportRoute
let slug: string
let projectId: string
let number: number
let cookies: Record<'lead' | 'head' | 'vendor' | 'observer', string>
const PASSWORD = 'specwright-demo'

beforeAll(async () => {
  process.env.DATABASE_URL = freshDemoDbFile().url
  ;({ db } = await import('~/utils/db.server'))
  const { dbReady } = await import('~/utils/db.server')
  await dbReady()
  const { startSession } = await import('~/utils/session.server')
  const { getDraft, saveDraft } = await import('~/models/spec-draft.server')
  const { issueVersion } = await import('~/models/spec-version.server')
  page = await import('./specification-version')
  exporter = await import('./specification-export')
  const project = await db.project.findUniqueOrThrow({ where: { slug: 'northwind-helpdesk' } })
  slug = project.slug
  projectId = project.id
  const user = (email: string) => db.user.findUniqueOrThrow({ where: { email } })
  const lead = await user('emma.clarke@northwind-demo.com')
  // A new version to sign: the lead moves the end date.
  const draft = await getDraft(db, project.id)
  const saved = await saveDraft(db, lead.id, project.id, draft.revision, { titleFields: { ...draft.titleFields, endDate: '2027-09-30' } })
  if (!saved.ok) throw new Error(JSON.stringify(saved))
  const issued = await issueVersion(db, { projectId: project.id, actorId: lead.id })
  if (!issued.ok) throw new Error(JSON.stringify(issued))
  number = issued.number
  const cookieOf = async (email: string) => (await startSession((await user(email)).id, { ip: null, userAgent: 'vitest' })).split(';')[0]!
  cookies = {
    lead: await cookieOf('emma.clarke@northwind-demo.com'),
    head: await cookieOf('james.patel@northwind-demo.com'),
    vendor: await cookieOf('lucas.meyer@vendor-demo.com'),
    observer: await cookieOf('daniel.brooks@northwind-demo.com'),
  }
}, 120_000)

afterAll(async () => {
  await db?.$disconnect()
})

const path = () => `/p/${slug}/specification/v/${number}`
const get = getRequest
const post = (cookie: string, fields: Record<string, string>) => postRequest(path(), cookie, fields, { 'User-Agent': 'vitest' })
const args = (request: Request, params: Record<string, string> = { slug, number: String(number) }) => ({ request, params, context: {} }) as never

const outcome = (value: unknown) => actionOutcome<{ formError: string | null; errors: Record<string, string> }>(value)

async function signForm(cookie: string, extra: Record<string, string> = {}) {
  const data = await page.loader(args(get(path(), cookie)))
  return { challenge: data.challenge ?? '', confirmedHash: data.version.contentHash, intent: 'sign', fullName: 'Full Name', position: 'Director', confirm: 'on', password: PASSWORD, ...extra }
}

async function signatures() {
  return db.specSignature.count({ where: { version: { projectId, number }, revokedAt: null } })
}

describe('signing over HTTP', () => {
  test('an observer can neither remark nor sign', async () => {
    expect(await thrownStatus(page.action(args(post(cookies.observer, { intent: 'comment', anchor: 'section:purpose', body: 'Looks fine' }))))).toBe(403)
    expect(await thrownStatus(page.action(args(post(cookies.observer, { intent: 'sign' }))))).toBe(403)
  })

  test('the vendor is out of turn before the client lead: refused, nothing written', async () => {
    const form = await signForm(cookies.vendor)
    const r = outcome(await page.action(args(post(cookies.vendor, form))))
    expect(r.status).toBe(409)
    expect(r.body.formError).toContain('Emma Clarke')
    expect(await signatures()).toBe(0)
  })

  test('a wrong password signs nothing; the right one signs; the same form again is refused', async () => {
    const wrong = outcome(await page.action(args(post(cookies.lead, await signForm(cookies.lead, { password: 'not-my-password' })))))
    expect(wrong.status).toBe(403)
    expect(wrong.body.errors.password).toBeTruthy()
    expect(await signatures()).toBe(0)

    const form = await signForm(cookies.lead)
    const ok = await page.action(args(post(cookies.lead, form)))
    expect(outcome(ok).status).toBe(302)
    expect(await signatures()).toBe(1)
    const replay = outcome(await page.action(args(post(cookies.lead, form))))
    expect(replay.status).toBe(409)
    expect(await signatures()).toBe(1)
  })

  test('a confirmed hash other than the version’s is refused', async () => {
    const form = await signForm(cookies.vendor, { confirmedHash: 'e'.repeat(64) })
    expect(outcome(await page.action(args(post(cookies.vendor, form)))).status).toBe(409)
    expect(await signatures()).toBe(1)
  })

  test('the vendor signs last: the version locks, and its sealed PDF downloads for the vendor', async () => {
    expect(outcome(await page.action(args(post(cookies.vendor, await signForm(cookies.vendor))))).status).toBe(302)
    const v = await db.specVersion.findFirstOrThrow({ where: { projectId, number } })
    expect(v.status).toBe('signed')
    const after = await page.loader(args(get(path(), cookies.vendor)))
    expect(after.challenge).toBeNull()
    expect(after.mySignature).toBeNull()
    const res = (await exporter.loader(args(get(`/p/${slug}/specification/export?version=${number}&format=pdf`, cookies.vendor), { slug }))) as Response
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('application/pdf')
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    expect(bytes.toString('latin1')).toContain('ETSI.CAdES.detached')
  }, 60_000)

  test('wrong passwords at signing are throttled like logins: the sixth try answers 429', async () => {
    const form = { intent: 'sign', challenge: 'x', confirmedHash: 'a'.repeat(64), fullName: 'James Patel', position: 'Head', confirm: 'on', password: 'wrong-password' }
    for (let i = 0; i < 5; i++) expect(outcome(await page.action(args(post(cookies.head, form)))).status).toBe(403)
    const sixth = outcome(await page.action(args(post(cookies.head, { ...form, password: PASSWORD }))))
    expect(sixth.status).toBe(429)
    expect(sixth.body.errors.password).toMatch(/Too many/)
  })
})
