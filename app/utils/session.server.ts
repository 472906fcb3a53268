import crypto from 'node:crypto'
import { createCookie, redirect } from 'react-router'
import { db, dbReady } from './db.server'
import { env, secureCookies } from './env.server'

export const SESSION_DAYS = 30
const SESSION_MS = SESSION_DAYS * 24 * 60 * 60 * 1000

let sessionCookie: ReturnType<typeof createCookie> | undefined
function cookie() {
  sessionCookie ??= createCookie('sw_session', {
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookies(),
    path: '/',
    secrets: [env().SESSION_SECRET],
    maxAge: SESSION_MS / 1000,
  })
  return sessionCookie
}

/** The database keeps only the token's hash: a copy of the database cannot be used to log in. */
export function sessionIdFromToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex')
}

export type SessionUser = { id: string; email: string; name: string; locale: string; isAdmin: boolean }
export type CurrentSession = { id: string; user: SessionUser }

async function readToken(request: Request): Promise<string | null> {
  const value: unknown = await cookie().parse(request.headers.get('Cookie'))
  return typeof value === 'string' && value.length > 0 ? value : null
}

// Several loaders of one request ask for the session; look it up once per request.
const perRequest = new WeakMap<Request, Promise<CurrentSession | null>>()

export function getSession(request: Request): Promise<CurrentSession | null> {
  let found = perRequest.get(request)
  if (!found) {
    found = lookupSession(request)
    perRequest.set(request, found)
  }
  return found
}

async function lookupSession(request: Request): Promise<CurrentSession | null> {
  const token = await readToken(request)
  if (!token) return null
  await dbReady()
  const session = await db.session.findUnique({
    where: { id: sessionIdFromToken(token) },
    select: {
      id: true,
      expiresAt: true,
      user: { select: { id: true, email: true, name: true, locale: true, isAdmin: true } },
    },
  })
  if (!session || session.expiresAt.getTime() <= Date.now()) return null
  return { id: session.id, user: session.user }
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  return (await getSession(request))?.user ?? null
}

function safeRedirectTarget(to: string | null | undefined, fallback = '/projects'): string {
  if (!to || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback
  return to
}
export { safeRedirectTarget }

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request)
  if (!user) {
    const url = new URL(request.url)
    const back = url.pathname + url.search
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`)
  }
  return user
}

export async function requireAnonymous(request: Request): Promise<void> {
  if (await getUser(request)) throw redirect('/projects')
}

/** Creates a session row and returns the Set-Cookie header that carries its token. */
export async function startSession(
  userId: string,
  meta: { ip: string | null; userAgent: string | null },
): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url')
  await db.session.create({
    data: {
      id: sessionIdFromToken(token),
      userId,
      expiresAt: new Date(Date.now() + SESSION_MS),
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    },
  })
  return cookie().serialize(token)
}

export async function endSession(request: Request): Promise<string> {
  const token = await readToken(request)
  if (token) await db.session.deleteMany({ where: { id: sessionIdFromToken(token) } })
  return cookie().serialize('', { maxAge: 0 })
}

export async function listUserSessions(userId: string) {
  return db.session.findMany({
    where: { userId, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, createdAt: true, expiresAt: true, ip: true, userAgent: true },
  })
}

export async function revokeSession(userId: string, sessionId: string): Promise<boolean> {
  const { count } = await db.session.deleteMany({ where: { id: sessionId, userId } })
  return count > 0
}
