import crypto from 'node:crypto'
import Database from 'better-sqlite3'
import { databaseFileOf, type Tx } from '~/utils/db.server'
import { sha256Hex } from './spec-version.server'

/**
 * The kept official copies of a signed version (SpecFile): its DOCX and its sealed PDF, made
 * once and then served as stored, so every download is the same bytes. For a large
 * specification each is about 4 MB.
 *
 * Their bytes go through a better-sqlite3 connection of their own instead of Prisma. Prisma's
 * engine carries a Bytes value as base64 text and copies it on the way. Storing one 4 MB file
 * grew the process by about 50 MB; through a prepared statement it grows by the file's size,
 * and the 2 MB page cache of this connection. The rows stay in the database, so a backup still
 * holds them, and metadata reads (verification looks a copy up by its sha256) stay with Prisma.
 */

export type OfficialFormat = 'docx' | 'pdf'

type Statements = {
  read: Database.Statement<[string, string], { content: Buffer }>
  insert: Database.Statement<[string, string, string, string, Buffer, string]>
}

const connections = new WeakMap<object, Statements>()

function statements(db: Tx): Statements {
  const known = connections.get(db)
  if (known) return known
  const file = databaseFileOf(db)
  if (!file) throw new Error('Official copies are read and written with the process client (createDb), not inside a transaction.')
  const sqlite = new Database(file, { timeout: 5000 })
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('cache_size = -2000')
  const made: Statements = {
    read: sqlite.prepare('SELECT content FROM SpecFile WHERE versionId = ? AND format = ?'),
    // The first copy stored wins: two first downloads at once both get the same bytes.
    insert: sqlite.prepare('INSERT INTO SpecFile (id, versionId, format, sha256, content, createdAt) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (versionId, format) DO NOTHING'),
  }
  connections.set(db, made)
  return made
}

/** The stored official copy, or null when it has not been made yet. */
export function readOfficialFile(db: Tx, versionId: string, format: OfficialFormat): Buffer | null {
  return statements(db).read.get(versionId, format)?.content ?? null
}

/** Keeps `bytes` as the official copy unless one is there already; returns the copy kept. */
export function storeOfficialFile(db: Tx, versionId: string, format: OfficialFormat, bytes: Buffer): Buffer {
  const s = statements(db)
  // DateTime as the driver adapter writes it (ISO 8601 with an explicit offset).
  const createdAt = new Date().toISOString().replace('Z', '+00:00')
  const { changes } = s.insert.run(crypto.randomUUID(), versionId, format, sha256Hex(bytes), bytes, createdAt)
  if (changes === 1) return bytes
  const kept = s.read.get(versionId, format)
  if (!kept) throw new Error(`The official ${format.toUpperCase()} of version ${versionId} was neither stored nor found.`)
  return kept.content
}
