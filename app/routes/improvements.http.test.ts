/**
 * Vendor isolation at the HTTP level: the improvement routes' loaders and actions called with a
 * Request that carries a real session cookie, against a fresh database (the app's global client
 * is pointed at it before any app module loads).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '~/utils/db.server'
import type * as ItemRoute from './improvement'
import type * as ListRoute from './improvements'
import { freshDbFile, insertUser, projectInput } from '../../tests/setup/test-db'
import { getRequest as get, postRequest as post, thrownStatus } from '../../tests/setup/http'

let db: Db
let itemRoute: typeof ItemRoute
let listRoute: typeof ListRoute
let slug: string
let vendorCookie: string
let leadCookie: string
let ownSent: string
let otherSent: string
let ownProposed: string

beforeAll(async () => {
  process.env.DATABASE_URL = freshDbFile().url
  ;({ db } = await import('~/utils/db.server'))
  const { dbReady } = await import('~/utils/db.server')
  await dbReady()
  const { startSession } = await import('~/utils/session.server')
  const { createProject } = await import('~/models/project.server')
  const { createImprovement, sendImprovements } = await import('~/models/improvement.server')
  itemRoute = await import('./improvement')
  listRoute = await import('./improvements')

  const lead = await insertUser(db, { name: 'Lead' })
  const vendor = await insertUser(db, { name: 'Vendor of Alpha' })
  const project = await createProject(db, lead.id, projectInput({ currency: 'EUR' }))
  slug = project.slug
  const alpha = await db.candidate.create({ data: { projectId: project.id, vendor: 'Alpha Soft', product: 'AlphaDesk', position: 1 } })
  const beta = await db.candidate.create({ data: { projectId: project.id, vendor: 'Beta Systems', product: 'BetaCRM', position: 2 } })
  await db.membership.create({ data: { projectId: project.id, userId: vendor.id, role: 'vendor', candidateId: alpha.id } })
  const base = { description: '', feasibility: 'feasible' as const, stage: '1' as const, mustBeforeGoLive: true, sequential: false, requirementCodes: [] }
  ownSent = (await createImprovement(db, lead.id, project.id, { ...base, candidateId: alpha.id, title: 'Alpha item' })).code
  otherSent = (await createImprovement(db, lead.id, project.id, { ...base, candidateId: beta.id, title: 'Beta secret item' })).code
  ownProposed = (await createImprovement(db, lead.id, project.id, { ...base, candidateId: alpha.id, title: 'Alpha draft' })).code
  await sendImprovements(db, lead.id, project.id, [ownSent, otherSent])
  // Beta's item carries a price the vendor of Alpha must never see.
  await db.improvement.update({ where: { projectId_code: { projectId: project.id, code: otherSent } }, data: { fixedPriceMinor: 4_242_00 } })
  const cookieOf = (setCookie: string) => setCookie.split(';')[0]!
  vendorCookie = cookieOf(await startSession(vendor.id, { ip: null, userAgent: 'vitest' }))
  leadCookie = cookieOf(await startSession(lead.id, { ip: null, userAgent: 'vitest' }))
})

afterAll(async () => {
  await db?.$disconnect()
})

const estimate = (version: string) => ({
  intent: 'estimate',
  version,
  hours: '12,5',
  hourlyRate: '90',
  fixedPrice: '',
  durationDays: '4',
  earliestStart: '2026-03-02',
  feasibility: 'feasible',
  vendorComment: 'ok',
})

const args = (request: Request, code?: string) => ({ request, params: { slug, ...(code ? { code } : {}) }, context: {} }) as never

describe('vendor isolation over HTTP', () => {
  test('the list loader gives a vendor only its own sent items and never names another candidate', async () => {
    const result = await listRoute.loader(args(get(`/p/${slug}/improvements?candidate=anything&status=proposed`, vendorCookie)))
    expect(result.items).toEqual([])
    const all = await listRoute.loader(args(get(`/p/${slug}/improvements`, vendorCookie)))
    expect(all.items.map((i) => i.code)).toEqual([ownSent])
    const json = JSON.stringify(all)
    expect(json).not.toContain('Beta')
    expect(json).not.toContain(otherSent)
    expect(json).not.toContain('424200')
    expect(json).not.toContain(ownProposed)
    const lead = await listRoute.loader(args(get(`/p/${slug}/improvements`, leadCookie)))
    expect(lead.items).toHaveLength(3)
  })

  test('the item loader answers 404 for another candidate’s item and for a draft', async () => {
    expect(await thrownStatus(itemRoute.loader(args(get(`/p/${slug}/improvements/${otherSent}`, vendorCookie), otherSent)))).toBe(404)
    expect(await thrownStatus(itemRoute.loader(args(get(`/p/${slug}/improvements/${ownProposed}`, vendorCookie), ownProposed)))).toBe(404)
    const own = await itemRoute.loader(args(get(`/p/${slug}/improvements/${ownSent}`, vendorCookie), ownSent))
    expect(own.item.code).toBe(ownSent)
    expect(own.canEstimate).toBe(true)
  })

  test('an estimate posted for another candidate’s item is 404 and writes nothing', async () => {
    const before = await db.improvement.findFirstOrThrow({ where: { code: otherSent } })
    const audit = await db.auditEvent.count()
    const status = await thrownStatus(
      itemRoute.action(args(post(`/p/${slug}/improvements/${otherSent}`, vendorCookie, estimate(String(before.version))), otherSent)),
    )
    expect(status).toBe(404)
    const after = await db.improvement.findFirstOrThrow({ where: { code: otherSent } })
    expect(after).toEqual(before)
    expect(await db.auditEvent.count()).toBe(audit)
  })

  test('an absurd estimate is refused naming the field; a valid one is stored', async () => {
    const item = await db.improvement.findFirstOrThrow({ where: { code: ownSent } })
    const bad = (await itemRoute.action(
      args(post(`/p/${slug}/improvements/${ownSent}`, vendorCookie, { ...estimate(String(item.version)), hours: '100001' }), ownSent),
    )) as unknown as { init: { status: number }; data: { errors: Record<string, string> } }
    expect(bad.init.status).toBe(400)
    expect(bad.data.errors.hours).toMatch(/Hours/)
    expect((await db.improvement.findFirstOrThrow({ where: { code: ownSent } })).status).toBe('sent')

    const ok = await itemRoute.action(args(post(`/p/${slug}/improvements/${ownSent}`, vendorCookie, estimate(String(item.version))), ownSent))
    expect((ok as Response).status).toBe(302)
    const stored = await db.improvement.findFirstOrThrow({ where: { code: ownSent } })
    expect([stored.status, stored.hoursCenti, stored.hourlyRateMinor, stored.durationDays]).toEqual(['estimated', 1250, 9000, 4])
    // Now not in "sent": a second estimate is refused clearly (409), nothing written.
    const again = (await itemRoute.action(
      args(post(`/p/${slug}/improvements/${ownSent}`, vendorCookie, estimate(String(stored.version))), ownSent),
    )) as unknown as { init: { status: number }; data: { formError: string } }
    expect(again.init.status).toBe(409)
    expect(again.data.formError).toMatch(/Estimated/)
  })

  test('a vendor cannot use the lead’s actions (403)', async () => {
    expect(await thrownStatus(listRoute.action(args(post(`/p/${slug}/improvements`, vendorCookie, { intent: 'generate' }))))).toBe(403)
    const item = await db.improvement.findFirstOrThrow({ where: { code: ownSent } })
    expect(
      await thrownStatus(
        itemRoute.action(args(post(`/p/${slug}/improvements/${ownSent}`, vendorCookie, { intent: 'transition', transition: 'agree', version: String(item.version) }), ownSent)),
      ),
    ).toBe(403)
  })
})
