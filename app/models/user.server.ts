import type { Locale } from '~/i18n'
import type { Db, Tx } from '~/utils/db.server'
import { recordAudit } from './audit.server'

// argon2id (the library's default algorithm) with its default memory/time cost: ~60 ms here.
// Loaded on first use: the native module is not needed to start serving pages.
export async function hashPassword(password: string): Promise<string> {
  const { hash } = await import('@node-rs/argon2')
  return hash(password)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  const { verify } = await import('@node-rs/argon2')
  return verify(passwordHash, password).catch(() => false)
}

export const LOGIN_WINDOW_MS = 15 * 60 * 1000
export const MAX_FAILURES_PER_ACCOUNT = 5
export const MAX_FAILURES_PER_IP = 20

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}

export class SignupClosedError extends Error {}
export class EmailTakenError extends Error {}

export async function signupMode(tx: Tx, fallback: 'open' | 'invite'): Promise<'open' | 'invite'> {
  const row = await tx.instanceSetting.findUnique({ where: { key: 'signup' } })
  return row?.value === 'invite' || row?.value === 'open' ? row.value : fallback
}

/**
 * Creates an account. The first account of a fresh instance becomes its administrator. When
 * sign-up is invitation-only, only a caller holding a valid invitation may pass `invited`.
 */
export async function createUser(
  db: Db,
  input: { email: string; name: string; password: string; locale: Locale; invited: boolean; signupFallback: 'open' | 'invite' },
) {
  const passwordHash = await hashPassword(input.password)
  const email = normaliseEmail(input.email)
  return db.$transaction(async (tx) => {
    const users = await tx.user.count()
    if (users > 0 && !input.invited && (await signupMode(tx, input.signupFallback)) === 'invite') {
      throw new SignupClosedError()
    }
    if (await tx.user.findUnique({ where: { email }, select: { id: true } })) throw new EmailTakenError()
    const user = await tx.user.create({
      data: { email, name: input.name.trim(), passwordHash, locale: input.locale, isAdmin: users === 0 },
      select: { id: true, email: true, name: true, isAdmin: true },
    })
    await recordAudit(tx, {
      actorId: user.id,
      projectId: null,
      action: 'user.signup',
      entityType: 'user',
      entityId: user.id,
      after: { email: user.email, name: user.name, isAdmin: user.isAdmin },
    })
    return user
  })
}

export type LoginResult =
  | { ok: true; userId: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number }

/**
 * Checks a password, refusing early when the account or the address has failed too often in
 * the window; every attempt is recorded. The same answer is given for an unknown e-mail and a
 * wrong password, and the hash is computed either way, so neither reveals which accounts exist.
 */
/**
 * The failed-password throttle shared by login and signing (re-authentication): 5 failures per
 * account or 20 per address within 15 minutes block further attempts until the oldest counted
 * failure leaves the window.
 */
async function throttleVerdict(db: Db, email: string, ip: string, now: Date): Promise<{ ok: false; reason: 'throttled'; retryAfterSeconds: number } | null> {
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS)
  const [byAccount, byIp] = await Promise.all([
    db.loginAttempt.findMany({ where: { email, success: false, createdAt: { gte: since } }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } }),
    db.loginAttempt.findMany({ where: { ip, success: false, createdAt: { gte: since } }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } }),
  ])
  const blockers = [
    byAccount.length >= MAX_FAILURES_PER_ACCOUNT ? byAccount[byAccount.length - MAX_FAILURES_PER_ACCOUNT] : undefined,
    byIp.length >= MAX_FAILURES_PER_IP ? byIp[byIp.length - MAX_FAILURES_PER_IP] : undefined,
  ].filter((b) => b !== undefined)
  if (blockers.length === 0) return null
  const until = Math.max(...blockers.map((b) => b.createdAt.getTime() + LOGIN_WINDOW_MS))
  return { ok: false, reason: 'throttled', retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)) }
}

/**
 * Re-authentication before a signature: the signed-in user's password, checked now, under the
 * same throttle as login (a wrong password counts as a failed login of that account).
 */
