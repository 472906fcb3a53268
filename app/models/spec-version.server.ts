import crypto from 'node:crypto'
import { buildSpecDocument } from '~/document/build.server'
import { blockingItems, checkCompleteness, type CompletenessItem } from '~/document/completeness.server'
import { specContentHash } from '~/document/hash'
import type { SignatureLine, SpecDocument, SpecSnapshotData } from '~/document/spec-document'
import { getSpecTemplate } from '~/document/templates.server'
import { canonicalJson } from '~/utils/canonical-json'
import type { Db, Tx } from '~/utils/db.server'
import { recordAudit } from './audit.server'
import { builderInput, getDraft, type PlannedSigner } from './spec-draft.server'

/**
 * Specification versions and their life cycle. Issuing freezes the built document and the data
 * it came from as canonical JSON with its SHA-256, and fixes who signs in which order. A version
 * then moves only forward:
 *
 *   issued ──all signatures──► signed          (locked; the project's current specification)
 *     │ └──a signer declines──► declined        (back to review: the next version fixes it)
 *     └────next version issued─► superseded
 *
 * The content columns never change (model + database triggers); a signed version does not
 * change at all. Signing needs a one-time challenge (no replayed forms), the signer's own slot,
 * the version's exact hash and, in sequential order, every earlier slot signed.
 */

export const VERSION_STATUSES = ['issued', 'signed', 'declined', 'superseded'] as const
export type VersionStatus = (typeof VERSION_STATUSES)[number]
export const REVIEW_DAYS_DEFAULT = 15
export const CHALLENGE_TTL_MS = 10 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000

export type IssueFailure =
  | { ok: false; error: 'incomplete'; items: CompletenessItem[] }
  | { ok: false; error: 'no_signers' }
  | { ok: false; error: 'signer_not_member'; userId: string }
  | { ok: false; error: 'unchanged'; number: number }

/** Hash of the stored canonical document: what verification recomputes to detect tampering. */
export function sha256Hex(text: string | Buffer): string {
  return crypto.createHash('sha256').update(text).digest('hex')
}

export async function issueVersion(
  db: Db,
  input: { projectId: string; actorId: string; reviewDays?: number; now?: Date; allowUnchanged?: boolean },
): Promise<{ ok: true; versionId: string; number: number; contentHash: string } | IssueFailure> {
  const now = input.now ?? new Date()
  return db.$transaction(async (tx) => {
    const draft = await getDraft(tx, input.projectId)
    const template = getSpecTemplate(draft.templateId)
    if (!template) throw new Error(`Unknown template ${draft.templateId}`)
    const built = await buildSpecDocument(tx, input.projectId, builderInput(draft))
    const items = checkCompleteness(template, built)
    if (blockingItems(items).length > 0) return { ok: false, error: 'incomplete', items } as const
    if (draft.signers.length === 0) return { ok: false, error: 'no_signers' } as const
    const members = await tx.membership.findMany({ where: { projectId: input.projectId }, select: { userId: true } })
    const memberIds = new Set(members.map((m) => m.userId))
    const gone = draft.signers.find((s) => !memberIds.has(s.userId))
    if (gone) return { ok: false, error: 'signer_not_member', userId: gone.userId } as const

    const last = await tx.specVersion.findFirst({ where: { projectId: input.projectId }, orderBy: { number: 'desc' }, select: { number: true, document: true } })
    const number = (last?.number ?? 0) + 1
    const versionId = crypto.randomUUID()
    const document: SpecDocument = {
      ...built.document,
      meta: { ...built.document.meta, versionNumber: number, versionId },
      signatureSheet: { ...built.document.signatureSheet, lines: await plannedLines(tx, draft.signers, built.document.signatureSheet.lines) },
    }
    // A new version must say something new: the same content under the next number only
    // restarts the signatures. (Signers or order changed alone still count as a change.)
    if (last && !input.allowUnchanged) {
      const previous = JSON.parse(last.document) as SpecDocument
      const strip = (d: SpecDocument) => canonicalJson({ ...d, meta: { ...d.meta, versionNumber: 0, versionId: '' } })
      if (strip(previous) === strip(document)) return { ok: false, error: 'unchanged', number: last.number } as const
    }
    const contentHash = specContentHash(document)
    await tx.specVersion.updateMany({ where: { projectId: input.projectId, status: { in: ['issued', 'declined'] } }, data: { status: 'superseded', closedAt: now, closedReason: `superseded by version ${number}` } })
    await tx.specVersion.create({
      data: {
        id: versionId,
        projectId: input.projectId,
        number,
        templateId: draft.templateId,
        status: 'issued',
        document: canonicalJson(document),
        data: canonicalJson(built.data),
        draft: canonicalJson(builderInput(draft)),
        contentHash,
        signingOrder: draft.signingOrder,
        reviewDeadline: new Date(now.getTime() + (input.reviewDays ?? REVIEW_DAYS_DEFAULT) * DAY_MS),
        issuedById: input.actorId,
        issuedAt: now,
        signers: { create: draft.signers.map((s, position) => ({ position, userId: s.userId, party: s.party, meaning: s.meaning, role: s.role })) },
      },
    })
    await recordAudit(tx, {
      actorId: input.actorId,
      projectId: input.projectId,
      action: 'spec.version.issue',
      entityType: 'spec_version',
      entityId: versionId,
      after: { number, contentHash, templateId: draft.templateId, signers: draft.signers.map((s) => ({ userId: s.userId, party: s.party })), signingOrder: draft.signingOrder },
    })
    return { ok: true, versionId, number, contentHash } as const
  // A very large project builds for a few seconds; the default 5 s would cut it off under load.
  }, { timeout: 60_000 })
}

