import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import type { Db } from '~/utils/db.server'
import { plainTextToDoc, type RichTextDoc } from '~/utils/rich-text'
import { closeDbs, freshDb, insertUser, projectInput } from '../../tests/setup/test-db'
import { saveDepartment } from './department.server'
import { copyGuideTemplate } from './guide.server'
import {
  createHighlight,
  createInterview,
  departmentProgress,
  getInterview,
  saveInterview,
  type NewInterviewInput,
  type SaveInterviewInput,
} from './interview.server'
import { addMember } from './member.server'
import { createProject } from './project.server'

afterAll(closeDbs)

let db: Db
let lead: { id: string; name: string }
let projectId: string
let otherProjectId: string
let salesId: string

beforeEach(async () => {
  ;({ db } = await freshDb())
  lead = await insertUser(db, { name: 'Anna Lead' })
  projectId = (await createProject(db, lead.id, projectInput({ name: 'Main' }))).id
  otherProjectId = (await createProject(db, lead.id, projectInput({ name: 'Other' }))).id
  const sales = await saveDepartment(db, lead.id, projectId, null, { name: 'Sales', headMemberId: null })
  if (!('id' in sales) || !sales.id) throw new Error('no department')
  salesId = sales.id
})

function newInterview(overrides: Partial<NewInterviewInput> = {}): NewInterviewInput {
  return {
    intervieweeName: 'Ivan Petrov',
    intervieweePosition: 'Sales manager',
    departmentId: salesId,
    interviewerId: lead.id,
    date: new Date('2026-03-02T00:00:00Z'),
    intervieweeMemberId: null,
    guideId: null,
    ...overrides,
  }
}

async function created(input: NewInterviewInput, project = projectId) {
  const result = await createInterview(db, lead.id, project, input)
  if (!('id' in result)) throw new Error(`not created: ${result.error}`)
  return result.id
}

async function saveInput(interviewId: string, answers: Record<string, RichTextDoc | unknown>, notes: unknown = plainTextToDoc('')) {
  const interview = (await getInterview(db, projectId, interviewId))!
  return {
    intervieweeName: interview.intervieweeName,
    intervieweePosition: interview.intervieweePosition,
    departmentId: interview.departmentId,
    interviewerId: interview.interviewerId,
    date: interview.date,
    status: 'done',
    version: interview.version,
    answers: Object.entries(answers).map(([id, content]) => ({ id, content })),
    notes,
  } satisfies SaveInterviewInput
}

describe('createInterview', () => {
  test('with a guide, copies its questions in order as empty answers', async () => {
    const guide = (await copyGuideTemplate(db, lead.id, projectId, 'sales', 'en'))!
    const questions = await db.guideQuestion.findMany({ where: { guideId: guide.id }, orderBy: { position: 'asc' } })
    const id = await created(newInterview({ guideId: guide.id }))
    const interview = (await getInterview(db, projectId, id))!
    expect(interview.answers.map((a) => a.question)).toEqual(questions.map((q) => q.text))
    expect(interview.answers.map((a) => a.position)).toEqual(questions.map((_, i) => i + 1))
    expect(interview.status).toBe('planned')
    // A later edit of the guide does not rewrite what was asked.
    await db.guideQuestion.update({ where: { id: questions[0]!.id }, data: { text: 'Changed' } })
    expect((await getInterview(db, projectId, id))!.answers[0]!.question).toBe(questions[0]!.text)
  })

  test('a project member as interviewee fills the name and department', async () => {
    const user = await insertUser(db, { name: 'Olga Member' })
    const member = await addMember(db, lead.id, projectId, { userId: user.id, role: 'member', departmentId: salesId })
    const id = await created(newInterview({ intervieweeName: '', departmentId: null, intervieweeMemberId: member.id }))
    const interview = (await getInterview(db, projectId, id))!
    expect(interview.intervieweeName).toBe('Olga Member')
    expect(interview.departmentId).toBe(salesId)
  })

  test('ids from another project are refused, field by field, and nothing is written', async () => {
    const foreignGuide = (await copyGuideTemplate(db, lead.id, otherProjectId, 'sales', 'en'))!
    const foreignDept = await saveDepartment(db, lead.id, otherProjectId, null, { name: 'Foreign', headMemberId: null })
    const outsider = await insertUser(db)
    expect(await createInterview(db, lead.id, projectId, newInterview({ guideId: foreignGuide.id }))).toEqual({ error: 'guide' })
    expect(await createInterview(db, lead.id, projectId, newInterview({ departmentId: (foreignDept as { id: string }).id }))).toEqual({ error: 'department' })
    expect(await createInterview(db, lead.id, projectId, newInterview({ interviewerId: outsider.id }))).toEqual({ error: 'interviewer' })
    expect(await db.interview.count()).toBe(0)
  })
})