export async function reauthenticate(
  db: Db,
  input: { userId: string; password: string; ip: string },
  now = new Date(),
): Promise<{ ok: true } | { ok: false; reason: 'wrong' } | { ok: false; reason: 'throttled'; retryAfterSeconds: number }> {
  const user = await db.user.findUniqueOrThrow({ where: { id: input.userId }, select: { email: true, passwordHash: true } })
  const throttled = await throttleVerdict(db, user.email, input.ip, now)
  if (throttled) return throttled
  const valid = await verifyPassword(user.passwordHash, input.password)
  await db.loginAttempt.create({ data: { email: user.email, ip: input.ip, success: valid, createdAt: now } })
  return valid ? { ok: true } : { ok: false, reason: 'wrong' }
}

export async function attemptLogin(
  db: Db,
  input: { email: string; password: string; ip: string },
  now = new Date(),
): Promise<LoginResult> {
  const email = normaliseEmail(input.email)
  const throttled = await throttleVerdict(db, email, input.ip, now)
  if (throttled) return throttled

  const user = await db.user.findUnique({ where: { email }, select: { id: true, passwordHash: true } })
  let valid = false
  if (user) valid = await verifyPassword(user.passwordHash, input.password)
  else await verifyPassword(await dummyHash(), input.password)
  await db.$transaction(async (tx) => {
    await tx.loginAttempt.create({ data: { email, ip: input.ip, success: valid, createdAt: now } })
    if (valid && user) {
      await recordAudit(tx, {
        actorId: user.id,
        projectId: null,
        action: 'user.login',
        entityType: 'user',
        entityId: user.id,
        after: { ip: input.ip },
      })
    }
  })
  return valid && user ? { ok: true, userId: user.id } : { ok: false, reason: 'invalid' }
}

// Unknown accounts verify against a real hash, so they cost the same time as known ones.
let dummy: Promise<string> | undefined
function dummyHash(): Promise<string> {
  dummy ??= hashPassword('not a password of anyone')
  return dummy
}

export async function updateUserLocale(tx: Db, userId: string, locale: Locale) {
  await tx.$transaction(async (t) => {
    const before = await t.user.findUniqueOrThrow({ where: { id: userId }, select: { locale: true } })
    await t.user.update({ where: { id: userId }, data: { locale } })
    await recordAudit(t, {
      actorId: userId,
      projectId: null,
      action: 'user.locale',
      entityType: 'user',
      entityId: userId,
      before,
      after: { locale },
    })
  })
}

export async function updateProfile(db: Db, userId: string, input: { name: string }) {
  await db.$transaction(async (t) => {
    const before = await t.user.findUniqueOrThrow({ where: { id: userId }, select: { name: true } })
    await t.user.update({ where: { id: userId }, data: { name: input.name.trim() } })
    await recordAudit(t, { actorId: userId, projectId: null, action: 'user.update', entityType: 'user', entityId: userId, before, after: input })
  })
}

export async function changePassword(db: Db, userId: string, input: { current: string; next: string }): Promise<boolean> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } })
  if (!(await verifyPassword(user.passwordHash, input.current))) return false
  const passwordHash = await hashPassword(input.next)
  await db.$transaction(async (t) => {
    await t.user.update({ where: { id: userId }, data: { passwordHash } })
    await recordAudit(t, { actorId: userId, projectId: null, action: 'user.password', entityType: 'user', entityId: userId })
  })
  return true
}

export async function setSignupMode(db: Db, adminId: string, mode: 'open' | 'invite', fallback: 'open' | 'invite') {
  await db.$transaction(async (t) => {
    const before = await signupMode(t, fallback)
    await t.instanceSetting.upsert({ where: { key: 'signup' }, create: { key: 'signup', value: mode }, update: { value: mode } })
    await recordAudit(t, { actorId: adminId, projectId: null, action: 'instance.signup', entityType: 'instance', entityId: 'signup', before: { mode: before }, after: { mode } })
  })
}

export function listUsers(db: Db) {
  return db.user.findMany({
    orderBy: { createdAt: 'asc' },
    select: { id: true, email: true, name: true, isAdmin: true, createdAt: true, _count: { select: { memberships: true } } },
  })
}
