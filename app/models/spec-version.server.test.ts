import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { specContentHash } from '~/document/hash'
import type { Db } from '~/utils/db.server'
import { closeDbs, freshDemoDb, withoutTriggers } from '../../tests/setup/test-db'
import { getDraft, saveDraft } from './spec-draft.server'
import { addComment, resolveComment, reviewStatus } from './spec-review.server'
import {
  createSigningChallenge,
  declineVersion,
  getVersion,
  issueVersion,
  listVersions,
  revokeSignature,
  signingGate,
  signVersion,
} from './spec-version.server'

let db: Db
let projectId: string
let lead: string
let head: string
let vendor: string
let observer: string

const TITLE = {
  systemName: 'HelpHub',
  customer: 'Northwind Ltd',
  developer: 'HelpHub Inc',
  startDate: '2027-01-10',
  endDate: '2027-04-30',
  'approverClient.position': 'Operations director',
  'approverClient.name': 'Emma Clarke',
  'approverVendor.position': 'Account manager',
  'approverVendor.name': 'Lucas Meyer',
}

async function userId(email: string) {
  return (await db.user.findUniqueOrThrow({ where: { email } })).id
}

beforeAll(async () => {
  ;({ db } = await freshDemoDb())
  projectId = (await db.project.findUniqueOrThrow({ where: { slug: 'northwind-helpdesk' } })).id
  lead = await userId('emma.clarke@northwind-demo.com')
  head = await userId('james.patel@northwind-demo.com')
  vendor = await userId('lucas.meyer@vendor-demo.com')
  observer = await userId('daniel.brooks@northwind-demo.com')
}, 120_000)
afterAll(closeDbs)

async function draftRevision() {
  return (await getDraft(db, projectId)).revision
}

async function sign(number: number, user: string, overrides: Partial<{ confirmedHash: string; challenge: string }> = {}) {
  const v = (await getVersion(db, projectId, number))!
  const slot = v.signers.find((s) => s.userId === user)
  const challenge = overrides.challenge ?? (slot ? await createSigningChallenge(db, slot.id) : 'none')
  return signVersion(db, { projectId, number, userId: user, challenge, confirmedHash: overrides.confirmedHash ?? v.contentHash, fullName: 'Full Name', position: 'Position', ip: '127.0.0.1', userAgent: 'vitest' })
}

describe('the draft', () => {
  it('refuses a stale revision, an unknown template, a mandatory section left out and a vendor signing for the client', async () => {
    const rev = await draftRevision()
    expect(await saveDraft(db, lead, projectId, rev + 5, { titleFields: TITLE })).toMatchObject({ ok: false, error: 'stale' })
    expect(await saveDraft(db, lead, projectId, rev, { templateId: 'nope' })).toMatchObject({ ok: false, error: 'invalid', field: 'templateId' })
    expect(await saveDraft(db, lead, projectId, rev, { templateId: 'short', excluded: ['requirements'] })).toMatchObject({ ok: false, error: 'invalid', field: 'excluded' })
    expect(await saveDraft(db, lead, projectId, rev, { signers: [{ userId: vendor, party: 'client', meaning: 'approved', role: '' }] })).toMatchObject({
      ok: false,
      field: 'signers.0.party',
    })
    expect(await saveDraft(db, lead, projectId, rev, { signers: [{ userId: observer, party: 'client', meaning: 'approved', role: '' }] })).toMatchObject({ ok: false, field: 'signers.0.userId' })
    expect(await saveDraft(db, lead, projectId, rev, { freeText: { purpose: { type: 'doc', content: [{ type: 'bogus' }] } } })).toMatchObject({ ok: false, field: 'freeText.purpose' })
    expect(await draftRevision()).toBe(rev)
  })
})