/**
 * The signature sheet of an issued version names its required signers. The template's lines
 * (from the title fields) give the printed name and position where the same party has one.
 */
async function plannedLines(tx: Tx, signers: PlannedSigner[], templateLines: SignatureLine[]): Promise<SignatureLine[]> {
  const users = await tx.user.findMany({ where: { id: { in: signers.map((s) => s.userId) } }, select: { id: true, name: true } })
  const nameOf = new Map(users.map((u) => [u.id, u.name]))
  const used = new Set<number>()
  return signers.map((s) => {
    const i = templateLines.findIndex((l, idx) => !used.has(idx) && l.party === s.party && l.meaning === s.meaning)
    const fromTemplate = i >= 0 ? templateLines[i] : undefined
    if (i >= 0) used.add(i)
    return {
      party: s.party,
      role: s.role || fromTemplate?.role || '',
      name: nameOf.get(s.userId) ?? '',
      position: fromTemplate && fromTemplate.name === nameOf.get(s.userId) ? fromTemplate.position : '',
      meaning: s.meaning,
    }
  })
}

// ── Reading ────────────────────────────────────────────────────────────────────────────────

const versionSelect = {
  id: true,
  projectId: true,
  number: true,
  templateId: true,
  status: true,
  contentHash: true,
  signingOrder: true,
  reviewDeadline: true,
  issuedAt: true,
  signedAt: true,
  closedAt: true,
  closedReason: true,
  issuedBy: { select: { name: true } },
  signers: { orderBy: { position: 'asc' as const }, select: { id: true, position: true, userId: true, party: true, meaning: true, role: true, user: { select: { name: true } } } },
  signatures: {
    orderBy: { createdAt: 'asc' as const },
    select: { id: true, signerId: true, userId: true, decision: true, fullName: true, position: true, party: true, meaning: true, contentHash: true, reason: true, ip: true, userAgent: true, createdAt: true, revokedAt: true },
  },
} as const

export async function listVersions(db: Tx, projectId: string) {
  const rows = await db.specVersion.findMany({ where: { projectId }, orderBy: { number: 'desc' }, select: { ...versionSelect, _count: { select: { comments: { where: { status: 'open' } } } } } })
  return rows.map((v) => ({ ...v, progress: signingProgress(v) }))
}

/** The project's version numbers, newest first (for links and the next number; no rows read in full). */
export async function versionNumbers(db: Tx, projectId: string): Promise<number[]> {
  return (await db.specVersion.findMany({ where: { projectId }, orderBy: { number: 'desc' }, select: { number: true } })).map((v) => v.number)
}

export async function getVersion(db: Tx, projectId: string, number: number) {
  const row = await db.specVersion.findUnique({ where: { projectId_number: { projectId, number } }, select: { ...versionSelect, document: true, data: true } })
  if (!row) return null
  const { document, data, ...rest } = row
  return { ...rest, document: JSON.parse(document) as SpecDocument, data: JSON.parse(data) as SpecSnapshotData, storedHashOk: sha256Hex(document) === row.contentHash, progress: signingProgress(row) }
}

export type VersionRow = NonNullable<Awaited<ReturnType<typeof getVersion>>>
export type SignerRow = { id: string; position: number; userId: string; party: string; meaning: string; role: string; user: { name: string } }
export type SignatureRow = {
  id: string
  signerId: string
  userId: string
  decision: string
  fullName: string
  position: string
  party: string
  meaning: string
  contentHash: string
  reason: string | null
  ip: string
  userAgent: string
  createdAt: Date
  revokedAt: Date | null
}

