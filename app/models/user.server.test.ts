import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import type { Db } from '~/utils/db.server'
import { closeDbs, freshDb } from '../../tests/setup/test-db'
import { verifyAuditChain } from './audit.server'
import {
  attemptLogin,
  changePassword,
  createUser,
  EmailTakenError,
  LOGIN_WINDOW_MS,
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_IP,
  setSignupMode,
  SignupClosedError,
  signupMode,
  verifyPassword,
} from './user.server'

afterAll(closeDbs)

let db: Db
beforeEach(async () => {
  ;({ db } = await freshDb())
})

const PASSWORD = 'correct horse battery'

function signup(email: string, extra: { invited?: boolean; signupFallback?: 'open' | 'invite'; password?: string } = {}) {
  return createUser(db, {
    email,
    name: `  ${email.split('@')[0]}  `,
    password: extra.password ?? PASSWORD,
    locale: 'en',
    invited: extra.invited ?? false,
    signupFallback: extra.signupFallback ?? 'open',
  })
}

describe('createUser', () => {
  test('the first account becomes the administrator, the second does not', async () => {
    const first = await signup('first@example.com')
    const second = await signup('second@example.com')
    expect(first.isAdmin).toBe(true)
    expect(second.isAdmin).toBe(false)
    const stored = await db.user.findMany({ orderBy: { createdAt: 'asc' }, select: { email: true, isAdmin: true } })
    expect(stored).toEqual([
      { email: 'first@example.com', isAdmin: true },
      { email: 'second@example.com', isAdmin: false },
    ])
  })

  test('stores an argon2id hash, never the password; the hash verifies', async () => {
    const user = await signup('ann@example.com')
    const { passwordHash, name } = await db.user.findUniqueOrThrow({ where: { id: user.id } })
    expect(passwordHash.startsWith('$argon2id$')).toBe(true)
    expect(passwordHash).not.toContain(PASSWORD)
    expect(await verifyPassword(passwordHash, PASSWORD)).toBe(true)
    expect(await verifyPassword(passwordHash, 'wrong password')).toBe(false)
    expect(await verifyPassword('garbage', PASSWORD)).toBe(false)
    expect(name).toBe('ann') // trimmed
  })

  test('normalises the e-mail; a duplicate in another case or with spaces is EmailTakenError', async () => {
    const user = await signup('  Ann@Example.COM ')
    expect(user.email).toBe('ann@example.com')
    await expect(signup('ann@example.com')).rejects.toBeInstanceOf(EmailTakenError)
    await expect(signup('ANN@EXAMPLE.COM')).rejects.toBeInstanceOf(EmailTakenError)
    expect(await db.user.count()).toBe(1)
  })

  test('writes a user.signup event on the instance chain', async () => {
    const user = await signup('ann@example.com')
    const events = await db.auditEvent.findMany({ where: { chain: 'instance' } })
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ action: 'user.signup', actorId: user.id, entityId: user.id, projectId: null })
    expect(JSON.parse(events[0]!.summary).after).toEqual({ email: 'ann@example.com', name: 'ann', isAdmin: true })
  })

  test('invitation-only sign-up refuses the uninvited and admits the invited', async () => {
    const admin = await signup('admin@example.com')
    expect(await signupMode(db, 'open')).toBe('open')
    await setSignupMode(db, admin.id, 'invite', 'open')
    expect(await signupMode(db, 'open')).toBe('invite')

    await expect(signup('stranger@example.com')).rejects.toBeInstanceOf(SignupClosedError)
    expect(await db.user.count({ where: { email: 'stranger@example.com' } })).toBe(0)

    const invited = await signup('guest@example.com', { invited: true })
    expect(invited.isAdmin).toBe(false)

    const modeEvents = await db.auditEvent.findMany({ where: { action: 'instance.signup' } })
    expect(modeEvents).toHaveLength(1)
    expect(JSON.parse(modeEvents[0]!.summary)).toEqual({ before: { mode: 'open' }, after: { mode: 'invite' } })

    // Opening again lets anyone in.
    await setSignupMode(db, admin.id, 'open', 'open')
    await expect(signup('stranger@example.com')).resolves.toMatchObject({ email: 'stranger@example.com' })
  })

  test('without a stored setting the SIGNUP fallback decides, but the first account is always allowed', async () => {
    const first = await signup('first@example.com', { signupFallback: 'invite' })
    expect(first.isAdmin).toBe(true)
    await expect(signup('second@example.com', { signupFallback: 'invite' })).rejects.toBeInstanceOf(SignupClosedError)
    await expect(signup('second@example.com', { signupFallback: 'open' })).resolves.toBeTruthy()
  })

  test('two sign-ups at once on a fresh instance make exactly one administrator', async () => {
    const results = await Promise.allSettled([signup('a@example.com'), signup('b@example.com'), signup('c@example.com')])
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true)
    expect(await db.user.count({ where: { isAdmin: true } })).toBe(1)
    expect(await db.user.count()).toBe(3)
  })
})

