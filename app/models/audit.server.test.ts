import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import type { Db } from '~/utils/db.server'
import { closeDbs, freshDb, insertUser } from '../../tests/setup/test-db'
import { auditEventHash, GENESIS_HASH, listProjectAudit, recordAudit, verifyAuditChain } from './audit.server'

afterAll(closeDbs)

let db: Db
let actorId: string
let projectA: string
let projectB: string

async function insertProject(slug: string) {
  return (await db.project.create({ data: { slug, name: slug, clientOrganisation: 'Org' }, select: { id: true } })).id
}

function record(projectId: string | null, action: string, extra: { before?: unknown; after?: unknown } = {}) {
  return recordAudit(db, { actorId, projectId, action, entityType: 'thing', entityId: `${action}-id`, ...extra })
}

/** The fields an event's hash covers: everything stored except its own seq and hash. */
function chained<R extends { seq: number; hash: string }>(row: R): Omit<R, 'seq' | 'hash'> {
  const { seq: _seq, hash: _hash, ...fields } = row
  return fields
}

async function chainRows(projectId: string | null) {
  return db.auditEvent.findMany({ where: { chain: projectId ?? 'instance' }, orderBy: { seq: 'asc' } })
}

beforeEach(async () => {
  ;({ db } = await freshDb())
  actorId = (await insertUser(db)).id
  projectA = await insertProject('alpha')
  projectB = await insertProject('beta')
})

describe('recordAudit', () => {
  test('chains events: genesis of 64 zeros, then each prevHash is the previous hash', async () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64))
    await record(projectA, 'a.one', { after: { x: 1 } })
    await record(projectA, 'a.two', { before: { x: 1 }, after: { x: 2 } })
    await record(projectA, 'a.three')

    const rows = await chainRows(projectA)
    expect(rows.map((r) => r.action)).toEqual(['a.one', 'a.two', 'a.three'])
    expect(rows[0]!.prevHash).toBe('0'.repeat(64))
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash)
    expect(rows[2]!.prevHash).toBe(rows[1]!.hash)
    for (const r of rows) {
      expect(r.hash).toMatch(/^[0-9a-f]{64}$/)
      expect(r.chain).toBe(projectA)
      expect(r.projectId).toBe(projectA)
      expect(r.actorId).toBe(actorId)
      // The stored hash is the hash of the stored fields.
      expect(auditEventHash(chained(r))).toBe(r.hash)
    }
    expect(new Set(rows.map((r) => r.hash)).size).toBe(3)
  })

  test('stores the before/after summary as canonical JSON (key order does not matter)', async () => {
    await record(projectA, 'one', { before: { b: 2, a: 1 }, after: { z: { y: 1, x: [2, 1] } } })
    await record(projectA, 'two')
    const [first, second] = await chainRows(projectA)
    expect(first!.summary).toBe('{"after":{"z":{"x":[2,1],"y":1}},"before":{"a":1,"b":2}}')
    expect(second!.summary).toBe('{"after":null,"before":null}')
  })

  test('each project has its own chain, and the instance has another', async () => {
    await record(projectA, 'a1')
    await record(projectB, 'b1')
    await record(null, 'i1')
    await record(projectA, 'a2')
    await record(projectB, 'b2')
    await record(null, 'i2')

    const a = await chainRows(projectA)
    const b = await chainRows(projectB)
    const inst = await chainRows(null)
    expect(a.map((r) => r.action)).toEqual(['a1', 'a2'])
    expect(b.map((r) => r.action)).toEqual(['b1', 'b2'])
    expect(inst.map((r) => r.action)).toEqual(['i1', 'i2'])
    for (const chain of [a, b, inst]) {
      expect(chain[0]!.prevHash).toBe(GENESIS_HASH)
      expect(chain[1]!.prevHash).toBe(chain[0]!.hash)
    }
    expect(inst[0]!.projectId).toBeNull()

    for (const p of [projectA, projectB, null]) expect(await verifyAuditChain(db, p)).toEqual({ ok: true, events: 2 })
  })

  test('a second event claiming the same predecessor in the same chain is refused (no forks)', async () => {
    await record(projectA, 'first')
    await record(projectA, 'second')
    const [first, second] = await chainRows(projectA)
    const fork = {
      chain: projectA,
      projectId: projectA,
      actorId,
      action: 'forged',
      entityType: 'thing',
      entityId: 'x',
      summary: '{"after":null,"before":null}',
      createdAt: new Date(),
      prevHash: first!.hash, // already claimed by `second`
    }
    await expect(db.auditEvent.create({ data: { ...fork, hash: auditEventHash(fork) } })).rejects.toThrow(/Unique constraint/i)
    // The same predecessor in ANOTHER chain is fine (and the genesis hash is shared by all chains).
    expect(second!.prevHash).toBe(first!.hash)
    await record(projectB, 'b-first')
    expect((await chainRows(projectB))[0]!.prevHash).toBe(GENESIS_HASH)
    expect(await db.auditEvent.count({ where: { chain: projectA } })).toBe(2)
    expect(await verifyAuditChain(db, projectA)).toEqual({ ok: true, events: 2 })
  })
})