/** The signature in force for each slot (a revoked one does not count). */
export function activeSignature(signatures: SignatureRow[], signerId: string): SignatureRow | undefined {
  return signatures.find((s) => s.signerId === signerId && s.revokedAt === null)
}

export function signingProgress(v: { signers: SignerRow[]; signatures: SignatureRow[] }) {
  const signed = v.signers.filter((s) => activeSignature(v.signatures, s.id)?.decision === 'signed').length
  return { signed, required: v.signers.length }
}

export type SignRefusal =
  | 'not_issued'
  | 'signed_already'
  | 'superseded'
  | 'declined'
  | 'not_a_signer'
  | 'already_signed'
  | 'out_of_turn'
  | 'hash_mismatch'
  | 'challenge_invalid'
  | 'challenge_used'
  | 'challenge_expired'

/**
 * Whether this user may sign (or decline) now — the state machine's one gate, used by the
 * page (to show the form) and by the action (to refuse). Pure: no database.
 */
export function signingGate(
  v: { status: string; signingOrder: string; signers: SignerRow[]; signatures: SignatureRow[] },
  userId: string,
): { ok: true; signer: SignerRow } | { ok: false; reason: SignRefusal; waitingFor?: string } {
  if (v.status === 'signed') return { ok: false, reason: 'signed_already' }
  if (v.status === 'superseded') return { ok: false, reason: 'superseded' }
  if (v.status === 'declined') return { ok: false, reason: 'declined' }
  if (v.status !== 'issued') return { ok: false, reason: 'not_issued' }
  const signer = v.signers.find((s) => s.userId === userId)
  if (!signer) return { ok: false, reason: 'not_a_signer' }
  if (activeSignature(v.signatures, signer.id)) return { ok: false, reason: 'already_signed' }
  if (v.signingOrder === 'sequential') {
    const earlier = v.signers.filter((s) => s.position < signer.position).find((s) => activeSignature(v.signatures, s.id)?.decision !== 'signed')
    if (earlier) return { ok: false, reason: 'out_of_turn', waitingFor: earlier.user.name }
  }
  return { ok: true, signer }
}

// ── Signing ────────────────────────────────────────────────────────────────────────────────

/**
 * A one-time token for the signing form of this user's slot; the form posts it back. Every view
 * of the version page by a signer makes one, so the slot's tokens that expired more than a TTL
 * ago go at the same time (one that expired since is still answered "expired", not "invalid").
 */
export async function createSigningChallenge(db: Tx, signerId: string, now = new Date()): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url')
  await db.specSigningChallenge.deleteMany({ where: { signerId, expiresAt: { lt: new Date(now.getTime() - CHALLENGE_TTL_MS) } } })
  await db.specSigningChallenge.create({ data: { signerId, tokenHash: sha256Hex(token), expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS) } })
  return token
}

export type SignInput = {
  projectId: string
  number: number
  userId: string
  challenge: string
  /** The hash the signer confirmed on the form: must be the version's. */
  confirmedHash: string
  fullName: string
  position: string
  ip: string
  userAgent: string
  now?: Date
}

type SignResult = { ok: true; status: VersionStatus; signatureId: string } | { ok: false; reason: SignRefusal; waitingFor?: string }

async function consumeChallenge(tx: Tx, signerId: string, token: string, now: Date): Promise<SignRefusal | null> {
  const row = await tx.specSigningChallenge.findUnique({ where: { tokenHash: sha256Hex(token) } })
  if (!row || row.signerId !== signerId) return 'challenge_invalid'
  if (row.usedAt) return 'challenge_used'
  if (row.expiresAt.getTime() < now.getTime()) return 'challenge_expired'
  const { count } = await tx.specSigningChallenge.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } })
  return count === 1 ? null : 'challenge_used'
}

async function loadForSigning(tx: Tx, projectId: string, number: number) {
  return tx.specVersion.findUnique({ where: { projectId_number: { projectId, number } }, select: versionSelect })
}

/**
 * Signs the version (the caller has re-authenticated the user with their password just before).
 * When the last required signature lands, the version becomes signed and every earlier signed
 * version stays as it is (the newest signed one is the project's current specification).
 */
export async function signVersion(db: Db, input: SignInput): Promise<SignResult> {
  return decide(db, input, 'signed')
}

/** A required signer refuses, with a reason: the version goes back to review. */
export async function declineVersion(db: Db, input: Omit<SignInput, 'confirmedHash'> & { reason: string }): Promise<SignResult> {
  return decide(db, { ...input, confirmedHash: '' }, 'declined', input.reason)
}

