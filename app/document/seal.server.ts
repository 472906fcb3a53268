/**
 * The installation's seal on an official PDF, and its check on an uploaded one.
 *
 * `sealPdf` adds a PAdES signature (SubFilter ETSI.CAdES.detached, SHA-256) with @libpdf/core
 * as an incremental update, so the rendered bytes stay as they were under the signature. The
 * key is the operator's PKCS#12 (`SEAL_P12_PATH` + `SEAL_P12_PASSWORD`) or, without one, a
 * self-signed certificate this module makes on first use and keeps in `<dataDir>/seal/`
 * (an encrypted PKCS#8 key, the certificate, and the key's random password, all mode 0600).
 * The certificate is built with pkijs/asn1js (already installed as @libpdf/core's
 * dependencies) and signed with Node's crypto.
 *
 * `verifySealedPdf` recomputes every signature's ByteRange digest, checks it against the CMS
 * messageDigest attribute, and verifies the signer's signature over the signed attributes with
 * the certificate's public key (Node crypto). A seal is `valid` only when every signature is
 * intact, the last one covers the whole file, and it was made with this installation's seal
 * certificate — anyone can sign a PDF with a certificate of their own.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import type { Signer } from '@libpdf/core'
import { databaseFilePath } from '~/utils/env.server'

export type SealOptions = { dataDir?: string; reason?: string; location?: string }

export type SealVerification = {
  /** The file carries at least one signature. */
  signed: boolean
  /** Every signature is intact, the last covers the whole file, and it is this installation's seal. */
  valid: boolean
  /** Every signature is cryptographically intact, whoever made it. */
  intact: boolean
  /** The (last) signature was made with this installation's seal certificate. */
  sealedHere: boolean
  signer?: string
  signedAt?: string
  reason?: string
  problems: string[]
}

const SEAL_DIR = 'seal'
const KEY_FILE = 'seal-key.pem'
const CERT_FILE = 'seal-cert.pem'
const PASSWORD_FILE = 'seal-password'
const SEAL_SUBJECT = { commonName: 'Specwright document seal', organisation: 'Specwright' }

// ── Where the seal lives ─────────────────────────────────────────────────────────────────

/** The data directory: the caller's, else the SQLite database's directory, else ./data. */
function resolveDataDir(dataDir: string | undefined): string {
  if (dataDir) return dataDir
  const url = process.env.DATABASE_URL
  return url?.startsWith('file:') ? path.dirname(databaseFilePath(url)) : path.resolve('data')
}

function operatorP12(): { path: string; password: string } | null {
  const p12 = process.env.SEAL_P12_PATH
  if (!p12) return null
  return { path: p12, password: process.env.SEAL_P12_PASSWORD ?? '' }
}

type StoredSeal = { keyPem: string; certDer: Buffer; password: string }

function readStoredSeal(dir: string): StoredSeal | null {
  try {
    const password = fs.readFileSync(path.join(dir, PASSWORD_FILE), 'utf8').trim()
    const keyPem = fs.readFileSync(path.join(dir, KEY_FILE), 'utf8')
    const certDer = new crypto.X509Certificate(fs.readFileSync(path.join(dir, CERT_FILE))).raw
    return { keyPem, certDer, password }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

/**
 * Makes the self-signed seal in a temporary directory and renames it into place, so two first
 * seals at once cannot leave half a key: the loser of the rename uses the winner's.
 */
function createStoredSeal(dataDir: string): StoredSeal {
  const target = path.join(dataDir, SEAL_DIR)
  fs.mkdirSync(dataDir, { recursive: true })
  const tmp = fs.mkdtempSync(path.join(dataDir, `${SEAL_DIR}-tmp-`))
  try {
    const password = crypto.randomBytes(32).toString('base64url')
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 3072 })
    const certDer = selfSignedCertificate(privateKey, publicKey)
    const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: password }).toString()
    const certPem = new crypto.X509Certificate(certDer).toString()
    fs.writeFileSync(path.join(tmp, PASSWORD_FILE), `${password}\n`, { mode: 0o600 })
    fs.writeFileSync(path.join(tmp, KEY_FILE), keyPem, { mode: 0o600 })
    fs.writeFileSync(path.join(tmp, CERT_FILE), certPem, { mode: 0o600 })
    fs.chmodSync(tmp, 0o700)
    try {
      fs.renameSync(tmp, target)
    } catch (error) {
      const existing = readStoredSeal(target)
      if (existing) return existing
      throw error
    }
    return { keyPem, certDer, password }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

