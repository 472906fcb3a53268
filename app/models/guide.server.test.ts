import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import type { Db } from '~/utils/db.server'
import { closeDbs, freshDb, insertUser, projectInput } from '../../tests/setup/test-db'
import {
  addGuideQuestion,
  copyGuideTemplate,
  deleteGuideQuestion,
  getGuide,
  listGuides,
  moveGuideQuestion,
  updateGuide,
  updateGuideQuestion,
} from './guide.server'
import { findGuideTemplate, listGuideTemplates } from './guide-templates.server'
import { createProject } from './project.server'

afterAll(closeDbs)

let db: Db
let lead: string
let projectId: string
let otherProjectId: string

beforeEach(async () => {
  ;({ db } = await freshDb())
  lead = (await insertUser(db)).id
  projectId = (await createProject(db, lead, projectInput({ name: 'Main' }))).id
  otherProjectId = (await createProject(db, lead, projectInput({ name: 'Other' }))).id
})

async function copied(language: 'en' | 'ru', template = 'sales', project = projectId) {
  const result = await copyGuideTemplate(db, lead, project, template, language)
  if (!result) throw new Error('not copied')
  return (await getGuide(db, project, result.id))!
}

describe('guide templates', () => {
  test('the five shipped guides load and validate', () => {
    const ids = listGuideTemplates().map((t) => t.id)
    expect(ids).toEqual(expect.arrayContaining(['sales', 'customer-service', 'warehouse-logistics', 'accounting-finance', 'management']))
  })
})

describe('copyGuideTemplate', () => {
  test('copies a template in Russian: title, department, sections and questions in order', async () => {
    const template = findGuideTemplate('sales')!
    const guide = await copied('ru')
    expect(guide.title).toBe(template.title.ru)
    expect(guide.department).toBe(template.department.ru)
    expect(guide.templateId).toBe('sales')
    const expected = template.sections.flatMap((s) => s.questions.map((q) => ({ section: s.title.ru, text: q.text.ru })))
    expect(guide.questions.map((q) => ({ section: q.section, text: q.text }))).toEqual(expected)
    expect(guide.questions.map((q) => q.position)).toEqual(expected.map((_, i) => i + 1))
    expect(await db.auditEvent.count({ where: { action: 'guide.copy', entityId: guide.id } })).toBe(1)
  })

  test('copies the same template in English', async () => {
    const template = findGuideTemplate('management')!
    const guide = await copied('en', 'management')
    expect(guide.title).toBe(template.title.en)
    expect(guide.questions[0]!.text).toBe(template.sections[0]!.questions[0]!.text.en)
    expect(guide.questions[0]!.hint).toBe(template.sections[0]!.questions[0]!.hint?.en ?? '')
  })

  test('an unknown template copies nothing', async () => {
    expect(await copyGuideTemplate(db, lead, projectId, 'no-such-guide', 'en')).toBeNull()
    expect(await db.interviewGuide.count()).toBe(0)
  })
})

describe('editing a copy', () => {
  test('title and department change; another project’s guide is not found', async () => {
    const guide = await copied('en')
    expect(await updateGuide(db, lead, projectId, guide.id, { title: 'Our sales guide', department: 'Sales', description: '' })).toEqual({ id: guide.id })
    expect((await listGuides(db, projectId))[0]).toMatchObject({ title: 'Our sales guide', department: 'Sales' })
    expect(await updateGuide(db, lead, otherProjectId, guide.id, { title: 'Stolen', department: '', description: '' })).toBeNull()
    expect((await getGuide(db, projectId, guide.id))!.title).toBe('Our sales guide')
  })

  test('questions can be added at the end, edited and deleted with positions kept 1..n', async () => {
    const guide = await copied('en')
    const n = guide.questions.length
    const added = await addGuideQuestion(db, lead, projectId, guide.id, { section: 'Extra', text: 'Anything else?', hint: '' })
    let now = (await getGuide(db, projectId, guide.id))!
    expect(now.questions.at(-1)).toMatchObject({ id: added!.id, position: n + 1, text: 'Anything else?' })

    await updateGuideQuestion(db, lead, projectId, guide.id, added!.id, { section: 'Extra', text: 'Anything more?', hint: 'Open end' })
    await deleteGuideQuestion(db, lead, projectId, guide.id, guide.questions[1]!.id)
    now = (await getGuide(db, projectId, guide.id))!
    expect(now.questions).toHaveLength(n)
    expect(now.questions.map((q) => q.position)).toEqual(Array.from({ length: n }, (_, i) => i + 1))
    expect(now.questions.at(-1)).toMatchObject({ text: 'Anything more?', hint: 'Open end' })
    expect(now.questions.some((q) => q.id === guide.questions[1]!.id)).toBe(false)
  })

  test('up/down swap neighbours; the ends stay put', async () => {
    const guide = await copied('ru')
    const [q1, q2, q3] = guide.questions
    expect(await moveGuideQuestion(db, lead, projectId, guide.id, q2!.id, 'up')).toEqual({ id: q2!.id, moved: true })
    let order = (await getGuide(db, projectId, guide.id))!.questions.map((q) => q.id)
    expect(order.slice(0, 3)).toEqual([q2!.id, q1!.id, q3!.id])
    expect(await moveGuideQuestion(db, lead, projectId, guide.id, q2!.id, 'up')).toEqual({ id: q2!.id, moved: false })
    await moveGuideQuestion(db, lead, projectId, guide.id, q2!.id, 'down')
    await moveGuideQuestion(db, lead, projectId, guide.id, q2!.id, 'down')
    order = (await getGuide(db, projectId, guide.id))!.questions.map((q) => q.id)
    expect(order.slice(0, 3)).toEqual([q1!.id, q3!.id, q2!.id])
    const last = order.at(-1)!
    expect(await moveGuideQuestion(db, lead, projectId, guide.id, last, 'down')).toEqual({ id: last, moved: false })
  })

  test('questions of another project’s guide cannot be touched', async () => {
    const foreign = await copied('en', 'sales', otherProjectId)
    const q = foreign.questions[0]!
    expect(await updateGuideQuestion(db, lead, projectId, foreign.id, q.id, { section: '', text: 'x', hint: '' })).toBeNull()
    expect(await deleteGuideQuestion(db, lead, projectId, foreign.id, q.id)).toBeNull()
    expect(await moveGuideQuestion(db, lead, projectId, foreign.id, foreign.questions[1]!.id, 'up')).toBeNull()
    expect(await addGuideQuestion(db, lead, projectId, foreign.id, { section: '', text: 'x', hint: '' })).toBeNull()
    expect((await getGuide(db, otherProjectId, foreign.id))!.questions.map((x) => x.text)).toEqual(foreign.questions.map((x) => x.text))
  })
})