describe('issuing and signing', () => {
  let number: number

  it('blocks issuing while the completeness check fails, naming the missing fields', async () => {
    const rev = await draftRevision()
    // The system and the customer are prefilled from the decision and the project; the dates are not.
    const saved = await saveDraft(db, lead, projectId, rev, { templateId: 'short', titleFields: { ...TITLE, startDate: '' }, signers: [] })
    expect(saved.ok).toBe(true)
    const result = await issueVersion(db, { projectId, actorId: lead })
    expect(result.ok).toBe(false)
    if (result.ok || result.error !== 'incomplete') throw new Error('expected incomplete')
    const title = result.items.find((i) => i.id === 'title-filled')!
    expect(title.ok).toBe(false)
    expect(title.missing.join(' ')).toMatch(/start/i)
  })

  it('issues a version whose stored hash is the canonical hash of its document', async () => {
    const rev = await draftRevision()
    await saveDraft(db, lead, projectId, rev, {
      titleFields: TITLE,
      signers: [
        { userId: lead, party: 'client', meaning: 'approved', role: 'Client lead' },
        { userId: vendor, party: 'vendor', meaning: 'agreed', role: 'Vendor' },
      ],
      signingOrder: 'sequential',
    })
    const before = (await listVersions(db, projectId)).length
    const result = await issueVersion(db, { projectId, actorId: lead })
    if (!result.ok) throw new Error(JSON.stringify(result))
    number = result.number
    expect(number).toBe(before + 1)
    const v = (await getVersion(db, projectId, number))!
    expect(v.status).toBe('issued')
    expect(v.storedHashOk).toBe(true)
    expect(specContentHash(v.document)).toBe(v.contentHash)
    expect(v.document.meta.versionNumber).toBe(number)
    expect(v.signers.map((s) => s.userId)).toEqual([lead, vendor])
    expect(v.reviewDeadline.getTime() - v.issuedAt.getTime()).toBe(15 * 24 * 3600 * 1000)
  })

  it('refuses the vendor signing before the client lead, a wrong hash, a replayed challenge, and a non-signer', async () => {
    expect(await sign(number, vendor)).toMatchObject({ ok: false, reason: 'out_of_turn' })
    expect(await sign(number, lead, { confirmedHash: 'f'.repeat(64) })).toMatchObject({ ok: false, reason: 'hash_mismatch' })
    expect(await sign(number, head)).toMatchObject({ ok: false, reason: 'not_a_signer' })
    const v = (await getVersion(db, projectId, number))!
    const challenge = await createSigningChallenge(db, v.signers[0]!.id)
    expect(await sign(number, lead, { challenge })).toMatchObject({ ok: true, status: 'issued' })
    expect(await sign(number, lead, { challenge })).toMatchObject({ ok: false, reason: 'already_signed' })
    // The lead revokes, then tries the used form again: refused as a replay.
    expect(await revokeSignature(db, { projectId, number, userId: lead })).toEqual({ ok: true })
    expect(await sign(number, lead, { challenge })).toMatchObject({ ok: false, reason: 'challenge_used' })
    expect(await sign(number, lead)).toMatchObject({ ok: true })
  })

  it('a new signing form clears the slot’s forms that expired more than a TTL ago, and keeps the recently expired', async () => {
    const slot = (await getVersion(db, projectId, number))!.signers[0]!.id
    const now = Date.now()
    const min = 60_000
    await createSigningChallenge(db, slot, new Date(now - 15 * min)) // expired 5 minutes ago
    await createSigningChallenge(db, slot, new Date(now - 40 * min)) // expired 30 minutes ago
    const expiries = async () => (await db.specSigningChallenge.findMany({ where: { signerId: slot }, select: { expiresAt: true } })).map((c) => c.expiresAt.getTime())
    expect(await expiries()).toContain(now - 30 * min)
    await createSigningChallenge(db, slot, new Date(now))
    const left = await expiries()
    expect(left).not.toContain(now - 30 * min)
    expect(left).toContain(now - 5 * min)
  })

  it('locks the version when the last signature lands; a signed version cannot be changed, revoked or re-signed', async () => {
    expect(await sign(number, vendor)).toMatchObject({ ok: true, status: 'signed' })
    const v = (await getVersion(db, projectId, number))!
    expect(v.status).toBe('signed')
    expect(v.signedAt).not.toBeNull()
    expect(await revokeSignature(db, { projectId, number, userId: vendor })).toMatchObject({ ok: false, reason: 'fully_signed' })
    expect(signingGate(v, vendor)).toMatchObject({ ok: false, reason: 'signed_already' })
    await expect(db.$executeRawUnsafe(`UPDATE "SpecVersion" SET "status" = 'issued' WHERE "id" = ?`, v.id)).rejects.toThrow(/never changes/)
    await expect(db.$executeRawUnsafe(`UPDATE "SpecVersion" SET "document" = '{}' WHERE "id" = ?`, v.id)).rejects.toThrow(/immutable|never changes/)
    await expect(db.$executeRawUnsafe(`UPDATE "SpecSignature" SET "revokedAt" = CURRENT_TIMESTAMP WHERE "versionId" = ?`, v.id)).rejects.toThrow(/never change/)
    await expect(db.$executeRawUnsafe(`DELETE FROM "SpecSignature" WHERE "versionId" = ?`, v.id)).rejects.toThrow(/never change/)
    // Nor is it deleted, alone or with its project (which would cascade to its signatures).
    const signatures = await db.specSignature.count({ where: { versionId: v.id } })
    await expect(db.$executeRawUnsafe(`DELETE FROM "SpecVersion" WHERE "id" = ?`, v.id)).rejects.toThrow(/never changes/)
    await expect(db.$executeRawUnsafe(`DELETE FROM "Project" WHERE "id" = ?`, projectId)).rejects.toThrow(/never changes/)
    expect(await db.specSignature.count({ where: { versionId: v.id } })).toBe(signatures)
  })

  it('detects a snapshot altered behind the triggers’ back', async () => {
    const v = (await getVersion(db, projectId, number))!
    await withoutTriggers(db, ['SpecVersion_signed_frozen', 'SpecVersion_content_immutable'], async () => {
      const stored = await db.specVersion.findUniqueOrThrow({ where: { id: v.id }, select: { document: true } })
      await db.$executeRawUnsafe(`UPDATE "SpecVersion" SET "document" = ? WHERE "id" = ?`, stored.document.replace('HelpHub', 'HelpHob'), v.id)
      expect((await getVersion(db, projectId, number))!.storedHashOk).toBe(false)
      await db.$executeRawUnsafe(`UPDATE "SpecVersion" SET "document" = ? WHERE "id" = ?`, stored.document, v.id)
      expect((await getVersion(db, projectId, number))!.storedHashOk).toBe(true)
    })
  })

  it('refuses to issue a version identical to the last one', async () => {
    expect(await issueVersion(db, { projectId, actorId: lead })).toMatchObject({ ok: false, error: 'unchanged', number })
  })
})