/** O=…, CN=… as two RDNs (pkijs would put them in one multi-valued RDN, "O=… + CN=…"). */
function name(value: { commonName: string; organisation: string }): pkijs.RelativeDistinguishedNames {
  const rdn = (type: string, text: string) =>
    new asn1js.Set({ value: [new pkijs.AttributeTypeAndValue({ type, value: new asn1js.Utf8String({ value: text }) }).toSchema()] })
  const sequence = new asn1js.Sequence({ value: [rdn('2.5.4.10', value.organisation), rdn('2.5.4.3', value.commonName)] })
  return new pkijs.RelativeDistinguishedNames({ schema: asn1js.fromBER(sequence.toBER(false)).result })
}

/** An X.509 v3 certificate for document signing, valid ten years, signed by its own key (sha256WithRSA). */
export function selfSignedCertificate(privateKey: crypto.KeyObject, publicKey: crypto.KeyObject, subject = SEAL_SUBJECT): Buffer {
  const cert = new pkijs.Certificate()
  cert.version = 2
  const serial = crypto.randomBytes(16)
  serial[0] = serial[0]! & 0x7f
  cert.serialNumber = new asn1js.Integer({ valueHex: serial })
  cert.issuer = name(subject)
  cert.subject = name(subject)
  const now = Date.now()
  cert.notBefore.value = new Date(now - 24 * 3600 * 1000)
  cert.notAfter.value = new Date(now + 10 * 365 * 24 * 3600 * 1000)
  const spki = publicKey.export({ type: 'spki', format: 'der' })
  cert.subjectPublicKeyInfo = new pkijs.PublicKeyInfo({ schema: asn1js.fromBER(bufferOf(spki)).result })
  // keyUsage: digitalSignature + nonRepudiation (contentCommitment); not a CA.
  const keyUsage = new asn1js.BitString({ valueHex: new Uint8Array([0xc0]).buffer, unusedBits: 6 })
  cert.extensions = [
    new pkijs.Extension({ extnID: '2.5.29.19', critical: true, extnValue: new pkijs.BasicConstraints({ cA: false }).toSchema().toBER(false) }),
    new pkijs.Extension({ extnID: '2.5.29.15', critical: true, extnValue: keyUsage.toBER(false) }),
  ]
  const algorithm = new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.840.113549.1.1.11', algorithmParams: new asn1js.Null() })
  cert.signature = algorithm
  cert.signatureAlgorithm = algorithm
  const tbs = Buffer.from(cert.encodeTBS().toBER(false))
  cert.signatureValue = new asn1js.BitString({ valueHex: bufferOf(crypto.sign('sha256', tbs, privateKey)) })
  return Buffer.from(cert.toSchema(true).toBER(false))
}

function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
}

const signers = new Map<string, Promise<Signer>>()

async function sealSigner(dataDir: string | undefined): Promise<Signer> {
  const operator = operatorP12()
  const dir = resolveDataDir(dataDir)
  const key = operator ? `p12:${operator.path}` : `dir:${path.join(dir, SEAL_DIR)}`
  let signer = signers.get(key)
  if (!signer) {
    signer = loadSigner(operator, dir)
    signers.set(key, signer)
    signer.catch(() => signers.delete(key))
  }
  return signer
}

async function loadSigner(operator: { path: string; password: string } | null, dataDir: string): Promise<Signer> {
  const { P12Signer, CryptoKeySigner } = await import('@libpdf/core')
  if (operator) {
    const bytes = fs.readFileSync(operator.path)
    return P12Signer.create(new Uint8Array(bytes), operator.password)
  }
  const dir = path.join(dataDir, SEAL_DIR)
  const stored = readStoredSeal(dir) ?? createStoredSeal(dataDir)
  const pkcs8 = crypto.createPrivateKey({ key: stored.keyPem, passphrase: stored.password }).export({ type: 'pkcs8', format: 'der' })
  const cryptoKey = await crypto.webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign'])
  return new CryptoKeySigner(cryptoKey, new Uint8Array(stored.certDer), 'RSA', 'RSASSA-PKCS1-v1_5')
}

