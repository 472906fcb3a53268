import { specFixture } from '../../tests/setup/spec-fixtures'
import { execFileSync, spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { readPdfStamp, renderPdf } from './render-pdf.server'
import { sealPdf, selfSignedCertificate, verifySealedPdf } from './seal.server'

const installed = (cmd: string, arg = '-v') => !spawnSync(cmd, [arg]).error
const pdfsig = installed('pdfsig')
const pdfdetach = installed('pdfdetach')
const openssl = installed('openssl', 'version')

const HASH = 'c0ffee'.padEnd(64, '0')
const DOCX = { name: 'northwind-specification-v2.docx', data: Buffer.from('PK\u0003\u0004 docx bytes'), mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }

let dir: string
let dataDir: string
let rendered: Buffer
let sealed: Buffer

/** Runs a poppler tool on bytes; returns stdout + stderr (pdfsig reports a bad digest with exit code 1+). */
function tool(cmd: string, args: string[], bytes: Buffer): string {
  const file = path.join(dir, `${cmd}-${crypto.randomUUID()}.pdf`)
  fs.writeFileSync(file, bytes)
  const r = spawnSync(cmd, [...args, file], { encoding: 'utf8' })
  return `${r.stdout}${r.stderr}`
}

function flip(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes)
  copy[at] = copy[at]! ^ 0x01
  return copy
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seal-'))
  dataDir = path.join(dir, 'data')
  const doc = specFixture('northwind-short')
  rendered = await renderPdf(doc, { status: 'signed', versionNumber: 2, versionId: 'ver_seal', contentHash: HASH }, { attachments: [DOCX] })
  sealed = await sealPdf(rendered, { dataDir, reason: 'Specification version 2' })
})

afterEach(() => vi.unstubAllEnvs())
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('sealPdf', () => {
  test('appends a signature after the rendered bytes, which stay unchanged', () => {
    expect(sealed.length).toBeGreaterThan(rendered.length)
    expect(sealed.subarray(0, rendered.length).equals(rendered)).toBe(true)
    expect(sealed.toString('latin1')).toContain('/ETSI.CAdES.detached')
  })

  test('makes a self-signed seal on first use, private files beside the data, and reuses it', async () => {
    const sealDir = path.join(dataDir, 'seal')
    const files = fs.readdirSync(sealDir).sort()
    expect(files).toEqual(['seal-cert.pem', 'seal-key.pem', 'seal-password'])
    for (const f of files) expect(fs.statSync(path.join(sealDir, f)).mode & 0o777).toBe(0o600)
    expect(fs.readFileSync(path.join(sealDir, 'seal-key.pem'), 'utf8')).toContain('BEGIN ENCRYPTED PRIVATE KEY')
    const cert = new crypto.X509Certificate(fs.readFileSync(path.join(sealDir, 'seal-cert.pem')))
    expect(cert.subject).toContain('CN=Specwright document seal')
    const before = fs.readFileSync(path.join(sealDir, 'seal-cert.pem'), 'utf8')
    const again = await verifySealedPdf(await sealPdf(rendered, { dataDir }), { dataDir })
    expect(again.valid).toBe(true)
    expect(fs.readFileSync(path.join(sealDir, 'seal-cert.pem'), 'utf8')).toBe(before)
  })

  test('keeps the stamp and the attachment readable', async () => {
    await expect(readPdfStamp(sealed)).resolves.toEqual({ versionId: 'ver_seal', contentHash: HASH })
  })

  test.runIf(pdfdetach)('pdfdetach lists the embedded DOCX of the sealed file', () => {
    expect(tool('pdfdetach', ['-list'], sealed)).toContain(DOCX.name)
  })
})