describe('review and decline', () => {
  let number: number

  it('takes remarks anchored to a section or a requirement of the version, and the lead resolves them', async () => {
    const rev = await draftRevision()
    await saveDraft(db, lead, projectId, rev, { titleFields: { ...TITLE, endDate: '2027-05-31' }, signingOrder: 'parallel' })
    const issued = await issueVersion(db, { projectId, actorId: lead })
    if (!issued.ok) throw new Error(JSON.stringify(issued))
    number = issued.number
    const v = (await getVersion(db, projectId, number))!
    const reqCode = v.data.requirements[0]!.code
    expect(await addComment(db, { projectId, number, authorId: head, anchor: 'section:nope', body: 'Where is it?' })).toEqual({ ok: false, error: 'unknown_anchor' })
    const c1 = await addComment(db, { projectId, number, authorId: head, anchor: `requirement:${reqCode}`, body: 'The criterion is vague.' })
    const c2 = await addComment(db, { projectId, number, authorId: vendor, anchor: 'section:purpose', body: 'Please add the go-live date.' })
    if (!c1.ok || !c2.ok) throw new Error('comment failed')
    expect(await reviewStatus(db, projectId)).toMatchObject({ number, openComments: 2, overdue: false })
    expect(await resolveComment(db, { projectId, number, actorId: lead, commentId: c1.id, status: 'accepted', resolution: 'Will be made measurable in the next version.' })).toEqual({ ok: true })
    expect(await resolveComment(db, { projectId, number, actorId: lead, commentId: c1.id, status: 'rejected', resolution: 'x' })).toEqual({ ok: false, error: 'already_resolved' })
    expect(await reviewStatus(db, projectId)).toMatchObject({ openComments: 1 })
    expect(await reviewStatus(db, projectId, new Date(Date.now() + 16 * 24 * 3600 * 1000))).toMatchObject({ overdue: true })
  })

  it('in parallel order anyone may sign first; a decline returns the version to review and closes signing', async () => {
    expect(await sign(number, vendor)).toMatchObject({ ok: true, status: 'issued' })
    const v = (await getVersion(db, projectId, number))!
    const challenge = await createSigningChallenge(db, v.signers[0]!.id)
    expect(await declineVersion(db, { projectId, number, userId: lead, challenge, fullName: 'Emma Clarke', position: 'Lead', reason: 'Stage 2 dates are wrong.', ip: '127.0.0.1', userAgent: 'vitest' })).toMatchObject({
      ok: true,
      status: 'declined',
    })
    expect(await sign(number, lead)).toMatchObject({ ok: false, reason: 'declined' })
    expect(await reviewStatus(db, projectId)).toMatchObject({ number, status: 'declined' })
  })

  it('issuing the next version supersedes the declined one; the signed one stays signed', async () => {
    const rev = await draftRevision()
    await saveDraft(db, lead, projectId, rev, { titleFields: { ...TITLE, endDate: '2027-06-30' } })
    const next = await issueVersion(db, { projectId, actorId: lead })
    if (!next.ok) throw new Error(JSON.stringify(next))
    const versions = await listVersions(db, projectId)
    expect(versions.find((v) => v.number === number)!.status).toBe('superseded')
    expect(versions.find((v) => v.number === number - 1)!.status).toBe('signed')
    expect(await addComment(db, { projectId, number, authorId: head, anchor: 'section:purpose', body: 'Too late?' })).toEqual({ ok: false, error: 'review_closed' })
  })
})
