import type { ProcessFields, StepFields, Verdict } from '~/schemas/process'
import type { Db, Tx } from '~/utils/db.server'
import { recordAudit } from './audit.server'

/**
 * Business processes and their steps. Every function is scoped by projectId in its `where`,
 * so an id from another project finds nothing; every change is written in one transaction
 * together with its audit event. A no-op (moving the first step up) writes nothing.
 */

export type Failure =
  | { ok: false; error: 'not_found' }
  | { ok: false; error: 'department' }
  | { ok: false; error: 'requirement_not_found' }
  | { ok: false; error: 'already_linked' }
  | { ok: false; error: 'stale'; changedBy: string | null; changedAt: Date | null }

const notFound = { ok: false, error: 'not_found' } as const

const STEP_FIELDS = {
  id: true,
  position: true,
  title: true,
  actor: true,
  action: true,
  tool: true,
  duration: true,
  verdict: true,
  verdictReason: true,
  updatedAt: true,
} as const

export async function listProcesses(db: Db, projectId: string) {
  const processes = await db.process.findMany({
    where: { projectId },
    orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
    select: {
      id: true,
      name: true,
      description: true,
      position: true,
      department: { select: { id: true, name: true } },
      steps: { select: { verdict: true } },
    },
  })
  return processes.map(({ steps, ...p }) => {
    const verdicts: Record<Verdict, number> = { keep: 0, simplify: 0, automate: 0, remove: 0 }
    for (const s of steps) if (s.verdict in verdicts) verdicts[s.verdict as Verdict]++
    return { ...p, stepCount: steps.length, verdicts }
  })
}

export async function getProcess(db: Db, projectId: string, processId: string) {
  const process = await db.process.findFirst({
    where: { id: processId, projectId },
    select: {
      id: true,
      name: true,
      description: true,
      version: true,
      updatedAt: true,
      department: { select: { id: true, name: true } },
      steps: {
        orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
        select: {
          ...STEP_FIELDS,
          sources: {
            // A soft-deleted requirement is no longer a consequence of the step.
            where: { requirement: { deletedAt: null } },
            orderBy: { requirement: { code: 'asc' } },
            select: { requirement: { select: { id: true, code: true, title: true } } },
          },
        },
      },
    },
  })
  if (!process) return null
  return {
    ...process,
    steps: process.steps.map(({ sources, ...step }) => ({ ...step, requirements: sources.map((s) => s.requirement) })),
  }
}

async function departmentBelongs(tx: Tx, projectId: string, departmentId: string | null) {
  if (!departmentId) return true
  return (await tx.department.count({ where: { id: departmentId, projectId } })) === 1
}

export async function createProcess(db: Db, actorId: string, projectId: string, fields: ProcessFields) {
  return db.$transaction(async (tx) => {
    if (!(await departmentBelongs(tx, projectId, fields.departmentId))) return { ok: false, error: 'department' } as const
    const last = await tx.process.findFirst({ where: { projectId }, orderBy: { position: 'desc' }, select: { position: true } })
    const created = await tx.process.create({
      data: { ...fields, projectId, position: (last?.position ?? 0) + 1 },
      select: { id: true },
    })
    await recordAudit(tx, { actorId, projectId, action: 'process.create', entityType: 'process', entityId: created.id, after: fields })
    return { ok: true, id: created.id } as const
  })
}

/** Who last changed a process, from the audit log: named in the "changed by someone else" message. */
async function lastChange(tx: Tx, projectId: string, processId: string) {
  const event = await tx.auditEvent.findFirst({
    where: { projectId, entityType: 'process', entityId: processId },
    orderBy: { seq: 'desc' },
    select: { createdAt: true, actor: { select: { name: true } } },
  })
  return { changedBy: event?.actor?.name ?? null, changedAt: event?.createdAt ?? null }
}

/**
 * Saves the name, department and description if nobody saved them since `version` was read;
 * otherwise returns `stale` and writes nothing.
 */
export async function updateProcess(db: Db, actorId: string, projectId: string, processId: string, input: ProcessFields & { version: number }) {
  return db.$transaction(async (tx): Promise<{ ok: true; version: number } | Failure> => {
    const before = await tx.process.findFirst({
      where: { id: processId, projectId },
      select: { name: true, departmentId: true, description: true, version: true },
    })
    if (!before) return notFound
    if (before.version !== input.version) return { ok: false, error: 'stale', ...(await lastChange(tx, projectId, processId)) }
    if (!(await departmentBelongs(tx, projectId, input.departmentId))) return { ok: false, error: 'department' }
    const { version, ...fields } = input
    // The version in the where makes the check and the write one step, even between processes.
    const { count } = await tx.process.updateMany({
      where: { id: processId, projectId, version },
      data: { ...fields, version: { increment: 1 } },
    })
    if (count === 0) return { ok: false, error: 'stale', ...(await lastChange(tx, projectId, processId)) }
    const { version: _old, ...beforeFields } = before
    await recordAudit(tx, {
      actorId,
      projectId,
      action: 'process.update',
      entityType: 'process',
      entityId: processId,
      before: beforeFields,
      after: fields,
    })
    return { ok: true, version: version + 1 }
  })
}