describe('verifySealedPdf', () => {
  test('a freshly sealed file is valid, signed by the installation seal, with reason and time', async () => {
    const result = await verifySealedPdf(sealed, { dataDir })
    expect(result).toMatchObject({ signed: true, valid: true, intact: true, sealedHere: true, signer: 'Specwright document seal', reason: 'Specification version 2', problems: [] })
    expect(Math.abs(Date.parse(result.signedAt!) - Date.now())).toBeLessThan(5 * 60_000)
  })

  test('an unsigned PDF is reported as not signed', async () => {
    const result = await verifySealedPdf(rendered, { dataDir })
    expect(result.signed).toBe(false)
    expect(result.valid).toBe(false)
  })

  test('one flipped byte in the middle of the signed range makes it invalid', async () => {
    const result = await verifySealedPdf(flip(sealed, Math.floor(rendered.length / 2)), { dataDir })
    expect(result.signed).toBe(true)
    expect(result.valid).toBe(false)
    expect(result.problems.join(' ')).toMatch(/changed after signing/)
  })

  test('a flipped byte at the very start, at the end, or in the signature value’s padding makes it invalid', async () => {
    const gap = /\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)/.exec(sealed.toString('latin1'))!
    for (const at of [10, sealed.length - 10, Number(gap[2]) - 20]) {
      expect((await verifySealedPdf(flip(sealed, at), { dataDir })).valid, `byte ${at}`).toBe(false)
    }
  })

  test('no flipped byte inside the CMS signature value goes unnoticed (every 17th byte checked)', async () => {
    const gap = /\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)/.exec(sealed.toString('latin1'))!
    const start = Number(gap[1]) + 1
    const end = sealed.indexOf('00000000000000000000', start)
    expect(end - start).toBeGreaterThan(2000)
    const undetected: number[] = []
    for (let at = start; at < end; at += 17) {
      if ((await verifySealedPdf(flip(sealed, at), { dataDir })).valid) undetected.push(at - start)
    }
    expect(undetected).toEqual([])
  })

  test('bytes appended after sealing make it invalid', async () => {
    const result = await verifySealedPdf(Buffer.concat([sealed, Buffer.from('\n1 0 obj\n(extra)\nendobj\n')]), { dataDir })
    expect(result.valid).toBe(false)
    expect(result.problems.join(' ')).toMatch(/added to the file after it was sealed/)
  })

  test('an intact signature made with another certificate is not this installation’s seal', async () => {
    const otherData = path.join(dir, 'other')
    const foreign = await sealPdf(rendered, { dataDir: otherData })
    const result = await verifySealedPdf(foreign, { dataDir })
    expect(result).toMatchObject({ signed: true, intact: true, sealedHere: false, valid: false })
  })

  test.runIf(openssl)('seals with the operator’s PKCS#12 when SEAL_P12_PATH is set', async () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
    const certPem = new crypto.X509Certificate(selfSignedCertificate(privateKey, publicKey, { commonName: 'Operator seal', organisation: 'Volga' })).toString()
    fs.writeFileSync(path.join(dir, 'op.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }))
    fs.writeFileSync(path.join(dir, 'op.crt'), certPem)
    const p12 = path.join(dir, 'op.p12')
    execFileSync('openssl', ['pkcs12', '-export', '-inkey', path.join(dir, 'op.key'), '-in', path.join(dir, 'op.crt'), '-out', p12, '-passout', 'pass:s3cret'])
    vi.stubEnv('SEAL_P12_PATH', p12)
    vi.stubEnv('SEAL_P12_PASSWORD', 's3cret')
    const opData = path.join(dir, 'op-data')
    const result = await verifySealedPdf(await sealPdf(rendered, { dataDir: opData }), { dataDir: opData })
    expect(result).toMatchObject({ valid: true, sealedHere: true, signer: 'Operator seal' })
    expect(fs.existsSync(path.join(opData, 'seal'))).toBe(false)
  })

  test.runIf(pdfsig)('pdfsig agrees: valid when sealed, digest mismatch after one flipped byte', () => {
    const good = tool('pdfsig', [], sealed)
    expect(good).toContain('Signature is Valid')
    expect(good).toContain('ETSI.CAdES.detached')
    expect(good).toContain('Total document signed')
    const bad = tool('pdfsig', [], flip(sealed, Math.floor(rendered.length / 2)))
    expect(bad).not.toContain('Signature is Valid')
    expect(bad).toMatch(/Digest Mismatch/i)
  })
})