async function decide(db: Db, input: SignInput, decision: 'signed' | 'declined', reason?: string): Promise<SignResult> {
  const now = input.now ?? new Date()
  return db.$transaction(async (tx): Promise<SignResult> => {
    const v = await loadForSigning(tx, input.projectId, input.number)
    if (!v) return { ok: false, reason: 'not_issued' }
    const gate = signingGate(v, input.userId)
    // A decline does not wait for its turn: a signer may object at any time during review.
    if (!gate.ok && !(decision === 'declined' && gate.reason === 'out_of_turn')) return gate
    const signer = gate.ok ? gate.signer : v.signers.find((s) => s.userId === input.userId)!
    const challengeError = await consumeChallenge(tx, signer.id, input.challenge, now)
    if (challengeError) return { ok: false, reason: challengeError }
    if (decision === 'signed' && input.confirmedHash !== v.contentHash) return { ok: false, reason: 'hash_mismatch' }
    const signature = await tx.specSignature.create({
      data: {
        versionId: v.id,
        signerId: signer.id,
        userId: input.userId,
        decision,
        fullName: input.fullName,
        position: input.position,
        party: signer.party,
        meaning: signer.meaning,
        contentHash: v.contentHash,
        reason: reason ?? null,
        ip: input.ip,
        userAgent: input.userAgent.slice(0, 500),
        createdAt: now,
      },
    })
    let status: VersionStatus = 'issued'
    if (decision === 'declined') {
      status = 'declined'
      await tx.specVersion.update({ where: { id: v.id }, data: { status, closedAt: now, closedReason: 'declined' } })
    } else {
      const signed = new Set(v.signatures.filter((s) => s.revokedAt === null && s.decision === 'signed').map((s) => s.signerId)).add(signer.id)
      if (v.signers.every((s) => signed.has(s.id))) {
        status = 'signed'
        await tx.specVersion.update({ where: { id: v.id }, data: { status, signedAt: now } })
      }
    }
    await recordAudit(tx, {
      actorId: input.userId,
      projectId: input.projectId,
      action: decision === 'signed' ? 'spec.version.sign' : 'spec.version.decline',
      entityType: 'spec_version',
      entityId: v.id,
      after: { number: v.number, contentHash: v.contentHash, party: signer.party, meaning: signer.meaning, fullName: input.fullName, position: input.position, reason: reason ?? null, status },
    })
    return { ok: true, status, signatureId: signature.id }
  })
}

export type RevokeRefusal = 'not_found' | 'fully_signed' | 'no_signature' | 'later_signed'

/**
 * A signer withdraws their own signature while the version is not yet fully signed. In
 * sequential order, not while a later signer's signature rests on it.
 */
export async function revokeSignature(db: Db, input: { projectId: string; number: number; userId: string; now?: Date }) {
  const now = input.now ?? new Date()
  return db.$transaction(async (tx): Promise<{ ok: true } | { ok: false; reason: RevokeRefusal }> => {
    const v = await loadForSigning(tx, input.projectId, input.number)
    if (!v) return { ok: false, reason: 'not_found' }
    if (v.status === 'signed') return { ok: false, reason: 'fully_signed' }
    const signer = v.signers.find((s) => s.userId === input.userId)
    const mine = signer ? activeSignature(v.signatures, signer.id) : undefined
    if (!signer || !mine || mine.decision !== 'signed' || v.status !== 'issued') return { ok: false, reason: 'no_signature' }
    if (v.signingOrder === 'sequential' && v.signers.some((s) => s.position > signer.position && activeSignature(v.signatures, s.id))) {
      return { ok: false, reason: 'later_signed' }
    }
    await tx.specSignature.update({ where: { id: mine.id }, data: { revokedAt: now } })
    await recordAudit(tx, {
      actorId: input.userId,
      projectId: input.projectId,
      action: 'spec.version.revoke',
      entityType: 'spec_version',
      entityId: v.id,
      after: { number: v.number, signatureId: mine.id },
    })
    return { ok: true }
  })
}

/** The signature sheet with the signatures in force: what every renderer prints. */
export function documentWithSignatures(v: Pick<VersionRow, 'document' | 'signers' | 'signatures'>): SpecDocument {
  const lines: SignatureLine[] = v.signers.map((s, i) => {
    const planned = v.document.signatureSheet.lines[i]
    const sig = activeSignature(v.signatures, s.id)
    const base: SignatureLine = planned ?? { party: s.party as 'client' | 'vendor', role: s.role, name: s.user.name, position: '', meaning: s.meaning as 'approved' | 'agreed' }
    return sig && sig.decision === 'signed' ? { ...base, name: sig.fullName, position: sig.position, signedAt: sig.createdAt.toISOString(), contentHash: sig.contentHash } : base
  })
  return { ...v.document, signatureSheet: { ...v.document.signatureSheet, lines } }
}