describe('verifyAuditChain', () => {
  beforeEach(async () => {
    for (const action of ['e1', 'e2', 'e3', 'e4']) await record(projectA, action, { after: { action } })
    await record(projectB, 'other')
  })

  test('an intact chain is ok, with its event count; an empty chain is ok with 0', async () => {
    expect(await verifyAuditChain(db, projectA)).toEqual({ ok: true, events: 4 })
    expect(await verifyAuditChain(db, projectB)).toEqual({ ok: true, events: 1 })
    const empty = await insertProject('empty')
    expect(await verifyAuditChain(db, empty)).toEqual({ ok: true, events: 0 })
  })

  test('a changed summary is a hash mismatch at that event', async () => {
    const rows = await chainRows(projectA)
    const target = rows[2]!
    const changed = await db.$executeRawUnsafe('UPDATE AuditEvent SET summary = ? WHERE seq = ?', '{"after":{"role":"lead"},"before":null}', target.seq)
    expect(changed).toBe(1)
    expect(await verifyAuditChain(db, projectA)).toEqual({ ok: false, events: 2, brokenAtSeq: target.seq, reason: 'hash-mismatch' })
    // The other chain is not affected.
    expect(await verifyAuditChain(db, projectB)).toEqual({ ok: true, events: 1 })
  })

  test('a changed action, entity or timestamp is a hash mismatch too', async () => {
    const rows = await chainRows(projectA)
    await db.$executeRawUnsafe('UPDATE AuditEvent SET action = ? WHERE seq = ?', 'harmless', rows[3]!.seq)
    expect(await verifyAuditChain(db, projectA)).toMatchObject({ ok: false, brokenAtSeq: rows[3]!.seq, reason: 'hash-mismatch' })
    await db.$executeRawUnsafe('UPDATE AuditEvent SET action = ? WHERE seq = ?', rows[3]!.action, rows[3]!.seq)
    expect(await verifyAuditChain(db, projectA)).toEqual({ ok: true, events: 4 })

    await db.$executeRawUnsafe('UPDATE AuditEvent SET entityId = ? WHERE seq = ?', 'someone-else', rows[1]!.seq)
    expect(await verifyAuditChain(db, projectA)).toMatchObject({ ok: false, brokenAtSeq: rows[1]!.seq, reason: 'hash-mismatch' })
    await db.$executeRawUnsafe('UPDATE AuditEvent SET entityId = ? WHERE seq = ?', rows[1]!.entityId, rows[1]!.seq)

    await db.auditEvent.update({ where: { seq: rows[0]!.seq }, data: { createdAt: new Date(rows[0]!.createdAt.getTime() - 86_400_000) } })
    expect(await verifyAuditChain(db, projectA)).toMatchObject({ ok: false, brokenAtSeq: rows[0]!.seq, reason: 'hash-mismatch' })
  })

  test('a changed prevHash is a link mismatch at that event', async () => {
    const rows = await chainRows(projectA)
    const target = rows[1]!
    await db.$executeRawUnsafe('UPDATE AuditEvent SET prevHash = ? WHERE seq = ?', 'f'.repeat(64), target.seq)
    expect(await verifyAuditChain(db, projectA)).toEqual({ ok: false, events: 1, brokenAtSeq: target.seq, reason: 'link-mismatch' })
  })

  test('an event rewritten with a recomputed hash is caught at the next event', async () => {
    const rows = await chainRows(projectA)
    const victim = rows[1]!
    const forged = { ...chained(victim), summary: '{"after":{"forged":true},"before":null}' }
    const forgedHash = auditEventHash(forged)
    await db.$executeRawUnsafe('UPDATE AuditEvent SET summary = ?, hash = ? WHERE seq = ?', forged.summary, forgedHash, victim.seq)
    expect(await verifyAuditChain(db, projectA)).toEqual({ ok: false, events: 2, brokenAtSeq: rows[2]!.seq, reason: 'link-mismatch' })
  })

  test('a deleted event is caught at the event after it', async () => {
    const rows = await chainRows(projectA)
    await db.$executeRawUnsafe('DELETE FROM AuditEvent WHERE seq = ?', rows[1]!.seq)
    expect(await verifyAuditChain(db, projectA)).toEqual({ ok: false, events: 1, brokenAtSeq: rows[2]!.seq, reason: 'link-mismatch' })
  })

  test('verifies chains longer than one read batch (1000 events)', async () => {
    const project = await insertProject('long')
    await db.$transaction(async (tx) => {
      for (let i = 0; i < 1005; i++) await recordAudit(tx, { actorId, projectId: project, action: `n${i}`, entityType: 't', entityId: String(i) })
    })
    expect(await verifyAuditChain(db, project)).toEqual({ ok: true, events: 1005 })
    const last = await db.auditEvent.findFirstOrThrow({ where: { chain: project }, orderBy: { seq: 'desc' } })
    await db.$executeRawUnsafe('UPDATE AuditEvent SET summary = ? WHERE seq = ?', '{}', last.seq)
    expect(await verifyAuditChain(db, project)).toEqual({ ok: false, events: 1004, brokenAtSeq: last.seq, reason: 'hash-mismatch' })
  }, 30_000)
})

describe('listProjectAudit', () => {
  test('newest first, paged, summary parsed, actor named, only this project', async () => {
    for (let i = 1; i <= 5; i++) await record(projectA, `a${i}`, { after: { i } })
    await record(projectB, 'b1')
    await record(null, 'instance')

    const page1 = await listProjectAudit(db, projectA, { page: 1, pageSize: 2 })
    expect(page1.total).toBe(5)
    expect(page1.entries.map((e) => e.action)).toEqual(['a5', 'a4'])
    expect(page1.entries[0]!.summary).toEqual({ before: null, after: { i: 5 } })
    expect(page1.entries[0]!.actor).toMatchObject({ name: expect.any(String), email: expect.stringContaining('@') })

    const page3 = await listProjectAudit(db, projectA, { page: 3, pageSize: 2 })
    expect(page3.entries.map((e) => e.action)).toEqual(['a1'])
  })
})