/** The certificates this installation seals with (the operator's and/or the generated one), as SHA-256 fingerprints. */
async function ownCertificateFingerprints(dataDir: string | undefined): Promise<Set<string>> {
  const out = new Set<string>()
  const stored = readStoredSeal(path.join(resolveDataDir(dataDir), SEAL_DIR))
  if (stored) out.add(fingerprint(stored.certDer))
  if (operatorP12()) {
    const signer = await sealSigner(dataDir).catch(() => null)
    if (signer) out.add(fingerprint(Buffer.from(signer.certificate)))
  }
  return out
}

const fingerprint = (der: Buffer) => crypto.createHash('sha256').update(der).digest('hex')

// ── Sealing ──────────────────────────────────────────────────────────────────────────────

export async function sealPdf(pdf: Buffer, opts: SealOptions = {}): Promise<Buffer> {
  const signer = await sealSigner(opts.dataDir)
  const { PDF } = await import('@libpdf/core')
  const doc = await PDF.load(new Uint8Array(pdf))
  // CAdES signatures belong to PDF 1.7 (ETSI extension) and later; the catalog's /Version says so.
  if (Number(doc.version) < 1.7) doc.upgradeVersion('1.7')
  const result = await doc.sign({
    signer,
    subFilter: 'ETSI.CAdES.detached',
    digestAlgorithm: 'SHA-256',
    reason: opts.reason ?? 'Specwright: official copy of a specification version',
    location: opts.location,
  })
  return Buffer.from(result.bytes)
}

// ── Verifying ────────────────────────────────────────────────────────────────────────────

type FoundSignature = { byteRange: [number, number, number, number]; contents: Buffer; dict: string }

/** Every signature dictionary's ByteRange, the CMS in its Contents gap, and the dictionary's text. */
function findSignatures(pdf: Buffer): FoundSignature[] {
  const source = pdf.toString('latin1')
  const out: FoundSignature[] = []
  for (const m of source.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)) {
    const byteRange = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number]
    const [, len1, start2] = byteRange
    const gap = source.slice(len1, start2)
    const hex = /^<([0-9a-fA-F\s]*)>$/.exec(gap)?.[1] ?? ''
    const objStart = source.lastIndexOf(' obj', m.index)
    const objEnd = source.indexOf('endobj', m.index)
    const dict = source.slice(objStart < 0 ? m.index : objStart, objEnd < 0 ? m.index + m[0].length : objEnd)
    out.push({ byteRange, contents: Buffer.from(hex.replace(/\s+/g, ''), 'hex'), dict: dict.replace(/<[0-9a-fA-F\s]{200,}>/, '<…>') })
  }
  return out
}

/** A PDF string value of `key` in a dictionary's text: a literal (with escapes) or hex (UTF-16 with a BOM, or bytes). */
function pdfString(dict: string, key: string): string | undefined {
  const literal = new RegExp(`/${key}\\s*\\(((?:\\\\.|[^\\\\)])*)\\)`, 's').exec(dict)
  const hex = new RegExp(`/${key}\\s*<([0-9a-fA-F\\s]*)>`).exec(dict)
  let bytes: Buffer
  if (literal) {
    const unescaped = literal[1]!.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_m, e: string) => {
      const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '(': '(', ')': ')', '\\': '\\' }
      return map[e] ?? String.fromCharCode(parseInt(e, 8))
    })
    bytes = Buffer.from(unescaped, 'latin1')
  } else if (hex) bytes = Buffer.from(hex[1]!.replace(/\s+/g, ''), 'hex')
  else return undefined
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le')
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8')
  return bytes.toString('latin1')
}