describe('saveInterview', () => {
  test('saves header, answers and notes together and bumps the version', async () => {
    const guide = (await copyGuideTemplate(db, lead.id, projectId, 'sales', 'en'))!
    const id = await created(newInterview({ guideId: guide.id }))
    const [a1, a2] = (await getInterview(db, projectId, id))!.answers
    const input = await saveInput(id, { [a1!.id]: plainTextToDoc('We use Excel.'), [a2!.id]: JSON.stringify(plainTextToDoc('Calls\nE-mail')) }, plainTextToDoc('Notes here'))
    expect(await saveInterview(db, lead.id, projectId, id, input)).toEqual({ ok: true, version: 2 })
    const stored = await db.interview.findUniqueOrThrow({ where: { id }, include: { answers: { orderBy: { position: 'asc' } } } })
    expect(stored.status).toBe('done')
    expect(stored.notesText).toBe('Notes here')
    expect(stored.answers[0]!.contentText).toBe('We use Excel.')
    expect(stored.answers[1]!.contentText).toBe('Calls\nE-mail')
    expect(await db.auditEvent.count({ where: { action: 'interview.update', entityId: id } })).toBe(1)
  })

  test('one invalid answer writes nothing and names its question number', async () => {
    const guide = (await copyGuideTemplate(db, lead.id, projectId, 'sales', 'en'))!
    const id = await created(newInterview({ guideId: guide.id }))
    const [a1, a2, a3] = (await getInterview(db, projectId, id))!.answers
    const input = await saveInput(
      id,
      {
        [a1!.id]: plainTextToDoc('Valid answer'),
        [a2!.id]: plainTextToDoc('Also valid'),
        [a3!.id]: { type: 'doc', content: [{ type: 'video', attrs: { src: 'x' } }] },
      },
      plainTextToDoc('notes'),
    )
    const result = await saveInterview(db, lead.id, projectId, id, input)
    expect(result).toMatchObject({ ok: false, error: 'answer', position: 3, code: 'unknownType', detail: 'video' })
    const stored = await db.interview.findUniqueOrThrow({ where: { id }, include: { answers: true } })
    expect(stored.version).toBe(1)
    expect(stored.notesText).toBe('')
    expect(stored.status).toBe('planned')
    expect(stored.answers.every((a) => a.contentText === '')).toBe(true)
  })

  test('an answer id of another interview refuses the whole save', async () => {
    const guide = (await copyGuideTemplate(db, lead.id, projectId, 'sales', 'en'))!
    const id = await created(newInterview({ guideId: guide.id }))
    const otherId = await created(newInterview({ guideId: guide.id }))
    const mine = (await getInterview(db, projectId, id))!.answers[0]!
    const theirs = (await getInterview(db, projectId, otherId))!.answers[0]!
    const input = await saveInput(id, { [mine.id]: plainTextToDoc('mine'), [theirs.id]: plainTextToDoc('overwritten?') })
    expect(await saveInterview(db, lead.id, projectId, id, input)).toEqual({ ok: false, error: 'missing' })
    expect((await db.interviewAnswer.findUniqueOrThrow({ where: { id: theirs.id } })).contentText).toBe('')
    expect((await db.interviewAnswer.findUniqueOrThrow({ where: { id: mine.id } })).contentText).toBe('')
  })

  test('a save based on an old version is refused with who and when; nothing written', async () => {
    const id = await created(newInterview())
    const first = await saveInput(id, {}, plainTextToDoc('first'))
    const second = await saveInput(id, {}, plainTextToDoc('second'))
    expect(await saveInterview(db, lead.id, projectId, id, first)).toMatchObject({ ok: true })
    const stale = await saveInterview(db, lead.id, projectId, id, second)
    expect(stale).toMatchObject({ ok: false, error: 'stale', updatedBy: 'Anna Lead', updatedAt: expect.any(Date) })
    expect((await db.interview.findUniqueOrThrow({ where: { id } })).notesText).toBe('first')
  })

  test('an interview of another project is not found', async () => {
    const foreign = await created(newInterview({ departmentId: null }), otherProjectId)
    const input = { ...(await saveInput(await created(newInterview()), {})), version: 1 }
    expect(await saveInterview(db, lead.id, projectId, foreign, input)).toEqual({ ok: false, error: 'missing' })
  })
})

