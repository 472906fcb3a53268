import type { Tx } from '~/utils/db.server'
import { activeSignature, sha256Hex } from './spec-version.server'

/**
 * Verification: does a file (PDF, DOCX or Markdown exported by Specwright) or a pasted hash
 * match a version, is that version signed, and by whom and when — and nothing else about the
 * project. Used by the public /verify page and `npx specwright verify FILE`.
 *
 * A file is matched, in order: byte for byte against the kept official copies of signed
 * versions (the sealed PDF, its DOCX); by its PAdES seal (a seal that no longer verifies
 * means the file was altered); by the version id and content hash its metadata carries (the
 * content is then named but not proven). A version whose stored snapshot no longer hashes to
 * its recorded hash, or whose signatures were made over another hash, is reported as altered.
 */

export type VerifiedSignature = { name: string; position: string; party: string; meaning: string; signedAt: string }

export type VerifyOutcome =
  | {
      result: 'match'
      /** exact: these bytes are an official copy, or their seal verifies; named: the file's metadata names the version. */
      proof: 'exact' | 'sealed' | 'hash' | 'named'
      project: string
      version: number
      status: 'issued' | 'signed' | 'declined' | 'superseded'
      contentHash: string
      issuedAt: string
      signedAt: string | null
      signatures: VerifiedSignature[]
      notes: string[]
    }
  | { result: 'altered'; reason: 'seal_invalid' | 'foreign_seal' | 'snapshot_tampered' | 'signature_hash_mismatch'; message: string; version?: number; project?: string }
  | { result: 'no_match'; code: 'unknown_hash' | 'no_stamp'; message: string }
  | { result: 'invalid'; code: 'not_a_hash' | 'not_specwright' | 'unreadable'; message: string }

export const HASH_RE = /^[0-9a-f]{64}$/

export type FileKind = 'pdf' | 'docx' | 'md'

export function sniffKind(bytes: Buffer): FileKind | null {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf'
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'docx'
  const head = bytes.subarray(0, 4096).toString('utf8')
  if (/^---\r?\n[\s\S]*?specwright_version_id:/.test(head) || /content_hash:\s*"?[0-9a-f]{64}/.test(head)) return 'md'
  return null
}

async function byHash(db: Tx, contentHash: string, proof: 'exact' | 'sealed' | 'hash' | 'named', notes: string[] = []): Promise<VerifyOutcome> {
  const v = await db.specVersion.findFirst({
    where: { contentHash },
    orderBy: { issuedAt: 'desc' },
    select: {
      number: true,
      status: true,
      document: true,
      contentHash: true,
      issuedAt: true,
      signedAt: true,
      project: { select: { name: true } },
      signers: { orderBy: { position: 'asc' }, select: { id: true } },
      signatures: { select: { signerId: true, decision: true, fullName: true, position: true, party: true, meaning: true, contentHash: true, createdAt: true, revokedAt: true } },
    },
  })
  if (!v) return { result: 'no_match', code: 'unknown_hash', message: 'The hash matches no version issued by this Specwright instance.' }
  if (sha256Hex(v.document) !== v.contentHash) {
    return { result: 'altered', reason: 'snapshot_tampered', project: v.project.name, version: v.number, message: `The stored record of version ${v.number} was modified after it was issued: its content no longer matches its hash. It cannot be relied on.` }
  }
  const active = v.signers.flatMap((s) => {
    const sig = activeSignature(v.signatures as Parameters<typeof activeSignature>[0], s.id)
    return sig && sig.decision === 'signed' ? [sig] : []
  })
  if (active.some((s) => s.contentHash !== v.contentHash)) {
    return { result: 'altered', reason: 'signature_hash_mismatch', project: v.project.name, version: v.number, message: `A signature of version ${v.number} was made over different content.` }
  }
  return {
    result: 'match',
    proof,
    project: v.project.name,
    version: v.number,
    status: v.status as 'issued',
    contentHash: v.contentHash,
    issuedAt: v.issuedAt.toISOString(),
    signedAt: v.signedAt?.toISOString() ?? null,
    signatures: active.map((s) => ({ name: s.fullName, position: s.position, party: s.party, meaning: s.meaning, signedAt: s.createdAt.toISOString() })),
    notes,
  }
}

export async function verifyHash(db: Tx, input: string): Promise<VerifyOutcome> {
  const hash = input.trim().toLowerCase()
  if (!HASH_RE.test(hash)) return { result: 'invalid', code: 'not_a_hash', message: 'A content hash is 64 hexadecimal characters (SHA-256).' }
  return byHash(db, hash, 'hash')
}

async function stampOf(kind: FileKind, bytes: Buffer): Promise<{ versionId?: string; contentHash?: string } | null> {
  if (kind === 'pdf') return (await import('~/document/render-pdf.server')).readPdfStamp(bytes)
  if (kind === 'docx') return (await import('~/document/render-docx.server')).readDocxStamp(bytes)
  const head = bytes.subarray(0, 4096).toString('utf8')
  const hash = /content_hash:\s*"?([0-9a-f]{64})/.exec(head)?.[1]
  const versionId = /specwright_version_id:\s*"?([0-9a-f-]{36})/.exec(head)?.[1]
  return hash ? { contentHash: hash, ...(versionId ? { versionId } : {}) } : null
}

export async function verifyFile(db: Tx, bytes: Buffer): Promise<VerifyOutcome> {
  const kind = sniffKind(bytes)
  if (!kind) return { result: 'invalid', code: 'not_specwright', message: 'This is not a PDF, DOCX or Markdown file exported by Specwright.' }
  const official = await db.specFile.findFirst({ where: { sha256: sha256Hex(bytes) }, select: { version: { select: { contentHash: true } } } })
  if (official) return byHash(db, official.version.contentHash, 'exact')
  let stamp: Awaited<ReturnType<typeof stampOf>>
  try {
    stamp = await stampOf(kind, bytes)
  } catch {
    return { result: 'invalid', code: 'unreadable', message: `The ${kind.toUpperCase()} file could not be read.` }
  }
  if (kind === 'pdf') {
    const { verifySealedPdf } = await import('~/document/seal.server')
    const seal = await verifySealedPdf(bytes).catch(() => null)
    if (seal?.signed && !seal.valid) {
      // An intact signature by someone else's certificate proves nothing about our versions.
      if (seal.intact && !seal.sealedHere) {
        return { result: 'altered', reason: 'foreign_seal', message: 'The file is signed, but not with this Specwright installation’s seal: it is not a copy this installation issued.' }
      }
      return { result: 'altered', reason: 'seal_invalid', message: 'The file carries a Specwright seal that no longer verifies: it was changed after it was sealed.' }
    }
    if (seal?.signed && seal.valid && stamp?.contentHash) return byHash(db, stamp.contentHash, 'sealed')
  }
  if (!stamp?.contentHash) return { result: 'no_match', code: 'no_stamp', message: 'The file carries no Specwright version id or content hash: it was not exported by Specwright, or its metadata was removed.' }
  const outcome = await byHash(db, stamp.contentHash, 'named', [
    'The file names this version in its metadata, but it is not a sealed or kept copy, so its text is not proven to be the version’s. Compare it with the signed copy downloaded from Specwright.',
  ])
  return outcome
}
