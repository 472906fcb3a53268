import crypto from 'node:crypto'
import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import type { Db } from '~/utils/db.server'
import { closeDbs, freshDb, freshDbFile, insertUser, projectInput } from '../../tests/setup/test-db'
import {
  acceptInvitation,
  createInvitation,
  findInvitation,
  INVITATION_DAYS,
  invitationTokenHash,
  listOpenInvitations,
  revokeInvitation,
} from './invitation.server'
import { createProject, setProjectArchived } from './project.server'

afterAll(closeDbs)

let db: Db
let leadId: string
let projectId: string
let projectSlug: string
let guestId: string

beforeEach(async () => {
  ;({ db } = await freshDb())
  leadId = (await insertUser(db, { name: 'Lead' })).id
  guestId = (await insertUser(db, { email: 'guest@example.com', name: 'Guest' })).id
  const project = await createProject(db, leadId, projectInput({ name: 'CRM selection' }))
  projectId = project.id
  projectSlug = project.slug
})

const invite = (role: 'member' | 'vendor' | 'observer' | 'department_head' | 'lead' = 'member', now?: Date) =>
  createInvitation(db, leadId, projectId, { email: ' Guest@Example.com ', role }, now)

const membershipOf = (userId: string) => db.membership.findUnique({ where: { projectId_userId: { projectId, userId } } })

describe('createInvitation', () => {
  test('returns the token once and stores only its SHA-256', async () => {
    const created = await invite('vendor')
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(created).toMatchObject({ email: 'guest@example.com', role: 'vendor' })

    const row = await db.invitation.findUniqueOrThrow({ where: { id: created.id } })
    expect(row.tokenHash).not.toBe(created.token)
    expect(row.tokenHash).toBe(crypto.createHash('sha256').update(created.token).digest('hex'))
    expect(row.tokenHash).toBe(invitationTokenHash(created.token))
    // The token appears nowhere in the stored row.
    expect(JSON.stringify(row)).not.toContain(created.token)
    // Nor in the audit event.
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'invitation.create' } })
    expect(event.summary).not.toContain(created.token)
    expect(JSON.parse(event.summary).after).toEqual({ email: 'guest@example.com', role: 'vendor' })
  })

  test(`expires ${INVITATION_DAYS} days after creation`, async () => {
    const now = new Date('2030-03-01T09:00:00Z')
    const created = await invite('member', now)
    expect(created.expiresAt.toISOString()).toBe('2030-03-08T09:00:00.000Z')
  })

  test('two invitations get different tokens', async () => {
    const a = await invite()
    const b = await invite()
    expect(a.token).not.toBe(b.token)
  })
})

