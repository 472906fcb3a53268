import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { inject } from 'vitest'
import type { Db } from '~/utils/db.server'

export type TestDb = { db: Db; file: string; url: string }

const opened: Db[] = []

/** A new database file, copied from the migrated template; nothing else uses it. */
export function freshDbFile(): { file: string; url: string } {
  const file = path.join(inject('testDbDir'), `${crypto.randomUUID()}.db`)
  fs.copyFileSync(inject('templateDb'), file)
  return { file, url: `file:${file}` }
}

/** A new database file holding the demo projects (seeded once per run by the global setup). */
export function freshDemoDbFile(): { file: string; url: string } {
  const file = path.join(inject('testDbDir'), `${crypto.randomUUID()}.db`)
  fs.copyFileSync(inject('demoDb'), file)
  return { file, url: `file:${file}` }
}

/** A client on a fresh copy of the demo database; call `closeDbs` in `afterAll`. */
export async function freshDemoDb(): Promise<TestDb> {
  process.env.DATABASE_URL ??= `file:${path.join(inject('testDbDir'), 'default.db')}`
  const { createDb, applySqlitePragmas } = await import('~/utils/db.server')
  const { file, url } = freshDemoDbFile()
  const db = createDb(url)
  await applySqlitePragmas(db)
  opened.push(db)
  return { db, file, url }
}

/**
 * A client on a fresh, migrated, empty database with the app's SQLite pragmas applied.
 * db.server.ts is imported lazily so that DATABASE_URL (set by the global setup) is in place
 * before its module-level client is created. Call `closeDbs` in `afterAll`.
 */
export async function freshDb(): Promise<TestDb> {
  process.env.DATABASE_URL ??= `file:${path.join(inject('testDbDir'), 'default.db')}`
  const { createDb, applySqlitePragmas } = await import('~/utils/db.server')
  const { file, url } = freshDbFile()
  const db = createDb(url)
  await applySqlitePragmas(db)
  opened.push(db)
  return { db, file, url }
}

/** Disconnects every client `freshDb` opened in this test file. */
export async function closeDbs(): Promise<void> {
  const all = opened.splice(0)
  await Promise.all(all.map((db) => db.$disconnect()))
}

let userCounter = 0

/**
 * A user row written directly (no argon2 hashing, no audit event): for tests that need
 * people but are not about accounts. The password hash is not a valid hash.
 */
export async function insertUser(db: Db, fields: { email?: string; name?: string; isAdmin?: boolean } = {}) {
  userCounter++
  return db.user.create({
    data: {
      email: fields.email ?? `user${userCounter}-${crypto.randomUUID().slice(0, 8)}@example.test`,
      name: fields.name ?? `User ${userCounter}`,
      passwordHash: 'not-a-hash',
      isAdmin: fields.isAdmin ?? false,
    },
    select: { id: true, email: true, name: true },
  })
}

/** A valid project form, with overrides. */
export function projectInput(overrides: Partial<{ name: string; clientOrganisation: string; description: string; documentLanguage: 'en' | 'ru'; currency: string }> = {}) {
  return {
    name: 'Help desk for Northwind',
    clientOrganisation: 'Northwind Ltd',
    description: '',
    documentLanguage: 'en' as const,
    currency: 'EUR',
    ...overrides,
  }
}

/**
 * Runs `fn` with the named SQLite triggers dropped, then puts them back exactly as the
 * migrations wrote them (their SQL is read from sqlite_master): for tests of what the app does
 * when someone writes behind the triggers' back.
 */
export async function withoutTriggers<T>(db: Db, names: string[], fn: () => Promise<T>): Promise<T> {
  const triggers = await db.$queryRawUnsafe<{ name: string; sql: string }[]>(`SELECT "name", "sql" FROM sqlite_master WHERE "type" = 'trigger' AND "name" IN (${names.map(() => '?').join(', ')})`, ...names)
  if (triggers.length !== names.length) throw new Error(`No such trigger: ${names.filter((n) => !triggers.some((t) => t.name === n)).join(', ')}`)
  for (const t of triggers) await db.$executeRawUnsafe(`DROP TRIGGER "${t.name}"`)
  try {
    return await fn()
  } finally {
    for (const t of triggers) await db.$executeRawUnsafe(t.sql)
  }
}
