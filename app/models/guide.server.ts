import type { Db, Tx } from '~/utils/db.server'
import { recordAudit } from './audit.server'
import { findGuideTemplate, guideTemplateIn, type GuideLanguage } from './guide-templates.server'

/** A project's own interview guides (copies of shipped templates, then edited). */
export function listGuides(db: Db, projectId: string) {
  return db.interviewGuide.findMany({
    where: { projectId },
    orderBy: [{ department: 'asc' }, { title: 'asc' }],
    select: {
      id: true,
      title: true,
      department: true,
      templateId: true,
      _count: { select: { questions: true, interviews: true } },
    },
  })
}

export function getGuide(db: Db, projectId: string, guideId: string) {
  return db.interviewGuide.findFirst({
    where: { id: guideId, projectId },
    select: {
      id: true,
      title: true,
      department: true,
      description: true,
      templateId: true,
      updatedAt: true,
      questions: { orderBy: { position: 'asc' }, select: { id: true, position: true, section: true, text: true, hint: true } },
      _count: { select: { interviews: true } },
    },
  })
}

/** Copies a shipped template into the project in one language; null when there is no such template. */
export async function copyGuideTemplate(db: Db, actorId: string, projectId: string, templateId: string, language: GuideLanguage) {
  const template = findGuideTemplate(templateId)
  if (!template) return null
  const copy = guideTemplateIn(template, language)
  return db.$transaction(async (tx) => {
    const guide = await tx.interviewGuide.create({
      data: {
        projectId,
        templateId: copy.id,
        title: copy.title,
        department: copy.department,
        description: copy.description,
        questions: { create: copy.questions.map((q, i) => ({ position: i + 1, section: q.section, text: q.text, hint: q.hint })) },
      },
      select: { id: true },
    })
    await recordAudit(tx, {
      actorId,
      projectId,
      action: 'guide.copy',
      entityType: 'interview_guide',
      entityId: guide.id,
      after: { templateId, language, title: copy.title, questions: copy.questions.length },
    })
    return guide
  })
}

type GuideFields = { title: string; department: string; description: string }

export async function updateGuide(db: Db, actorId: string, projectId: string, guideId: string, input: GuideFields) {
  return db.$transaction(async (tx) => {
    const before = await tx.interviewGuide.findFirst({ where: { id: guideId, projectId }, select: { title: true, department: true, description: true } })
    if (!before) return null
    await tx.interviewGuide.update({ where: { id: guideId }, data: input })
    await recordAudit(tx, { actorId, projectId, action: 'guide.update', entityType: 'interview_guide', entityId: guideId, before, after: input })
    return { id: guideId }
  })
}

/** Deleting a guide keeps the interviews held with it: their questions were copied. */
export async function deleteGuide(db: Db, actorId: string, projectId: string, guideId: string) {
  return db.$transaction(async (tx) => {
    const before = await tx.interviewGuide.findFirst({ where: { id: guideId, projectId }, select: { title: true } })
    if (!before) return null
    await tx.interviewGuide.delete({ where: { id: guideId } })
    await recordAudit(tx, { actorId, projectId, action: 'guide.delete', entityType: 'interview_guide', entityId: guideId, before })
    return { id: guideId }
  })
}

type QuestionFields = { section: string; text: string; hint: string }

function guideInProject(tx: Tx, projectId: string, guideId: string) {
  return tx.interviewGuide.findFirst({ where: { id: guideId, projectId }, select: { id: true } })
}

function questionInProject(tx: Tx, projectId: string, guideId: string, questionId: string) {
  return tx.guideQuestion.findFirst({
    where: { id: questionId, guideId, guide: { projectId } },
    select: { id: true, position: true, section: true, text: true, hint: true },
  })
}

async function touchGuide(tx: Tx, guideId: string) {
  await tx.interviewGuide.update({ where: { id: guideId }, data: { updatedAt: new Date() } })
}

/** Adds a question at the end of the guide. */
export async function addGuideQuestion(db: Db, actorId: string, projectId: string, guideId: string, input: QuestionFields) {
  return db.$transaction(async (tx) => {
    if (!(await guideInProject(tx, projectId, guideId))) return null
    const last = await tx.guideQuestion.findFirst({ where: { guideId }, orderBy: { position: 'desc' }, select: { position: true } })
    const created = await tx.guideQuestion.create({ data: { guideId, position: (last?.position ?? 0) + 1, ...input }, select: { id: true } })
    await touchGuide(tx, guideId)
    await recordAudit(tx, { actorId, projectId, action: 'guide.question.add', entityType: 'interview_guide', entityId: guideId, after: input })
    return created
  })
}

export async function updateGuideQuestion(
  db: Db,
  actorId: string,
  projectId: string,
  guideId: string,
  questionId: string,
  input: QuestionFields,
) {
  return db.$transaction(async (tx) => {
    const before = await questionInProject(tx, projectId, guideId, questionId)
    if (!before) return null
    await tx.guideQuestion.update({ where: { id: questionId }, data: input })
    await touchGuide(tx, guideId)
    await recordAudit(tx, {
      actorId,
      projectId,
      action: 'guide.question.update',
      entityType: 'interview_guide',
      entityId: guideId,
      before: { section: before.section, text: before.text, hint: before.hint },
      after: input,
    })
    return { id: questionId }
  })
}

/** Removes a question and closes the gap, so positions stay 1..n. */
export async function deleteGuideQuestion(db: Db, actorId: string, projectId: string, guideId: string, questionId: string) {
  return db.$transaction(async (tx) => {
    const before = await questionInProject(tx, projectId, guideId, questionId)
    if (!before) return null
    await tx.guideQuestion.delete({ where: { id: questionId } })
    await tx.guideQuestion.updateMany({ where: { guideId, position: { gt: before.position } }, data: { position: { decrement: 1 } } })
    await touchGuide(tx, guideId)
    await recordAudit(tx, { actorId, projectId, action: 'guide.question.delete', entityType: 'interview_guide', entityId: guideId, before })
    return { id: questionId }
  })
}

/** Swaps a question with its neighbour; moving the first up or the last down changes nothing. */
export async function moveGuideQuestion(
  db: Db,
  actorId: string,
  projectId: string,
  guideId: string,
  questionId: string,
  direction: 'up' | 'down',
) {
  return db.$transaction(async (tx) => {
    const question = await questionInProject(tx, projectId, guideId, questionId)
    if (!question) return null
    const neighbour = await tx.guideQuestion.findFirst({
      where: { guideId, position: direction === 'up' ? { lt: question.position } : { gt: question.position } },
      orderBy: { position: direction === 'up' ? 'desc' : 'asc' },
      select: { id: true, position: true },
    })
    if (!neighbour) return { id: questionId, moved: false }
    await tx.guideQuestion.update({ where: { id: question.id }, data: { position: neighbour.position } })
    await tx.guideQuestion.update({ where: { id: neighbour.id }, data: { position: question.position } })
    await touchGuide(tx, guideId)
    await recordAudit(tx, {
      actorId,
      projectId,
      action: 'guide.question.move',
      entityType: 'interview_guide',
      entityId: guideId,
      before: { questionId, position: question.position },
      after: { questionId, position: neighbour.position },
    })
    return { id: questionId, moved: true }
  })
}