describe('acceptInvitation', () => {
  test('creates the membership with the invited role and marks the invitation used', async () => {
    const { id, token } = await invite('observer')
    const result = await acceptInvitation(db, guestId, token)
    expect(result).toEqual({ ok: true, projectSlug, role: 'observer' })

    expect(await membershipOf(guestId)).toMatchObject({ role: 'observer' })
    const row = await db.invitation.findUniqueOrThrow({ where: { id } })
    expect(row.acceptedAt).toBeInstanceOf(Date)
    expect(row.acceptedById).toBe(guestId)
    expect((await findInvitation(db, token)).state).toBe('used')
    expect(await listOpenInvitations(db, projectId)).toEqual([])

    const events = await db.auditEvent.findMany({ where: { action: 'invitation.accept' } })
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ actorId: guestId, projectId })
  })

  test('a second use of the link is refused as "used", even by someone else', async () => {
    const { token } = await invite()
    expect((await acceptInvitation(db, guestId, token)).ok).toBe(true)
    expect(await acceptInvitation(db, guestId, token)).toEqual({ ok: false, reason: 'used' })
    const other = await insertUser(db)
    expect(await acceptInvitation(db, other.id, token)).toEqual({ ok: false, reason: 'used' })
    expect(await membershipOf(other.id)).toBeNull()
  })

  test('an expired link is refused as "expired" and joins nobody', async () => {
    const created = new Date('2030-01-01T00:00:00Z')
    const { token } = await invite('member', created)
    const justBefore = new Date(created.getTime() + INVITATION_DAYS * 86_400_000 - 1)
    const atExpiry = new Date(created.getTime() + INVITATION_DAYS * 86_400_000)
    expect((await findInvitation(db, token, justBefore)).state).toBe('valid')
    expect(await acceptInvitation(db, guestId, token, atExpiry)).toEqual({ ok: false, reason: 'expired' })
    expect(await acceptInvitation(db, guestId, token, new Date('2030-02-01T00:00:00Z'))).toEqual({ ok: false, reason: 'expired' })
    expect(await membershipOf(guestId)).toBeNull()
    // Still usable before it expires.
    expect(await acceptInvitation(db, guestId, token, justBefore)).toMatchObject({ ok: true })
  })

  test('a revoked link is refused as "revoked"', async () => {
    const { id, token } = await invite()
    expect(await revokeInvitation(db, leadId, projectId, id)).toEqual({ id })
    expect(await acceptInvitation(db, guestId, token)).toEqual({ ok: false, reason: 'revoked' })
    expect(await membershipOf(guestId)).toBeNull()
    // Revoking twice, or revoking an invitation of another project, does nothing.
    expect(await revokeInvitation(db, leadId, projectId, id)).toBeNull()
    expect(await db.auditEvent.count({ where: { action: 'invitation.revoke' } })).toBe(1)
  })

  test('a used invitation cannot be revoked', async () => {
    const { id, token } = await invite()
    await acceptInvitation(db, guestId, token)
    expect(await revokeInvitation(db, leadId, projectId, id)).toBeNull()
    expect(await membershipOf(guestId)).not.toBeNull()
  })

  test('an invitation cannot be revoked through another project', async () => {
    const { id, token } = await invite()
    const other = await createProject(db, leadId, projectInput({ name: 'Other' }))
    expect(await revokeInvitation(db, leadId, other.id, id)).toBeNull()
    expect(await acceptInvitation(db, guestId, token)).toMatchObject({ ok: true })
  })

  test('an unknown token is refused as "unknown"', async () => {
    await invite()
    expect(await acceptInvitation(db, guestId, 'no-such-token')).toEqual({ ok: false, reason: 'unknown' })
    expect(await acceptInvitation(db, guestId, '')).toEqual({ ok: false, reason: 'unknown' })
    expect(await membershipOf(guestId)).toBeNull()
  })

  test('someone who is already a member is refused as "already-member", and the link stays usable', async () => {
    const { token } = await invite('vendor')
    expect(await acceptInvitation(db, leadId, token)).toEqual({ ok: false, reason: 'already-member' })
    expect(await membershipOf(leadId)).toMatchObject({ role: 'lead' }) // not demoted to vendor
    expect((await findInvitation(db, token)).state).toBe('valid')
    expect(await acceptInvitation(db, guestId, token)).toMatchObject({ ok: true, role: 'vendor' })
  })

  test('an invitation to an archived project is refused as "archived"', async () => {
    const { token } = await invite()
    await setProjectArchived(db, leadId, projectId, true)
    expect(await acceptInvitation(db, guestId, token)).toEqual({ ok: false, reason: 'archived' })
    expect(await membershipOf(guestId)).toBeNull()
    expect((await findInvitation(db, token)).state).toBe('valid')
  })

  test('two users accepting the same link at the same moment: exactly one joins', async () => {
    const { id, token } = await invite('member')
    const other = await insertUser(db)
    const results = await Promise.all([acceptInvitation(db, guestId, token), acceptInvitation(db, other.id, token)])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'used' }])
    const joined = await db.membership.findMany({ where: { projectId, userId: { in: [guestId, other.id] } } })
    expect(joined).toHaveLength(1)
    const row = await db.invitation.findUniqueOrThrow({ where: { id } })
    expect(row.acceptedById).toBe(joined[0]!.userId)
    expect(await db.auditEvent.count({ where: { action: 'invitation.accept' } })).toBe(1)
  })

  test('many concurrent accepts of one link still join exactly one user', async () => {
    const { token } = await invite('member')
    const users = await Promise.all(Array.from({ length: 6 }, () => insertUser(db)))
    const results = await Promise.all(users.map((u) => acceptInvitation(db, u.id, token)))
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(await db.membership.count({ where: { projectId } })).toBe(2) // the lead and one guest
  })
})

test('two server processes (two connections to one file) accepting one link: exactly one joins', async () => {
  const { url } = freshDbFile()
  const { createDb, applySqlitePragmas } = await import('~/utils/db.server')
  const a = createDb(url)
  const b = createDb(url)
  try {
    await Promise.all([applySqlitePragmas(a), applySqlitePragmas(b)])
    const lead = await insertUser(a)
    const project = await createProject(a, lead.id, projectInput())
    const [u1, u2] = [await insertUser(a), await insertUser(a)]
    const { token } = await createInvitation(a, lead.id, project.id, { email: 'x@example.com', role: 'member' })
    const results = await Promise.allSettled([acceptInvitation(a, u1.id, token), acceptInvitation(b, u2.id, token)])
    const joined = results.filter((r) => r.status === 'fulfilled' && r.value.ok)
    expect(joined).toHaveLength(1)
    expect(await a.membership.count({ where: { projectId: project.id } })).toBe(2) // the lead and one guest
  } finally {
    await Promise.all([a.$disconnect(), b.$disconnect()])
  }
})

describe('listOpenInvitations', () => {
  test('lists only pending, unexpired, unrevoked invitations of the project', async () => {
    const now = new Date()
    const pending = await invite('member', now)
    const revoked = await invite('member', now)
    const used = await invite('member', now)
    await invite('member', new Date(now.getTime() - 8 * 86_400_000)) // expired
    await revokeInvitation(db, leadId, projectId, revoked.id)
    await acceptInvitation(db, guestId, used.token)
    const open = await listOpenInvitations(db, projectId, now)
    expect(open.map((i) => i.id)).toEqual([pending.id])
    expect(open[0]!.createdBy.name).toBe('Lead')
  })
})
