import { copyGuideTemplate } from '~/models/guide.server'
import { createHighlight, createInterview, saveInterview } from '~/models/interview.server'
import { addStep, createProcess } from '~/models/process.server'
import { rateRequirement } from '~/models/rating.server'
import { CRM_CATALOGUE, catalogueItemInput, loadCatalogue } from '~/models/requirement-catalogue.server'
import { addRequirementLink, createRequirement, type SourceRef } from '~/models/requirement.server'
import type { Db } from '~/utils/db.server'
import { plainTextToDoc, richTextToPlainText } from '~/utils/rich-text'
import type { DemoDiscovery, DemoRequirement } from './demo-discovery-data'

/**
 * Writes a demo project's discovery content (app/cli/demo-discovery-data.ts) through the same
 * model functions the screens use: processes and steps, guide copies, interviews with their
 * answers and highlights, requirements with evidence, ratings and links. Anything the models
 * refuse stops the seed with the reason, so the demo never shows half-valid data.
 */
export async function seedDemoDiscovery(db: Db, projectId: string, language: 'en' | 'ru', content: DemoDiscovery) {
  const project = await db.project.findUniqueOrThrow({
    where: { id: projectId },
    select: {
      departments: { select: { id: true, name: true } },
      memberships: { select: { id: true, role: true, user: { select: { id: true, email: true } } } },
    },
  })
  const lead = project.memberships.find((m) => m.role === 'lead')!.user
  const userByEmail = new Map(project.memberships.map((m) => [m.user.email, m.user.id]))
  const department = (name: string | undefined) => {
    if (!name) return null
    const found = project.departments.find((d) => d.name === name)
    if (!found) throw new Error(`demo data names an unknown department "${name}"`)
    return found.id
  }
  const person = (email: string) => {
    const id = userByEmail.get(email)
    if (!id) throw new Error(`demo data names ${email}, who is not a member of the project`)
    return id
  }
  /** The model's success value; a refusal stops the seed with the model's reason. */
  const must = <T extends object>(result: T | null, what: string): Exclude<T, { ok: false } | { error: unknown }> => {
    if (result === null || ('ok' in result && result.ok === false) || 'error' in result) {
      throw new Error(`demo ${what} refused: ${JSON.stringify(result)}`)
    }
    return result as Exclude<T, { ok: false } | { error: unknown }>
  }

  // Processes and their steps.
  const stepIds = new Map<string, string[]>()
  for (const process of content.processes) {
    const created = must(
      await createProcess(db, lead.id, projectId, { name: process.name, departmentId: department(process.department), description: process.description }),
      `process ${process.key}`,
    )
    const ids: string[] = []
    for (const step of process.steps) ids.push(must(await addStep(db, lead.id, projectId, created.id, null, step), `step of ${process.key}`).id)
    stepIds.set(process.key, ids)
  }

  // Guides the interviews used, copied into the project.
  const guideIds = new Map<string, string>()
  for (const templateId of new Set(content.interviews.flatMap((i) => (i.guideTemplateId ? [i.guideTemplateId] : [])))) {
    guideIds.set(templateId, must(await copyGuideTemplate(db, lead.id, projectId, templateId, language), `guide ${templateId}`).id)
  }

  // Interviews: the questions as asked (the guide stays linked for reference), answers, highlights.
  const highlightsFor = new Map<string, SourceRef[]>()
  for (const interview of content.interviews) {
    const interviewerId = person(interview.interviewerEmail)
    const created = must(
      await createInterview(db, interviewerId, projectId, {
        intervieweeName: interview.intervieweeName,
        intervieweePosition: interview.position,
        departmentId: department(interview.department),
        interviewerId,
        date: new Date(`${interview.date}T09:00:00Z`),
        intervieweeMemberId: null,
        guideId: null,
        questions: interview.answers.map((a) => a.question),
      }),
      `interview with ${interview.intervieweeName}`,
    )
    const stored = await db.interview.findUniqueOrThrow({
      where: { id: created.id },
      select: { version: true, answers: { orderBy: { position: 'asc' }, select: { id: true } } },
    })
    const answerDocs = interview.answers.map((a) => plainTextToDoc(a.text))
    const notesDoc = plainTextToDoc(interview.notes)
    must(
      await saveInterview(db, interviewerId, projectId, created.id, {
        intervieweeName: interview.intervieweeName,
        intervieweePosition: interview.position,
        departmentId: department(interview.department),
        interviewerId,
        date: new Date(`${interview.date}T09:00:00Z`),
        status: interview.status,
        version: stored.version,
        answers: stored.answers.map((a, i) => ({ id: a.id, content: answerDocs[i] })),
        notes: notesDoc,
      }),
      `answers of ${interview.intervieweeName}`,
    )
    if (interview.guideTemplateId) await db.interview.update({ where: { id: created.id }, data: { guideId: guideIds.get(interview.guideTemplateId)! } })
    for (const h of interview.highlights) {
      const text = richTextToPlainText(h.answer === 'notes' ? notesDoc : answerDocs[h.answer]!)
      const start = text.indexOf(h.quote)
      if (start < 0) throw new Error(`demo quote not found: ${h.quote}`)
      const highlight = must(
        await createHighlight(db, interviewerId, projectId, {
          interviewId: created.id,
          answerId: h.answer === 'notes' ? null : stored.answers[h.answer]!.id,
          startOffset: start,
          endOffset: start + h.quote.length,
          quote: h.quote,
        }),
        'highlight',
      )
      highlightsFor.set(h.requirement, [...(highlightsFor.get(h.requirement) ?? []), { highlightId: highlight.id }])
    }
  }

  // Requirements, with their evidence.
  const catalogue = new Map(loadCatalogue(CRM_CATALOGUE).items.map((item) => [item.key, item]))
  const requirementIds = new Map<string, string>()
  const codes = new Map<string, string>()
  for (const r of content.requirements) {
    const sources: SourceRef[] = [
      ...(highlightsFor.get(r.key) ?? []),
      ...(r.fromSteps ?? []).map((s) => ({ processStepId: stepIds.get(s.process)![s.step]! })),
    ]
    const created = await createRequirement(
      db,
      { id: lead.id, canApprove: true },
      projectId,
      requirementInput(r, language, catalogue, department(r.department)),
      sources,
    ).catch((error: unknown) => {
      throw new Error(`demo requirement ${r.key}: ${error instanceof Error ? error.message : String(error)}`)
    })
    requirementIds.set(r.key, created.id)
    codes.set(r.key, created.code)
    for (const rating of r.ratings ?? []) {
      await rateRequirement(db, person(rating.raterEmail), projectId, created.id, { importance: rating.importance, comment: rating.comment ?? '' })
    }
  }
  for (const link of content.links) {
    must(await addRequirementLink(db, lead.id, projectId, requirementIds.get(link.from)!, { code: codes.get(link.to)! }, link.kind), `link ${link.from} → ${link.to}`)
  }
}