describe('createHighlight', () => {
  async function interviewWithAnswer(text: string) {
    const guide = (await copyGuideTemplate(db, lead.id, projectId, 'sales', 'en'))!
    const id = await created(newInterview({ guideId: guide.id }))
    const answer = (await getInterview(db, projectId, id))!.answers[0]!
    const saved = await saveInterview(db, lead.id, projectId, id, await saveInput(id, { [answer.id]: plainTextToDoc(text) }, plainTextToDoc('Notes: deals get lost')))
    expect(saved.ok).toBe(true)
    return { id, answerId: answer.id }
  }

  test('stores the quote re-derived from the stored text at the offsets, audited', async () => {
    const { id, answerId } = await interviewWithAnswer('Orders come by phone.\nWe retype them into 1C.')
    const quote = 'We retype them'
    const start = 'Orders come by phone.\n'.length
    const result = await createHighlight(db, lead.id, projectId, { interviewId: id, answerId, startOffset: start, endOffset: start + quote.length, quote })
    expect(result).toEqual({ id: expect.any(String) })
    const stored = await db.highlight.findUniqueOrThrow({ where: { id: (result as { id: string }).id } })
    expect(stored).toMatchObject({ quote, startOffset: start, endOffset: start + quote.length, answerId, projectId, createdById: lead.id })
    expect(await db.auditEvent.count({ where: { action: 'highlight.create' } })).toBe(1)
  })

  test('a highlight in the notes has no answer', async () => {
    const { id } = await interviewWithAnswer('x')
    const result = await createHighlight(db, lead.id, projectId, { interviewId: id, answerId: null, startOffset: 7, endOffset: 21, quote: 'deals get lost' })
    expect(result).toHaveProperty('id')
    expect((await db.highlight.findFirstOrThrow()).answerId).toBeNull()
  })

  test('a quote that does not match the stored text (unsaved edit) is refused; nothing written', async () => {
    const { id, answerId } = await interviewWithAnswer('Orders come by phone.')
    expect(await createHighlight(db, lead.id, projectId, { interviewId: id, answerId, startOffset: 0, endOffset: 6, quote: 'Order' })).toEqual({ error: 'mismatch' })
    expect(await createHighlight(db, lead.id, projectId, { interviewId: id, answerId, startOffset: 15, endOffset: 40, quote: 'phone. And by e-mail too.' })).toEqual({ error: 'mismatch' })
    expect(await createHighlight(db, lead.id, projectId, { interviewId: id, answerId, startOffset: 5, endOffset: 5, quote: '' })).toEqual({ error: 'empty' })
    expect(await createHighlight(db, lead.id, projectId, { interviewId: id, answerId, startOffset: 6, endOffset: 7, quote: ' ' })).toEqual({ error: 'empty' })
    expect(await db.highlight.count()).toBe(0)
  })

  test('an interview or answer of another project is refused', async () => {
    const { id, answerId } = await interviewWithAnswer('Orders come by phone.')
    const input = { interviewId: id, answerId, startOffset: 0, endOffset: 6, quote: 'Orders' }
    expect(await createHighlight(db, lead.id, otherProjectId, input)).toEqual({ error: 'missing' })
    expect(await createHighlight(db, lead.id, otherProjectId, { ...input, answerId: null })).toEqual({ error: 'missing' })
    // An answer id paired with a different interview of the same project is refused too.
    const other = await created(newInterview())
    expect(await createHighlight(db, lead.id, projectId, { ...input, interviewId: other })).toEqual({ error: 'missing' })
    expect(await db.highlight.count()).toBe(0)
  })
})

describe('departmentProgress', () => {
  test('counts planned and done interviews and distinct extracted requirements per department', async () => {
    const ops = (await saveDepartment(db, lead.id, projectId, null, { name: 'Operations', headMemberId: null })) as { id: string }
    const s1 = await created(newInterview())
    const s2 = await created(newInterview())
    await created(newInterview())
    await created(newInterview({ departmentId: ops.id }))
    const none = await created(newInterview({ departmentId: null }))
    await created(newInterview({ departmentId: null }))
    for (const id of [s1, s2]) await saveInterview(db, lead.id, projectId, id, await saveInput(id, {}, plainTextToDoc('Deals get lost in Excel')))
    await db.interview.update({ where: { id: none }, data: { status: 'cancelled' } })

    const hl = async (interviewId: string) =>
      ((await createHighlight(db, lead.id, projectId, { interviewId, answerId: null, startOffset: 0, endOffset: 5, quote: 'Deals' })) as { id: string }).id
    const h1 = await hl(s1)
    const h2 = await hl(s2)
    const h3 = await hl(s1)
    const requirement = (code: string, deletedAt: Date | null = null) =>
      db.requirement.create({ data: { projectId, code, type: 'functional', title: code, deletedAt }, select: { id: true } })
    const r1 = await requirement('FR-001')
    const r2 = await requirement('FR-002')
    const gone = await requirement('FR-003', new Date())
    // r1 is cited by two highlights of Sales interviews: still one requirement.
    await db.requirementSource.createMany({
      data: [
        { requirementId: r1.id, highlightId: h1 },
        { requirementId: r1.id, highlightId: h2 },
        { requirementId: r2.id, highlightId: h3 },
        { requirementId: gone.id, highlightId: h3 },
      ],
    })
    // A highlight of another project's interview does not count here.
    const foreign = await created(newInterview({ departmentId: null }), otherProjectId)
    expect(foreign).toBeTruthy()

    const rows = await departmentProgress(db, projectId)
    expect(rows).toEqual([
      { departmentId: ops.id, name: 'Operations', planned: 1, done: 0, requirements: 0 },
      { departmentId: salesId, name: 'Sales', planned: 1, done: 2, requirements: 2 },
      // The cancelled one is in neither column.
      { departmentId: null, name: null, planned: 1, done: 0, requirements: 0 },
    ])
  })
})