const DIGESTS: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.3.14.3.2.26': 'sha1',
}
/** Signature algorithms, with the digest each implies (rsaEncryption and RSASSA-PSS name none here). */
const SIGNATURE_ALGORITHMS = new Map<string, string | null>([
  ['1.2.840.113549.1.1.1', null],
  ['1.2.840.113549.1.1.10', null],
  ['1.2.840.113549.1.1.11', 'sha256'],
  ['1.2.840.113549.1.1.12', 'sha384'],
  ['1.2.840.113549.1.1.13', 'sha512'],
  ['1.2.840.10045.4.3.2', 'sha256'],
  ['1.2.840.10045.4.3.3', 'sha384'],
  ['1.2.840.10045.4.3.4', 'sha512'],
])
const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4'
const OID_SIGNING_TIME = '1.2.840.113549.1.9.5'
const OID_SIGNED_DATA = '1.2.840.113549.1.7.2'
const OID_DATA = '1.2.840.113549.1.7.1'

type CheckedSignature = { intact: boolean; problems: string[]; certificate?: crypto.X509Certificate; signingTime?: Date }

function commonName(cert: crypto.X509Certificate): string {
  return /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1] ?? cert.subject
}

/** Checks one signature: the ByteRange's shape, its digest against messageDigest, and the signer's signature. */
function checkSignature(pdf: Buffer, sig: FoundSignature): CheckedSignature {
  const problems: string[] = []
  const [start1, len1, start2, len2] = sig.byteRange
  if (start1 !== 0 || start2 <= len1 || start2 + len2 > pdf.length || sig.contents.length === 0) {
    return { intact: false, problems: ['The signature’s byte range does not match the file (its structure was changed).'] }
  }
  let signed: pkijs.SignedData
  try {
    const asn1 = asn1js.fromBER(bufferOf(sig.contents))
    if (asn1.offset === -1) throw new Error('not DER')
    // The reserved space after the CMS is zero padding; anything else there was written later.
    if (sig.contents.subarray(asn1.offset).some((b) => b !== 0)) throw new Error('data after the CMS')
    const info = new pkijs.ContentInfo({ schema: asn1.result })
    if (info.contentType !== OID_SIGNED_DATA) throw new Error('not SignedData')
    signed = new pkijs.SignedData({ schema: info.content })
    // DER has one encoding: a structure that parses but does not re-encode to the same bytes was altered.
    const der = Buffer.from(new pkijs.ContentInfo({ contentType: info.contentType, content: signed.toSchema(true) }).toSchema().toBER(false))
    if (!der.equals(sig.contents.subarray(0, asn1.offset))) throw new Error('not canonical DER')
  } catch {
    return { intact: false, problems: ['The signature value is damaged: it is not a readable CMS signature.'] }
  }
  const signerInfo = signed.signerInfos[0]
  const attrs = signerInfo?.signedAttrs
  if (!signerInfo || !attrs) return { intact: false, problems: ['The signature has no signed attributes.'] }
  const digestName = DIGESTS[signerInfo.digestAlgorithm.algorithmId]
  if (!digestName) return { intact: false, problems: [`Unsupported digest algorithm ${signerInfo.digestAlgorithm.algorithmId}.`] }
  // A detached signature over data, whose digest algorithm is among those the SignedData declares.
  const wellFormed =
    signed.encapContentInfo.eContentType === OID_DATA &&
    !signed.encapContentInfo.eContent &&
    signed.digestAlgorithms.some((a) => a.algorithmId === signerInfo.digestAlgorithm.algorithmId) &&
    [1, 3].includes(signed.version) &&
    [1, 3].includes(signerInfo.version)
  if (!wellFormed) return { intact: false, problems: ['The signature value is damaged: it is not a detached CMS signature.'] }

  const certificate = signerCertificate(signed, signerInfo)
  if (!certificate) return { intact: false, problems: ['The signer’s certificate is not in the signature.'] }

  const digest = crypto.createHash(digestName).update(pdf.subarray(start1, start1 + len1)).update(pdf.subarray(start2, start2 + len2)).digest()
  const attribute = (oid: string) => attrs.attributes.find((a) => a.type === oid)?.values[0]
  const messageDigest = attribute(OID_MESSAGE_DIGEST)
  const expected = messageDigest instanceof asn1js.OctetString ? Buffer.from(messageDigest.valueBlock.valueHexView) : null
  if (!expected || !expected.equals(digest)) problems.push('The signed bytes were changed after signing: their digest differs from the one the signature covers.')

  // The signature is over the DER of the signed attributes as a SET (tag 0x31), not as the [0] field.
  const signedAttrs = Buffer.from(attrs.encodedValue)
  signedAttrs[0] = 0x31
  const signature = Buffer.from(signerInfo.signature.valueBlock.valueHexView)
  const algorithm = signerInfo.signatureAlgorithm.algorithmId
  const impliedDigest = SIGNATURE_ALGORITHMS.get(algorithm)
  if (impliedDigest === undefined || (impliedDigest !== null && impliedDigest !== digestName)) {
    return { intact: false, problems: [`Unsupported signature algorithm ${algorithm} with digest ${digestName}.`] }
  }
  const padding =
    algorithm === '1.2.840.113549.1.1.10' ? { padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_AUTO } : {}
  let verified: boolean
  try {
    verified = crypto.verify(digestName, signedAttrs, { key: certificate.publicKey, ...padding }, signature)
  } catch {
    verified = false
  }
  if (!verified) problems.push('The signature does not verify with the signer’s certificate.')
  const time = attribute(OID_SIGNING_TIME)
  const signingTime = time instanceof asn1js.UTCTime || time instanceof asn1js.GeneralizedTime ? time.toDate() : undefined
  return { intact: problems.length === 0, problems, certificate, signingTime }
}

