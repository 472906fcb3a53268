import type { Db, Tx } from '~/utils/db.server'
import { parseRichText, type RichTextErrorCode } from '~/utils/rich-text'
import type { InterviewStatus } from '~/schemas/interview'
import { recordAudit } from './audit.server'


export function listInterviews(db: Db, projectId: string) {
  return db.interview.findMany({
    where: { projectId },
    orderBy: [{ date: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
    select: {
      id: true,
      intervieweeName: true,
      intervieweePosition: true,
      date: true,
      status: true,
      department: { select: { name: true } },
      interviewer: { select: { name: true } },
      _count: { select: { highlights: true } },
    },
  })
}

export type DepartmentProgress = {
  departmentId: string | null
  name: string | null
  planned: number
  done: number
  requirements: number
}

/**
 * Per department of the project: interviews planned and done, and the number of distinct
 * (not deleted) requirements with evidence from a highlight in that department's interviews.
 * Interviews without a department form a last row (name null) when there are any.
 */
export async function departmentProgress(db: Db, projectId: string): Promise<DepartmentProgress[]> {
  const [departments, counts, sources] = await Promise.all([
    db.department.findMany({ where: { projectId }, orderBy: { name: 'asc' }, select: { id: true, name: true } }),
    db.interview.groupBy({ by: ['departmentId', 'status'], where: { projectId }, _count: { _all: true } }),
    db.requirementSource.findMany({
      where: { highlight: { projectId }, requirement: { projectId, deletedAt: null } },
      select: { requirementId: true, highlight: { select: { interview: { select: { departmentId: true } } } } },
    }),
  ])
  const row = (departmentId: string | null, name: string | null): DepartmentProgress => ({ departmentId, name, planned: 0, done: 0, requirements: 0 })
  const rows = new Map<string | null, DepartmentProgress>(departments.map((d) => [d.id, row(d.id, d.name)]))
  const ensure = (id: string | null) => {
    if (!rows.has(id)) rows.set(id, row(id, null))
    return rows.get(id)!
  }
  for (const c of counts) {
    if (c.status === 'planned') ensure(c.departmentId).planned += c._count._all
    if (c.status === 'done') ensure(c.departmentId).done += c._count._all
  }
  const distinct = new Map<string | null, Set<string>>()
  for (const s of sources) {
    const dept = s.highlight?.interview.departmentId ?? null
    if (!distinct.has(dept)) distinct.set(dept, new Set())
    distinct.get(dept)!.add(s.requirementId)
  }
  for (const [dept, ids] of distinct) ensure(dept).requirements = ids.size
  return [...rows.values()]
}

export type InterviewHeader = {
  intervieweeName: string
  intervieweePosition: string
  departmentId: string | null
  interviewerId: string | null
  date: Date | null
}

export type NewInterviewInput = InterviewHeader & {
  /** A project member being interviewed: their name is used when no name is given. */
  intervieweeMemberId: string | null
  guideId: string | null
  /** Questions asked beyond the guide's (or without a guide), in order. */
  questions?: string[]
}

export type InterviewRefError = 'department' | 'interviewer' | 'member' | 'guide'

/** Checks that every id a form names belongs to this project; the field at fault otherwise. */
async function checkRefs(
  tx: Tx,
  projectId: string,
  refs: { departmentId?: string | null; interviewerId?: string | null; guideId?: string | null },
): Promise<InterviewRefError | null> {
  if (refs.departmentId && (await tx.department.count({ where: { id: refs.departmentId, projectId } })) !== 1) return 'department'
  if (refs.interviewerId && (await tx.membership.count({ where: { userId: refs.interviewerId, projectId } })) !== 1) return 'interviewer'
  if (refs.guideId && (await tx.interviewGuide.count({ where: { id: refs.guideId, projectId } })) !== 1) return 'guide'
  return null
}

/** Creates an interview; with a guide, its questions are copied in as empty answers. */
export async function createInterview(
  db: Db,
  actorId: string,
  projectId: string,
  input: NewInterviewInput,
): Promise<{ id: string } | { error: InterviewRefError }> {
  return db.$transaction(async (tx) => {
    const refError = await checkRefs(tx, projectId, input)
    if (refError) return { error: refError }
    let name = input.intervieweeName
    let departmentId = input.departmentId
    if (input.intervieweeMemberId) {
      const member = await tx.membership.findFirst({
        where: { id: input.intervieweeMemberId, projectId },
        select: { departmentId: true, user: { select: { name: true } } },
      })
      if (!member) return { error: 'member' as const }
      name ||= member.user.name
      departmentId ??= member.departmentId
    }
    if (!name) return { error: 'member' as const }
    const questions = [
      ...(input.guideId
        ? await tx.guideQuestion.findMany({ where: { guideId: input.guideId }, orderBy: { position: 'asc' }, select: { text: true } })
        : []),
      ...(input.questions ?? []).map((text) => ({ text })),
    ]
    const data = {
      intervieweeName: name,
      intervieweePosition: input.intervieweePosition,
      departmentId,
      interviewerId: input.interviewerId,
      date: input.date,
      guideId: input.guideId,
    }
    const created = await tx.interview.create({
      data: { projectId, ...data, answers: { create: questions.map((q, i) => ({ position: i + 1, question: q.text })) } },
      select: { id: true },
    })
    await recordAudit(tx, {
      actorId,
      projectId,
      action: 'interview.create',
      entityType: 'interview',
      entityId: created.id,
      after: { ...data, date: data.date?.toISOString() ?? null, questions: questions.length },
    })
    return created
  })
}

export async function getInterview(db: Db, projectId: string, interviewId: string) {
  const interview = await db.interview.findFirst({
    where: { id: interviewId, projectId },
    select: {
      id: true,
      intervieweeName: true,
      intervieweePosition: true,
      departmentId: true,
      interviewerId: true,
      date: true,
      status: true,
      notes: true,
      notesText: true,
      version: true,
      updatedAt: true,
      guide: { select: { id: true, title: true } },
      interviewer: { select: { name: true } },
      answers: { orderBy: { position: 'asc' }, select: { id: true, position: true, question: true, content: true, contentText: true } },
      highlights: {
        orderBy: { createdAt: 'asc' },
        select: {
          id: true,
          answerId: true,
          quote: true,
          startOffset: true,
          endOffset: true,
          createdAt: true,
          createdBy: { select: { name: true } },
          // The requirements extracted from this passage (written by the requirements area).
          sources: {
            where: { requirement: { deletedAt: null } },
            select: { requirement: { select: { code: true, title: true } } },
          },
        },
      },
    },
  })
  return interview
}

/** Who last changed the interview, from its audit trail (the row itself keeps only when). */
async function lastEditor(tx: Tx, projectId: string, interviewId: string) {
  const event = await tx.auditEvent.findFirst({
    where: { projectId, entityType: 'interview', entityId: interviewId },
    orderBy: { seq: 'desc' },
    select: { actor: { select: { name: true } } },
  })
  return event?.actor?.name ?? null
}

export type SaveInterviewInput = InterviewHeader & {
  status: InterviewStatus
  /** The version the form was loaded with: a save based on an older one is refused. */
  version: number
  answers: { id: string; content: unknown }[]
  notes: unknown
}

export type SaveInterviewResult =
  | { ok: true; version: number }
  | { ok: false; error: 'missing' }
  | { ok: false; error: 'stale'; updatedAt: Date; updatedBy: string | null }
  | { ok: false; error: InterviewRefError }
  | { ok: false; error: 'answer'; answerId: string; position: number | null; code: RichTextErrorCode; detail?: string }
  | { ok: false; error: 'notes'; code: RichTextErrorCode; detail?: string }

class Rollback extends Error {
  constructor(readonly result: SaveInterviewResult) {
    super('rollback')
  }
}

/**
 * Saves the header, every answer and the notes together: all are validated, and if any
 * answer is invalid, names another interview's answer, or the version is stale, nothing
 * is written.
 */
export async function saveInterview(
  db: Db,
  actorId: string,
  projectId: string,
  interviewId: string,
  input: SaveInterviewInput,
): Promise<SaveInterviewResult> {
  const notes = parseRichText(input.notes)
  try {
    return await db.$transaction(async (tx) => {
      const current = await tx.interview.findFirst({
        where: { id: interviewId, projectId },
        select: { version: true, updatedAt: true, answers: { select: { id: true, position: true } } },
      })
      if (!current) return { ok: false, error: 'missing' } as const
      if (current.version !== input.version) {
        return { ok: false, error: 'stale', updatedAt: current.updatedAt, updatedBy: await lastEditor(tx, projectId, interviewId) } as const
      }
      const refError = await checkRefs(tx, projectId, input)
      if (refError) return { ok: false, error: refError } as const
      const positions = new Map(current.answers.map((a) => [a.id, a.position]))
      const answers = []
      for (const answer of input.answers) {
        const parsed = parseRichText(answer.content)
        const position = positions.get(answer.id) ?? null
        if (!parsed.ok) {
          return { ok: false, error: 'answer', answerId: answer.id, position, code: parsed.code, ...(parsed.detail ? { detail: parsed.detail } : {}) } as const
        }
        if (position === null) return { ok: false, error: 'missing' } as const
        answers.push({ id: answer.id, content: JSON.stringify(parsed.doc), contentText: parsed.text })
      }
      if (!notes.ok) return { ok: false, error: 'notes', code: notes.code, ...(notes.detail ? { detail: notes.detail } : {}) } as const
      const header = {
        intervieweeName: input.intervieweeName,
        intervieweePosition: input.intervieweePosition,
        departmentId: input.departmentId,
        interviewerId: input.interviewerId,
        date: input.date,
        status: input.status,
      }
      // The version in the where makes a concurrent save lose the race cleanly.
      const updated = await tx.interview.updateMany({
        where: { id: interviewId, projectId, version: input.version },
        data: { ...header, notes: JSON.stringify(notes.doc), notesText: notes.text, version: { increment: 1 } },
      })
      if (updated.count !== 1) {
        const now = await tx.interview.findUniqueOrThrow({ where: { id: interviewId }, select: { updatedAt: true } })
        throw new Rollback({ ok: false, error: 'stale', updatedAt: now.updatedAt, updatedBy: await lastEditor(tx, projectId, interviewId) })
      }
      for (const answer of answers) {
        await tx.interviewAnswer.update({ where: { id: answer.id }, data: { content: answer.content, contentText: answer.contentText } })
      }
      await recordAudit(tx, {
        actorId,
        projectId,
        action: 'interview.update',
        entityType: 'interview',
        entityId: interviewId,
        after: { ...header, date: header.date?.toISOString() ?? null, answers: answers.length, version: input.version + 1 },
      })
      return { ok: true, version: input.version + 1 } as const
    })
  } catch (error) {
    if (error instanceof Rollback) return error.result
    throw error
  }
}

export async function deleteInterview(db: Db, actorId: string, projectId: string, interviewId: string) {
  return db.$transaction(async (tx) => {
    const before = await tx.interview.findFirst({ where: { id: interviewId, projectId }, select: { intervieweeName: true, status: true } })
    if (!before) return null
    await tx.interview.delete({ where: { id: interviewId } })
    await recordAudit(tx, { actorId, projectId, action: 'interview.delete', entityType: 'interview', entityId: interviewId, before })
    return { id: interviewId }
  })
}

export type HighlightInput = {
  interviewId: string
  /** null: the interview's free notes. */
  answerId: string | null
  startOffset: number
  endOffset: number
  quote: string
}

export type HighlightResult = { id: string } | { error: 'missing' | 'empty' | 'mismatch' }

/**
 * Records a quoted passage. The quote is re-derived from the STORED plain text at the given
 * offsets: when it differs from what the browser sent, the text was edited and not yet saved
 * ('mismatch'), and nothing is written.
 */
export async function createHighlight(db: Db, actorId: string, projectId: string, input: HighlightInput): Promise<HighlightResult> {
  return db.$transaction(async (tx) => {
    let stored: string
    if (input.answerId) {
      const answer = await tx.interviewAnswer.findFirst({
        where: { id: input.answerId, interviewId: input.interviewId, interview: { projectId } },
        select: { contentText: true },
      })
      if (!answer) return { error: 'missing' as const }
      stored = answer.contentText
    } else {
      const interview = await tx.interview.findFirst({ where: { id: input.interviewId, projectId }, select: { notesText: true } })
      if (!interview) return { error: 'missing' as const }
      stored = interview.notesText
    }
    const { startOffset, endOffset } = input
    if (!(Number.isInteger(startOffset) && Number.isInteger(endOffset) && startOffset >= 0 && endOffset > startOffset)) {
      return { error: 'empty' as const }
    }
    if (endOffset > stored.length) return { error: 'mismatch' as const }
    const quote = stored.slice(startOffset, endOffset)
    if (quote.trim() === '') return { error: 'empty' as const }
    if (quote !== input.quote) return { error: 'mismatch' as const }
    const created = await tx.highlight.create({
      data: { projectId, interviewId: input.interviewId, answerId: input.answerId, quote, startOffset, endOffset, createdById: actorId },
      select: { id: true },
    })
    await recordAudit(tx, {
      actorId,
      projectId,
      action: 'highlight.create',
      entityType: 'highlight',
      entityId: created.id,
      after: { interviewId: input.interviewId, answerId: input.answerId, startOffset, endOffset, quote },
    })
    return created
  })
}

/** Removes a highlight that no requirement cites yet (evidence, once used, stays). */
export async function deleteHighlight(db: Db, actorId: string, projectId: string, highlightId: string) {
  return db.$transaction(async (tx) => {
    const before = await tx.highlight.findFirst({
      where: { id: highlightId, projectId },
      select: { interviewId: true, quote: true, _count: { select: { sources: true } } },
    })
    if (!before) return null
    if (before._count.sources > 0) return { error: 'cited' as const }
    await tx.highlight.delete({ where: { id: highlightId } })
    await recordAudit(tx, {
      actorId,
      projectId,
      action: 'highlight.delete',
      entityType: 'highlight',
      entityId: highlightId,
      before: { interviewId: before.interviewId, quote: before.quote },
    })
    return { id: highlightId }
  })
}