describe('attemptLogin', () => {
  const IP = '203.0.113.7'
  let userId: string

  beforeEach(async () => {
    userId = (await signup('ann@example.com')).id
  })

  const login = (password: string, opts: { email?: string; ip?: string; now?: Date } = {}) =>
    attemptLogin(db, { email: opts.email ?? 'ann@example.com', password, ip: opts.ip ?? IP }, opts.now)

  test('the right password logs in (e-mail case and spaces do not matter)', async () => {
    expect(await login(PASSWORD)).toEqual({ ok: true, userId })
    expect(await login(PASSWORD, { email: '  ANN@example.com ' })).toEqual({ ok: true, userId })
  })

  test('a wrong password and an unknown e-mail get the same "invalid" answer', async () => {
    expect(await login('wrong password')).toEqual({ ok: false, reason: 'invalid' })
    expect(await login(PASSWORD, { email: 'nobody@example.com' })).toEqual({ ok: false, reason: 'invalid' })
  })

  test('every attempt is recorded, successful or not', async () => {
    await login('wrong password')
    await login(PASSWORD)
    const attempts = await db.loginAttempt.findMany({ orderBy: { id: 'asc' }, select: { email: true, ip: true, success: true } })
    expect(attempts).toEqual([
      { email: 'ann@example.com', ip: IP, success: false },
      { email: 'ann@example.com', ip: IP, success: true },
    ])
  })

  test('each successful login writes one user.login audit event; failures write none', async () => {
    await login(PASSWORD)
    await login('wrong password')
    await login(PASSWORD, { ip: '198.51.100.1' })
    const events = await db.auditEvent.findMany({ where: { action: 'user.login' }, orderBy: { seq: 'asc' } })
    expect(events).toHaveLength(2)
    expect(events.map((e) => e.actorId)).toEqual([userId, userId])
    expect(events.map((e) => JSON.parse(e.summary).after)).toEqual([{ ip: IP }, { ip: '198.51.100.1' }])
    expect(events.every((e) => e.chain === 'instance')).toBe(true)
  })

  test(`after ${MAX_FAILURES_PER_ACCOUNT} failures the account is throttled, even with the right password and from another address`, async () => {
    expect(MAX_FAILURES_PER_ACCOUNT).toBe(5)
    const now = new Date()
    for (let i = 0; i < 5; i++) expect(await login(`wrong ${i}`, { now, ip: `198.51.100.${i}` })).toEqual({ ok: false, reason: 'invalid' })

    const sixth = await login(PASSWORD, { now })
    expect(sixth).toMatchObject({ ok: false, reason: 'throttled' })
    if (sixth.ok || sixth.reason !== 'throttled') throw new Error('not throttled')
    expect(sixth.retryAfterSeconds).toBeGreaterThan(0)
    expect(sixth.retryAfterSeconds).toBeLessThanOrEqual(900)
    expect(await login(PASSWORD, { now, ip: '192.0.2.99' })).toMatchObject({ ok: false, reason: 'throttled' })
    // A throttled attempt never checks the password, so it is no login.
    expect(await db.auditEvent.count({ where: { action: 'user.login' } })).toBe(0)

    // Another account on the same address is not affected.
    await signup('bob@example.com')
    expect(await login(PASSWORD, { email: 'bob@example.com', now })).toMatchObject({ ok: true })
  })

  test('four failures do not throttle', async () => {
    const now = new Date()
    for (let i = 0; i < 4; i++) await login('wrong', { now })
    expect(await login(PASSWORD, { now })).toEqual({ ok: true, userId })
  })

  test('the wait ends 15 minutes after the oldest counted failure', async () => {
    const t0 = new Date('2030-01-01T10:00:00Z')
    for (let i = 0; i < 5; i++) await login('wrong', { now: new Date(t0.getTime() + i * 60_000) })
    // At 10:14 the failure of 10:00 is still in the window: wait until 10:15.
    expect(await login(PASSWORD, { now: new Date('2030-01-01T10:14:00Z') })).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 60 })
    // At 10:15:00.001 it has left the window: only four count.
    expect(await login(PASSWORD, { now: new Date(t0.getTime() + LOGIN_WINDOW_MS + 1) })).toEqual({ ok: true, userId })
  })

  test('failures older than the 15-minute window do not count', async () => {
    const now = new Date('2030-01-01T12:00:00Z')
    const old = new Date(now.getTime() - LOGIN_WINDOW_MS - 1000)
    for (let i = 0; i < 10; i++) await login('wrong', { now: old })
    expect(await login(PASSWORD, { now })).toEqual({ ok: true, userId })
  })

  test(`after ${MAX_FAILURES_PER_IP} failures from one address across different e-mails, that address is throttled`, async () => {
    expect(MAX_FAILURES_PER_IP).toBe(20)
    const now = new Date()
    for (let i = 0; i < 20; i++) {
      expect(await login('guess', { email: `victim${i}@example.com`, now })).toEqual({ ok: false, reason: 'invalid' })
    }
    const blocked = await login(PASSWORD, { now })
    expect(blocked).toMatchObject({ ok: false, reason: 'throttled' })
    if (!blocked.ok && blocked.reason === 'throttled') {
      expect(blocked.retryAfterSeconds).toBeGreaterThan(0)
      expect(blocked.retryAfterSeconds).toBeLessThanOrEqual(900)
    }
    // The account itself is fine from another address.
    expect(await login(PASSWORD, { now, ip: '198.51.100.200' })).toEqual({ ok: true, userId })
  }, 30_000)

  test('nineteen failures from one address do not throttle it', async () => {
    const now = new Date()
    for (let i = 0; i < 19; i++) await login('guess', { email: `victim${i}@example.com`, now })
    expect(await login(PASSWORD, { now })).toEqual({ ok: true, userId })
  }, 30_000)
})

describe('changePassword', () => {
  test('needs the current password; the new one works afterwards, the old one not', async () => {
    const user = await signup('ann@example.com')
    expect(await changePassword(db, user.id, { current: 'wrong', next: 'a brand new secret' })).toBe(false)
    expect(await changePassword(db, user.id, { current: PASSWORD, next: 'a brand new secret' })).toBe(true)
    expect(await attemptLogin(db, { email: 'ann@example.com', password: 'a brand new secret', ip: '1' })).toMatchObject({ ok: true })
    expect(await attemptLogin(db, { email: 'ann@example.com', password: PASSWORD, ip: '1' })).toEqual({ ok: false, reason: 'invalid' })
    expect(await db.auditEvent.count({ where: { action: 'user.password' } })).toBe(1)
  })
})

test('the instance audit chain stays intact through sign-ups and logins', async () => {
  const user = await signup('ann@example.com')
  await attemptLogin(db, { email: 'ann@example.com', password: PASSWORD, ip: '1' })
  await setSignupMode(db, user.id, 'invite', 'open')
  expect(await verifyAuditChain(db, null)).toEqual({ ok: true, events: 3 })
})
