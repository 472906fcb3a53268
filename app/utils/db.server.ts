import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaClient } from '~/generated/prisma/client'
import { databaseFilePath, env } from './env.server'

export type Db = PrismaClient
/** A client or an interactive transaction: model functions accept either. */
export type Tx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>

const globalForDb = globalThis as unknown as { specwrightDb?: PrismaClient }

/** The database file of each client made here, for the few reads and writes that bypass Prisma. */
const databaseFiles = new WeakMap<object, string>()

export function createDb(url: string): PrismaClient {
  const file = databaseFilePath(url)
  const adapter = new PrismaBetterSqlite3({ url: file, timeout: 5000 })
  const client = new PrismaClient({ adapter })
  databaseFiles.set(client, file)
  return client
}

/** The SQLite file behind a client from createDb; undefined for a transaction's client. */
export function databaseFileOf(client: Tx): string | undefined {
  return databaseFiles.get(client)
}

/** WAL for concurrent readers, foreign keys enforced, and a busy timeout instead of SQLITE_BUSY. */
export async function applySqlitePragmas(db: PrismaClient) {
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL')
  await db.$executeRawUnsafe('PRAGMA foreign_keys = ON')
  await db.$queryRawUnsafe('PRAGMA busy_timeout = 5000')
  await db.$queryRawUnsafe('PRAGMA synchronous = NORMAL')
}

let ready: Promise<void> | undefined

/** The process-wide client (kept across dev-server reloads). */
export const db: PrismaClient = (globalForDb.specwrightDb ??= createDb(env().DATABASE_URL))

export function dbReady(): Promise<void> {
  ready ??= applySqlitePragmas(db)
  return ready
}