function requirementInput(
  r: DemoRequirement,
  language: 'en' | 'ru',
  catalogue: Map<string, Parameters<typeof catalogueItemInput>[0]>,
  departmentId: string | null,
) {
  const item = r.catalogueKey ? catalogue.get(r.catalogueKey) : undefined
  if (r.catalogueKey && !item) throw new Error(`demo data names an unknown catalogue item ${r.catalogueKey}`)
  const base = item ? catalogueItemInput(item, language, 'proposed') : undefined
  const i = r.integration
  return {
    ...base,
    title: r.title ?? base?.title,
    statement: r.statement ?? base?.statement,
    rationale: r.rationale ?? base?.rationale ?? '',
    acceptanceCriterion: r.acceptanceCriterion ?? base?.acceptanceCriterion ?? '',
    type: r.type ?? base?.type,
    priority: r.priority,
    departmentId,
    status: r.status,
    stage: r.stage,
    tags: r.tags ?? base?.tags ?? [],
    ...(i
      ? {
          integrationSystem: i.system,
          integrationSystemName: i.systemName,
          integrationDirection: i.direction,
          integrationDataIn: i.dataIn,
          integrationDataOut: i.dataOut,
          integrationTrigger: i.trigger,
          integrationVolume: i.volume,
        }
      : {}),
  }
}