export async function deleteProcess(db: Db, actorId: string, projectId: string, processId: string) {
  return db.$transaction(async (tx) => {
    const before = await tx.process.findFirst({
      where: { id: processId, projectId },
      select: { name: true, departmentId: true, _count: { select: { steps: true } } },
    })
    if (!before) return notFound
    // Steps and their requirement links go with it (cascade); the requirements stay.
    await tx.process.delete({ where: { id: processId } })
    await renumberProcesses(tx, projectId)
    await recordAudit(tx, {
      actorId,
      projectId,
      action: 'process.delete',
      entityType: 'process',
      entityId: processId,
      before: { name: before.name, departmentId: before.departmentId, steps: before._count.steps },
    })
    return { ok: true } as const
  })
}

export type Direction = 'up' | 'down'

/** Positions 1..n in the current order; writes only the rows whose position changes. */
async function renumber(rows: { id: string; position: number }[], write: (id: string, position: number) => Promise<unknown>) {
  for (const [i, row] of rows.entries()) if (row.position !== i + 1) await write(row.id, i + 1)
}

async function renumberProcesses(tx: Tx, projectId: string) {
  const rows = await tx.process.findMany({
    where: { projectId },
    orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
    select: { id: true, position: true },
  })
  await renumber(rows, (id, position) => tx.process.update({ where: { id }, data: { position } }))
}

async function renumberSteps(tx: Tx, processId: string) {
  const rows = await tx.processStep.findMany({
    where: { processId },
    orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
    select: { id: true, position: true },
  })
  await renumber(rows, (id, position) => tx.processStep.update({ where: { id }, data: { position } }))
}

/** Swaps an item with its neighbour in `ids` order; null when it is already at that edge. */
function swapped(ids: string[], id: string, direction: Direction): string[] | null {
  const i = ids.indexOf(id)
  const j = direction === 'up' ? i - 1 : i + 1
  if (i < 0 || j < 0 || j >= ids.length) return null
  const next = [...ids]
  ;[next[i], next[j]] = [next[j]!, next[i]!]
  return next
}

export async function moveProcess(db: Db, actorId: string, projectId: string, processId: string, direction: Direction) {
  return db.$transaction(async (tx) => {
    const rows = await tx.process.findMany({
      where: { projectId },
      orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
      select: { id: true, position: true },
    })
    const index = rows.findIndex((r) => r.id === processId)
    if (index < 0) return notFound
    const order = swapped(
      rows.map((r) => r.id),
      processId,
      direction,
    )
    if (!order) return { ok: true, moved: false } as const
    for (const [i, id] of order.entries()) await tx.process.update({ where: { id }, data: { position: i + 1 } })
    await recordAudit(tx, {
      actorId,
      projectId,
      action: 'process.move',
      entityType: 'process',
      entityId: processId,
      before: { position: index + 1 },
      after: { position: order.indexOf(processId) + 1 },
    })
    return { ok: true, moved: true } as const
  })
}

// ——— Steps ———

function findStep(tx: Tx, projectId: string, stepId: string) {
  return tx.processStep.findFirst({
    where: { id: stepId, process: { projectId } },
    select: { ...STEP_FIELDS, processId: true },
  })
}

function stepSnapshot(step: StepFields & { position?: number }) {
  const { title, actor, action, tool, duration, verdict, verdictReason } = step
  return { title, actor, action, tool, duration, verdict, verdictReason, ...(step.position ? { position: step.position } : {}) }
}

/** Adds a step at the end, or right after `afterStepId` (a step of the same process). */
export async function addStep(db: Db, actorId: string, projectId: string, processId: string, afterStepId: string | null, fields: StepFields) {
  return db.$transaction(async (tx) => {
    const process = await tx.process.findFirst({ where: { id: processId, projectId }, select: { id: true } })
    if (!process) return notFound
    let position: number
    if (afterStepId) {
      const after = await tx.processStep.findFirst({ where: { id: afterStepId, processId }, select: { position: true } })
      if (!after) return notFound
      await renumberSteps(tx, processId)
      const fresh = await tx.processStep.findUniqueOrThrow({ where: { id: afterStepId }, select: { position: true } })
      position = fresh.position + 1
      await tx.processStep.updateMany({ where: { processId, position: { gte: position } }, data: { position: { increment: 1 } } })
    } else {
      position = (await tx.processStep.count({ where: { processId } })) + 1
      await renumberSteps(tx, processId)
    }
    const created = await tx.processStep.create({ data: { ...fields, processId, position }, select: { id: true } })
    await recordAudit(tx, {
      actorId,
      projectId,
      action: 'process.step.add',
      entityType: 'process_step',
      entityId: created.id,
      after: { processId, ...stepSnapshot({ ...fields, position }) },
    })
    return { ok: true, id: created.id } as const
  })
}

