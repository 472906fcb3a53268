import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '~/utils/db.server'
import { closeDbs, freshDemoDb } from '../../tests/setup/test-db'
import { readOfficialFile, storeOfficialFile } from './spec-file.server'
import { sha256Hex } from './spec-version.server'

let db: Db
let versionId: string

beforeAll(async () => {
  ;({ db } = await freshDemoDb())
  // A signed demo version without its official copies yet.
  const v = await db.specVersion.findFirstOrThrow({ where: { status: 'signed' }, select: { id: true } })
  await db.specFile.deleteMany({ where: { versionId: v.id } })
  versionId = v.id
}, 120_000)
afterAll(closeDbs)

describe('official copies (SpecFile)', () => {
  it('are stored once: the first copy kept is what every later store and read returns', async () => {
    expect(readOfficialFile(db, versionId, 'pdf')).toBeNull()
    const first = Buffer.from('%PDF-1.7 first copy')
    expect(storeOfficialFile(db, versionId, 'pdf', first).equals(first)).toBe(true)
    const second = storeOfficialFile(db, versionId, 'pdf', Buffer.from('%PDF-1.7 another rendering'))
    expect(second.equals(first)).toBe(true)
    expect(readOfficialFile(db, versionId, 'pdf')?.equals(first)).toBe(true)
    expect(readOfficialFile(db, versionId, 'docx')).toBeNull()
  })

  it('rows written outside Prisma read back through Prisma: hash, bytes and the creation time', async () => {
    const before = Date.now()
    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0x10])
    storeOfficialFile(db, versionId, 'docx', bytes)
    const row = await db.specFile.findUniqueOrThrow({ where: { versionId_format: { versionId, format: 'docx' } } })
    expect(row.sha256).toBe(sha256Hex(bytes))
    expect(Buffer.from(row.content).equals(bytes)).toBe(true)
    expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000)
    expect(row.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000)
  })

  it('refuse a version that does not exist (foreign key) and a transaction client, writing nothing', async () => {
    expect(() => storeOfficialFile(db, 'no-such-version', 'pdf', Buffer.from('x'))).toThrow(/FOREIGN KEY/)
    await expect(db.$transaction(async (tx) => readOfficialFile(tx, versionId, 'pdf'))).rejects.toThrow(/not inside a transaction/)
    expect(await db.specFile.count({ where: { versionId: 'no-such-version' } })).toBe(0)
  })
})
