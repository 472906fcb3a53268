import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportSpecification } from '~/document/export.server'
import type { Db } from '~/utils/db.server'
import { closeDbs, freshDemoDb, withoutTriggers } from '../../tests/setup/test-db'
import { verifyFile, verifyHash } from './spec-verify.server'

let db: Db
let project: { id: string; slug: string }
let signed: { number: number; contentHash: string; id: string }

beforeAll(async () => {
  ;({ db } = await freshDemoDb())
  project = await db.project.findUniqueOrThrow({ where: { slug: 'volga-crm' }, select: { id: true, slug: true } })
  signed = await db.specVersion.findFirstOrThrow({ where: { projectId: project.id, status: 'signed' }, orderBy: { number: 'desc' }, select: { number: true, contentHash: true, id: true } })
}, 120_000)
afterAll(closeDbs)

describe('verification', () => {
  it('a pasted hash of the signed demo version names the project, the version and both signatures', async () => {
    const outcome = await verifyHash(db, signed.contentHash.toUpperCase())
    expect(outcome).toMatchObject({ result: 'match', proof: 'hash', version: signed.number, status: 'signed' })
    if (outcome.result !== 'match') throw new Error('no match')
    expect(outcome.signatures.map((s) => s.party)).toEqual(['client', 'vendor'])
    expect(await verifyHash(db, 'a'.repeat(64))).toMatchObject({ result: 'no_match' })
    expect(await verifyHash(db, 'not a hash')).toMatchObject({ result: 'invalid' })
  })

  it('the sealed PDF and its DOCX match byte for byte; one flipped byte in the PDF reads as altered', async () => {
    const pdf = await exportSpecification(db, project, { kind: 'version', number: signed.number }, 'pdf')
    const again = await exportSpecification(db, project, { kind: 'version', number: signed.number }, 'pdf')
    expect(again.bytes.equals(pdf.bytes)).toBe(true)
    expect(await verifyFile(db, pdf.bytes)).toMatchObject({ result: 'match', proof: 'exact', version: signed.number })
    const docx = await exportSpecification(db, project, { kind: 'version', number: signed.number }, 'docx')
    expect(await verifyFile(db, docx.bytes)).toMatchObject({ result: 'match', proof: 'exact', version: signed.number })

    const tampered = Buffer.from(pdf.bytes)
    const at = Math.floor(tampered.length / 3)
    tampered[at] = tampered[at]! ^ 0x01
    expect(await verifyFile(db, tampered)).toMatchObject({ result: 'altered', reason: 'seal_invalid' })
  }, 60_000)

  it('a Markdown export names its version by hash; a file that is no Specwright document is refused', async () => {
    const md = await exportSpecification(db, project, { kind: 'version', number: signed.number }, 'md')
    expect(await verifyFile(db, md.bytes)).toMatchObject({ result: 'match', proof: 'named', version: signed.number })
    expect(await verifyFile(db, Buffer.from('hello, this is just text'))).toMatchObject({ result: 'invalid' })
    expect(await verifyFile(db, Buffer.from('%PDF-1.7\n%garbage'))).toMatchObject({ result: 'no_match' })
  })

  it('a version whose stored snapshot was edited in the database is reported as altered', async () => {
    // Left altered: this is the file's last test.
    await withoutTriggers(db, ['SpecVersion_signed_frozen', 'SpecVersion_content_immutable'], async () => {
      const stored = await db.specVersion.findUniqueOrThrow({ where: { id: signed.id }, select: { document: true } })
      await db.$executeRawUnsafe(`UPDATE "SpecVersion" SET "document" = ? WHERE "id" = ?`, stored.document.replace('"schema":1', '"schema":1 '), signed.id)
    })
    expect(await verifyHash(db, signed.contentHash)).toMatchObject({ result: 'altered', reason: 'snapshot_tampered', version: signed.number })
  })
})