/**
 * Saves a step. With `expectedUpdatedAt` (the step's updatedAt when the form was drawn), a step
 * changed by someone else meanwhile is `stale` and nothing is written.
 */
export async function updateStep(db: Db, actorId: string, projectId: string, stepId: string, fields: StepFields, expectedUpdatedAt?: string) {
  return db.$transaction(async (tx): Promise<{ ok: true } | Failure> => {
    const before = await findStep(tx, projectId, stepId)
    if (!before) return notFound
    if (expectedUpdatedAt && before.updatedAt.toISOString() !== expectedUpdatedAt) {
      const event = await tx.auditEvent.findFirst({
        where: { projectId, entityType: 'process_step', entityId: stepId },
        orderBy: { seq: 'desc' },
        select: { createdAt: true, actor: { select: { name: true } } },
      })
      return { ok: false, error: 'stale', changedBy: event?.actor?.name ?? null, changedAt: event?.createdAt ?? null }
    }
    const { count } = await tx.processStep.updateMany({ where: { id: stepId, updatedAt: before.updatedAt }, data: fields })
    if (count === 0) return { ok: false, error: 'stale', changedBy: null, changedAt: null }
    await recordAudit(tx, {
      actorId,
      projectId,
      action: 'process.step.update',
      entityType: 'process_step',
      entityId: stepId,
      before: stepSnapshot(before as StepFields),
      after: stepSnapshot(fields),
    })
    return { ok: true }
  })
}

export async function deleteStep(db: Db, actorId: string, projectId: string, stepId: string) {
  return db.$transaction(async (tx) => {
    const before = await findStep(tx, projectId, stepId)
    if (!before) return notFound
    await tx.processStep.delete({ where: { id: stepId } })
    await renumberSteps(tx, before.processId)
    await recordAudit(tx, {
      actorId,
      projectId,
      action: 'process.step.delete',
      entityType: 'process_step',
      entityId: stepId,
      before: { processId: before.processId, ...stepSnapshot(before as StepFields & { position: number }) },
    })
    return { ok: true, processId: before.processId } as const
  })
}

/** Moves a step one place up or down; positions become 1..n. At the edge it is a no-op. */
export async function moveStep(db: Db, actorId: string, projectId: string, stepId: string, direction: Direction) {
  return db.$transaction(async (tx) => {
    const step = await findStep(tx, projectId, stepId)
    if (!step) return notFound
    const rows = await tx.processStep.findMany({
      where: { processId: step.processId },
      orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
      select: { id: true },
    })
    const ids = rows.map((r) => r.id)
    const order = swapped(ids, stepId, direction)
    if (!order) return { ok: true, moved: false, processId: step.processId } as const
    for (const [i, id] of order.entries()) await tx.processStep.update({ where: { id }, data: { position: i + 1 } })
    await recordAudit(tx, {
      actorId,
      projectId,
      action: 'process.step.move',
      entityType: 'process_step',
      entityId: stepId,
      before: { position: ids.indexOf(stepId) + 1 },
      after: { position: order.indexOf(stepId) + 1 },
    })
    return { ok: true, moved: true, processId: step.processId } as const
  })
}

/** Links a step to an existing requirement of the same project (not deleted), by its code. */
export async function linkStepRequirement(db: Db, actorId: string, projectId: string, stepId: string, requirementCode: string) {
  return db.$transaction(async (tx): Promise<{ ok: true; requirementId: string } | Failure> => {
    const step = await findStep(tx, projectId, stepId)
    if (!step) return notFound
    const code = requirementCode.trim().toUpperCase()
    const requirement = await tx.requirement.findFirst({ where: { projectId, code, deletedAt: null }, select: { id: true, code: true } })
    if (!requirement) return { ok: false, error: 'requirement_not_found' }
    const existing = await tx.requirementSource.count({ where: { processStepId: stepId, requirementId: requirement.id } })
    if (existing > 0) return { ok: false, error: 'already_linked' }
    await tx.requirementSource.create({ data: { processStepId: stepId, requirementId: requirement.id } })
    await recordAudit(tx, {
      actorId,
      projectId,
      action: 'process.step.link',
      entityType: 'process_step',
      entityId: stepId,
      after: { requirementId: requirement.id, code: requirement.code },
    })
    return { ok: true, requirementId: requirement.id }
  })
}

export async function unlinkStepRequirement(db: Db, actorId: string, projectId: string, stepId: string, requirementId: string) {
  return db.$transaction(async (tx) => {
    const link = await tx.requirementSource.findFirst({
      where: { processStepId: stepId, requirementId, processStep: { process: { projectId } } },
      select: { id: true, requirement: { select: { code: true } } },
    })
    if (!link) return notFound
    await tx.requirementSource.deleteMany({ where: { processStepId: stepId, requirementId } })
    await recordAudit(tx, {
      actorId,
      projectId,
      action: 'process.step.unlink',
      entityType: 'process_step',
      entityId: stepId,
      before: { requirementId, code: link.requirement.code },
    })
    return { ok: true } as const
  })
}
