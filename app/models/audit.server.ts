import crypto from 'node:crypto'
import { canonicalJson } from '~/utils/canonical-json'
import type { Tx } from '~/utils/db.server'

export const GENESIS_HASH = '0'.repeat(64)
const INSTANCE_CHAIN = 'instance'

export type AuditInput = {
  actorId: string | null
  projectId: string | null
  action: string
  entityType: string
  entityId: string
  before?: unknown
  after?: unknown
}

type ChainedFields = {
  chain: string
  projectId: string | null
  actorId: string | null
  action: string
  entityType: string
  entityId: string
  summary: string
  createdAt: Date
  prevHash: string
}

/** The SHA-256 that links an event to its predecessor; covers every stored field. */
export function auditEventHash(e: ChainedFields): string {
  // Named field by field: a stored row also carries `seq` and `hash`, which are not hashed.
  const hashed = {
    chain: e.chain,
    projectId: e.projectId,
    actorId: e.actorId,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    summary: e.summary,
    createdAt: e.createdAt.toISOString(),
    prevHash: e.prevHash,
  } satisfies Record<keyof ChainedFields, unknown>
  return crypto.createHash('sha256').update(canonicalJson(hashed)).digest('hex')
}

/**
 * Appends an event to its chain (the project's, or the instance's). Call it inside the
 * transaction that makes the change, so the change and its record land together or not at all.
 */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<void> {
  const chain = input.projectId ?? INSTANCE_CHAIN
  const last = await tx.auditEvent.findFirst({ where: { chain }, orderBy: { seq: 'desc' }, select: { hash: true } })
  const fields: ChainedFields = {
    chain,
    projectId: input.projectId,
    actorId: input.actorId,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    summary: canonicalJson({ before: input.before ?? null, after: input.after ?? null }),
    // Millisecond precision is what the database keeps; hash exactly what is stored.
    createdAt: new Date(Math.floor(Date.now())),
    prevHash: last?.hash ?? GENESIS_HASH,
  }
  await tx.auditEvent.create({ data: { ...fields, hash: auditEventHash(fields) } })
}

export type ChainVerdict =
  | { ok: true; events: number }
  | { ok: false; events: number; brokenAtSeq: number; reason: 'hash-mismatch' | 'link-mismatch' }

/** Recomputes every hash of a chain in order and reports the first event that does not fit. */
export async function verifyAuditChain(tx: Tx, projectId: string | null): Promise<ChainVerdict> {
  const chain = projectId ?? INSTANCE_CHAIN
  let prev = GENESIS_HASH
  let events = 0
  let cursor: number | undefined
  for (;;) {
    const batch = await tx.auditEvent.findMany({
      where: { chain, ...(cursor === undefined ? {} : { seq: { gt: cursor } }) },
      orderBy: { seq: 'asc' },
      take: 1000,
    })
    if (batch.length === 0) return { ok: true, events }
    for (const e of batch) {
      if (e.prevHash !== prev) return { ok: false, events, brokenAtSeq: e.seq, reason: 'link-mismatch' }
      if (auditEventHash(e) !== e.hash) return { ok: false, events, brokenAtSeq: e.seq, reason: 'hash-mismatch' }
      prev = e.hash
      events++
      cursor = e.seq
    }
  }
}

export type AuditEntry = {
  seq: number
  action: string
  entityType: string
  entityId: string
  summary: { before: unknown; after: unknown }
  createdAt: Date
  actor: { name: string; email: string } | null
}

export async function listProjectAudit(
  tx: Tx,
  projectId: string,
  { page, pageSize = 50 }: { page: number; pageSize?: number },
): Promise<{ entries: AuditEntry[]; total: number }> {
  const [rows, total] = await Promise.all([
    tx.auditEvent.findMany({
      where: { projectId },
      orderBy: { seq: 'desc' },
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: {
        seq: true,
        action: true,
        entityType: true,
        entityId: true,
        summary: true,
        createdAt: true,
        actor: { select: { name: true, email: true } },
      },
    }),
    tx.auditEvent.count({ where: { projectId } }),
  ])
  return { entries: rows.map((r) => ({ ...r, summary: JSON.parse(r.summary) })), total }
}