function signerCertificate(signed: pkijs.SignedData, signerInfo: pkijs.SignerInfo): crypto.X509Certificate | null {
  const certificates = (signed.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate)
  const sid = signerInfo.sid
  const match =
    sid instanceof pkijs.IssuerAndSerialNumber
      ? certificates.find((c) => c.serialNumber.isEqual(sid.serialNumber) && c.issuer.isEqual(sid.issuer))
      : certificates[0]
  if (!match) return null
  try {
    return new crypto.X509Certificate(Buffer.from(match.toSchema(true).toBER(false)))
  } catch {
    return null // a certificate that does not parse is as good as none
  }
}

/**
 * Checks the PAdES seal(s) of a PDF. A flipped byte anywhere under a signature, a changed
 * signature value, bytes appended after the last signature, or a signature made with another
 * certificate all make `valid` false, with the reason in `problems`.
 */
export async function verifySealedPdf(pdf: Buffer, opts: { dataDir?: string } = {}): Promise<SealVerification> {
  const found = findSignatures(pdf)
  if (found.length === 0) return { signed: false, valid: false, intact: false, sealedHere: false, problems: ['The file carries no signature.'] }
  const problems: string[] = []
  const checked = found.map((sig): CheckedSignature => {
    try {
      return checkSignature(pdf, sig)
    } catch {
      return { intact: false, problems: ['The signature value is damaged: it could not be checked.'] }
    }
  })
  checked.forEach((c, i) => problems.push(...c.problems.map((p) => (found.length > 1 ? `Signature ${i + 1}: ${p}` : p))))
  const lastSig = found[found.length - 1]!
  const last = checked[checked.length - 1]!
  const [, , start2, len2] = lastSig.byteRange
  // An incremental update may end with a newline after %%EOF; anything more was added after sealing.
  const tail = pdf.subarray(start2 + len2).toString('latin1')
  if (start2 + len2 <= pdf.length && tail.trim() !== '') problems.push('Content was added to the file after it was sealed.')
  const intact = checked.every((c) => c.intact) && tail.trim() === ''
  const own = await ownCertificateFingerprints(opts.dataDir)
  const sealedHere = !!last.certificate && own.has(fingerprint(last.certificate.raw))
  if (last.certificate && !sealedHere) problems.push('The signature was not made with this installation’s seal certificate.')
  return {
    signed: true,
    valid: intact && sealedHere,
    intact,
    sealedHere,
    signer: last.certificate ? commonName(last.certificate) : undefined,
    signedAt: (last.signingTime ?? pdfDate(pdfString(lastSig.dict, 'M')))?.toISOString(),
    reason: pdfString(lastSig.dict, 'Reason'),
    problems,
  }
}

/** A PDF date string (D:YYYYMMDDHHmmSS+HH'mm') as a Date. */
function pdfDate(value: string | undefined): Date | undefined {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?/.exec(value ?? '')
  if (!m) return undefined
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = m
  const offset = sign === '+' || sign === '-' ? `${sign}${oh}:${om}` : 'Z'
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`)
  return Number.isNaN(date.getTime()) ? undefined : date
}
