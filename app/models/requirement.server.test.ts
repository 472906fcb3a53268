import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import type { Db } from '~/utils/db.server'
import { RequirementFormSchema, RequirementInputSchema, type RequirementInputDraft } from '~/schemas/requirement'
import { closeDbs, freshDb, insertUser, projectInput } from '../../tests/setup/test-db'
import { verifyAuditChain } from './audit.server'
import { createProject } from './project.server'
import {
  addComment,
  addRequirementLink,
  bulkUpdateRequirements,
  createRequirement,
  deleteRequirement,
  listRequirements,
  RequirementError,
  setRequirementStatus,
  updateRequirement,
} from './requirement.server'
import { ListQuerySchema } from '~/schemas/requirement'

afterAll(closeDbs)

let db: Db
let lead: { id: string; name: string }
let projectId: string
let otherProjectId: string
const asLead = () => ({ id: lead.id, canApprove: true })

beforeEach(async () => {
  ;({ db } = await freshDb())
  lead = await insertUser(db, { name: 'Olga Sokolova' })
  projectId = (await createProject(db, lead.id, projectInput({ name: 'Main', documentLanguage: 'ru' }))).id
  otherProjectId = (await createProject(db, lead.id, projectInput({ name: 'Other' }))).id
})

function req(overrides: Partial<RequirementInputDraft> = {}): RequirementInputDraft {
  return {
    title: 'Журнал звонков',
    statement: 'Система должна сохранять каждый звонок.',
    acceptanceCriterion: 'Совершить 3 звонка: в журнале 3 записи.',
    type: 'functional',
    priority: 'must',
    stage: '1',
    ...overrides,
  }
}

const integration = (overrides: Partial<RequirementInputDraft> = {}) =>
  req({
    type: 'integration',
    integrationSystem: 'accounting',
    integrationSystemName: '1C',
    integrationDirection: 'in',
    integrationDataIn: ['invoices'],
    integrationTrigger: 'every 15 minutes',
    integrationVolume: '200 invoices a day',
    ...overrides,
  })

function issuesOf(input: RequirementInputDraft) {
  const r = RequirementInputSchema.safeParse(input)
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${i.message}`)
}

describe('codes', () => {
  test('allocated per prefix, zero-padded, and never reused after deletion', async () => {
    const a = await createRequirement(db, asLead(), projectId, req())
    const b = await createRequirement(db, asLead(), projectId, req())
    const i = await createRequirement(db, asLead(), projectId, integration())
    const n = await createRequirement(db, asLead(), projectId, req({ type: 'non_functional' }))
    expect([a.code, b.code, i.code, n.code]).toEqual(['FR-001', 'FR-002', 'INT-001', 'NFR-001'])
    await deleteRequirement(db, lead.id, projectId, b.id)
    const c = await createRequirement(db, asLead(), projectId, req())
    expect(c.code).toBe('FR-003')
    expect(await db.requirement.count({ where: { projectId, code: 'FR-002' } })).toBe(1)
    // Another project counts on its own.
    expect((await createRequirement(db, asLead(), otherProjectId, req())).code).toBe('FR-001')
  })

  test('changing the type keeps the code', async () => {
    const a = await createRequirement(db, asLead(), projectId, req())
    const saved = await updateRequirement(db, asLead(), projectId, a.id, 1, req({ type: 'reporting' }))
    expect(saved).toEqual({ ok: true, code: 'FR-001' })
    expect(await db.requirement.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ type: 'reporting', code: 'FR-001', version: 2 })
    expect((await createRequirement(db, asLead(), projectId, req({ type: 'reporting' }))).code).toBe('REP-001')
  })
})

describe('integration validation', () => {
  test('a complete integration passes, and one-way keeps no list for the other direction', () => {
    expect(issuesOf(integration())).toEqual([])
    const parsed = RequirementInputSchema.parse(integration({ integrationDataOut: ['orders'] }))
    expect(parsed.integrationDataOut).toEqual([])
  })
  test('direction in needs data in; out needs data out; both needs both', () => {
    expect(issuesOf(integration({ integrationDataIn: [] }))).toEqual(['integrationDataIn:requirements.errors.dataInRequired'])
    expect(issuesOf(integration({ integrationDirection: 'out', integrationDataIn: ['invoices'] }))).toEqual([
      'integrationDataOut:requirements.errors.dataOutRequired',
    ])
    expect(issuesOf(integration({ integrationDirection: 'both', integrationDataIn: [], integrationDataOut: [] }))).toEqual([
      'integrationDataIn:requirements.errors.dataInRequired',
      'integrationDataOut:requirements.errors.dataOutRequired',
    ])
    expect(issuesOf(integration({ integrationDirection: 'both', integrationDataOut: ['orders'] }))).toEqual([])
  })
  test('"everything" and its kin are refused as data objects, in English and Russian', () => {
    for (const word of ['everything', 'All data', 'всё', 'Все данные', 'ВСЁ!', 'информация']) {
      expect(issuesOf(integration({ integrationDataIn: ['invoices', word] })), word).toEqual(['integrationDataIn:requirements.errors.vagueDataObject'])
    }
    expect(issuesOf(integration({ integrationDataIn: ['all invoices', 'все счета'] }))).toEqual([])
  })
  test('system, direction, trigger and volume are required', () => {
    expect(
      issuesOf(integration({ integrationSystem: null, integrationDirection: null, integrationDataIn: [], integrationTrigger: '', integrationVolume: '  ' })),
    ).toEqual([
      'integrationSystem:requirements.errors.systemRequired',
      'integrationDirection:requirements.errors.directionRequired',
      'integrationTrigger:requirements.errors.triggerRequired',
      'integrationVolume:requirements.errors.volumeRequired',
    ])
  })
  test('the form splits lists and tags; the model refuses what the form would', async () => {
    const r = RequirementFormSchema.safeParse({
      title: 'Обмен с 1С',
      type: 'integration',
      priority: 'must',
      stage: '1',
      tags: ' 1c, Счета ,1C, ',
      integrationSystem: 'accounting',
      integrationDirection: 'both',
      integrationDataIn: 'оплаты\nсчета',
      integrationDataOut: 'всё',
      integrationTrigger: 'каждые 15 минут',
      integrationVolume: '200 в день',
    })
    expect(r.success).toBe(false)
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['integrationDataOut'])
    await expect(createRequirement(db, asLead(), projectId, integration({ integrationDataIn: ['everything'] }))).rejects.toBeInstanceOf(RequirementError)
    const ok = RequirementFormSchema.parse({ title: 'x', type: 'functional', priority: 'must', stage: '1', tags: ' 1c, Счета ,1C, ' })
    expect(ok.tags).toEqual(['1c', 'Счета'])
    expect(RequirementFormSchema.safeParse({ title: 'x', type: 'functional', priority: 'must', stage: '1', tags: 'a'.repeat(41) }).success).toBe(false)
    expect(RequirementFormSchema.safeParse({ title: 'x', type: 'bogus', priority: 'must', stage: '1' }).success).toBe(false)
  })
})

describe('optimistic locking', () => {
  test('a save based on an old version returns who changed it and when, and writes nothing', async () => {
    const bob = await insertUser(db, { name: 'Bob Volkov' })
    const a = await createRequirement(db, asLead(), projectId, req())
    await updateRequirement(db, { id: bob.id, canApprove: false }, projectId, a.id, 1, req({ title: 'Bob’s title' }))
    const eventsBefore = await db.auditEvent.count({ where: { projectId } })
    const result = await updateRequirement(db, asLead(), projectId, a.id, 1, req({ title: 'Olga’s title' }))
    expect(result).toMatchObject({ conflict: { by: 'Bob Volkov' } })
    expect(result && 'conflict' in result && result.conflict.at).toBeInstanceOf(Date)
    const row = await db.requirement.findUniqueOrThrow({ where: { id: a.id } })
    expect(row).toMatchObject({ title: 'Bob’s title', version: 2 })
    expect(await db.auditEvent.count({ where: { projectId } })).toBe(eventsBefore)
  })
  test('another project’s requirement is not found', async () => {
    const a = await createRequirement(db, asLead(), otherProjectId, req())
    expect(await updateRequirement(db, asLead(), projectId, a.id, 1, req())).toBeNull()
  })
})

describe('evidence and links', () => {
  async function highlightIn(pid: string) {
    const interview = await db.interview.create({ data: { projectId: pid, intervieweeName: 'Anna' } })
    return db.highlight.create({ data: { projectId: pid, interviewId: interview.id, quote: 'мы теряем звонки', startOffset: 0, endOffset: 16 } })
  }
  async function stepIn(pid: string) {
    const process = await db.process.create({ data: { projectId: pid, name: 'Order to cash', position: 1 } })
    return db.processStep.create({ data: { processId: process.id, position: 1, title: 'Approve order' } })
  }

  test('evidence from the same project is linked in the same transaction', async () => {
    const h = await highlightIn(projectId)
    const s = await stepIn(projectId)
    const a = await createRequirement(db, asLead(), projectId, req(), [{ highlightId: h.id }, { processStepId: s.id }])
    const sources = await db.requirementSource.findMany({ where: { requirementId: a.id } })
    expect(sources.map((x) => x.highlightId ?? x.processStepId).sort()).toEqual([h.id, s.id].sort())
  })

  test('a highlight or step of another project is refused and nothing is written', async () => {
    const h = await highlightIn(otherProjectId)
    const s = await stepIn(otherProjectId)
    const before = await db.requirement.count()
    await expect(createRequirement(db, asLead(), projectId, req(), [{ highlightId: h.id }])).rejects.toMatchObject({ reason: 'highlight' })
    await expect(createRequirement(db, asLead(), projectId, req(), [{ processStepId: s.id }])).rejects.toMatchObject({ reason: 'step' })
    expect(await db.requirement.count()).toBe(before)
    expect(await db.requirementCodeCounter.count({ where: { projectId, prefix: 'FR' } })).toBe(0)
  })

  test('links: other project refused, self-link refused, duplicate refused; both directions readable', async () => {
    const a = await createRequirement(db, asLead(), projectId, req())
    const b = await createRequirement(db, asLead(), projectId, req())
    const foreign = await createRequirement(db, asLead(), otherProjectId, req())
    await expect(addRequirementLink(db, lead.id, projectId, a.id, { id: foreign.id }, 'refines')).rejects.toMatchObject({ reason: 'linkTarget' })
    await expect(addRequirementLink(db, lead.id, projectId, a.id, { code: 'FR-001' }, 'refines')).rejects.toMatchObject({ reason: 'linkSelf' })
    await addRequirementLink(db, lead.id, projectId, a.id, { code: b.code }, 'depends_on')
    await expect(addRequirementLink(db, lead.id, projectId, a.id, { code: b.code }, 'depends_on')).rejects.toMatchObject({ reason: 'linkDuplicate' })
    expect(await db.requirementLink.count({ where: { toId: b.id } })).toBe(1)
  })
})

describe('status and bulk change', () => {
  test('decisions need the lead; draft ↔ proposed does not', async () => {
    const member = { id: (await insertUser(db)).id, canApprove: false }
    const a = await createRequirement(db, asLead(), projectId, req())
    await setRequirementStatus(db, member, projectId, a.id, 'proposed')
    await expect(setRequirementStatus(db, member, projectId, a.id, 'approved')).rejects.toMatchObject({ reason: 'status' })
    await setRequirementStatus(db, asLead(), projectId, a.id, 'approved')
    await expect(setRequirementStatus(db, member, projectId, a.id, 'draft')).rejects.toMatchObject({ reason: 'status' })
    expect((await db.requirement.findUniqueOrThrow({ where: { id: a.id } })).status).toBe('approved')
  })

  test('bulk change is all or nothing with one audit event per requirement', async () => {
    const a = await createRequirement(db, asLead(), projectId, req())
    const b = await createRequirement(db, asLead(), projectId, req({ priority: 'could' }))
    const foreign = await createRequirement(db, asLead(), otherProjectId, req())
    expect(await bulkUpdateRequirements(db, lead.id, projectId, [a.id, foreign.id], { stage: '2' })).toBeNull()
    expect((await db.requirement.findUniqueOrThrow({ where: { id: a.id } })).stage).toBe('1')
    expect(await bulkUpdateRequirements(db, lead.id, projectId, [a.id, b.id], { stage: '2', priority: 'should' })).toBe(2)
    const rows = await db.requirement.findMany({ where: { id: { in: [a.id, b.id] } } })
    expect(rows.map((r) => [r.stage, r.priority])).toEqual([
      ['2', 'should'],
      ['2', 'should'],
    ])
    const events = await db.auditEvent.findMany({ where: { action: 'requirement.bulk' } })
    expect(events.map((e) => e.entityId).sort()).toEqual([a.id, b.id].sort())
    expect(JSON.parse(events.find((e) => e.entityId === b.id)!.summary)).toEqual({ before: { stage: '1', priority: 'could' }, after: { stage: '2', priority: 'should' } })
    expect((await verifyAuditChain(db, projectId)).ok).toBe(true)
  })
})

describe('derived fields', () => {
  test('lint findings are stored at save in the document language', async () => {
    const a = await createRequirement(db, asLead(), projectId, req({ statement: 'Система должна быстро и удобно показывать отчёты и т.д.', acceptanceCriterion: '' }))
    const row = await db.requirement.findUniqueOrThrow({ where: { id: a.id } })
    const rules = JSON.parse(row.lintRules) as string[]
    expect(rules).toContain('missing-acceptance-criterion')
    expect(rules.length).toBeGreaterThanOrEqual(2)
    expect(row.lintCount).toBeGreaterThanOrEqual(rules.length)
    await updateRequirement(db, asLead(), projectId, a.id, 1, req())
    expect((await db.requirement.findUniqueOrThrow({ where: { id: a.id } })).lintCount).toBe(0)
  })

  test('search is case-insensitive for Cyrillic and folds ё', async () => {
    await createRequirement(db, asLead(), projectId, req({ title: 'Запись звонков', statement: 'Система должна хранить счёт клиента.' }))
    await createRequirement(db, asLead(), projectId, req({ title: 'Отчёт по продажам' }))
    const find = async (q: string) => (await listRequirements(db, projectId, ListQuerySchema.parse({ q }), 'ru')).rows.map((r) => r.title)
    expect(await find('ЗВОНКОВ')).toEqual(['Запись звонков'])
    expect(await find('СЧЕТ')).toEqual(['Запись звонков'])
    expect(await find('fr-002')).toEqual(['Отчёт по продажам'])
  })

  test('list filters, sorts codes numerically and pages', async () => {
    for (let i = 0; i < 12; i++) await createRequirement(db, asLead(), projectId, req({ priority: i % 3 === 0 ? 'must' : 'could', tags: i === 5 ? ['crm'] : [] }))
    const q = (o: Record<string, string>) => listRequirements(db, projectId, ListQuerySchema.parse(o), 'en', 5)
    const first = await q({ type: 'functional', sort: 'code', dir: 'desc' })
    expect(first.total).toBe(12)
    expect(first.pages).toBe(3)
    expect(first.rows.map((r) => r.code)).toEqual(['FR-012', 'FR-011', 'FR-010', 'FR-009', 'FR-008'])
    expect((await q({ priority: 'must', type: 'functional' })).total).toBe(4)
    expect((await q({ tag: 'crm' })).rows.map((r) => r.code)).toEqual(['FR-006'])
    expect((await q({ type: 'security' })).total).toBe(28)
    expect((await q({ sort: 'priority', type: 'functional' })).rows[0]!.priority).toBe('must')
  })
})

describe('comments', () => {
  test('a remark opens a thread; a justification answers it; a decision needs the lead; extra fields are ignored', async () => {
    const a = await createRequirement(db, asLead(), projectId, req())
    const member = { id: (await insertUser(db)).id, canApprove: false }
    const remark = await addComment(db, member, projectId, a.id, { kind: 'remark', body: 'Which period?', parentId: null, intent: 'comment' } as never)
    expect(remark).not.toBeNull()
    await addComment(db, member, projectId, a.id, { kind: 'justification', body: 'Last 7 days', parentId: remark!.id })
    await expect(addComment(db, member, projectId, a.id, { kind: 'decision', body: 'OK', parentId: remark!.id })).rejects.toMatchObject({ reason: 'decisionComment' })
    await expect(addComment(db, member, projectId, a.id, { kind: 'justification', body: 'x', parentId: null })).rejects.toMatchObject({ reason: 'commentParent' })
    await addComment(db, asLead(), projectId, a.id, { kind: 'decision', body: 'Agreed: 7 days', parentId: remark!.id })
    expect((await db.comment.findMany({ where: { requirementId: a.id }, orderBy: { createdAt: 'asc' } })).map((c) => c.kind)).toEqual(['remark', 'justification', 'decision'])
  })
})

describe('rich-text statement', () => {
  test('the editor JSON is stored with its plain text; unknown node types and malformed JSON are refused, nothing written', async () => {
    const doc = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', marks: [{ type: 'bold' }], text: 'Система должна звонить' }] }] }
    const ok = await createRequirement(db, asLead(), projectId, req({ statement: JSON.stringify(doc) }))
    const stored = await db.requirement.findFirstOrThrow({ where: { code: ok.code, projectId } })
    expect(stored.statementText).toBe('Система должна звонить')
    expect(JSON.parse(stored.statement)).toEqual(doc)

    const before = await db.requirement.count({ where: { projectId } })
    const evil = { type: 'doc', content: [{ type: 'iframe', attrs: { src: 'https://example.com' } }] }
    await expect(createRequirement(db, asLead(), projectId, req({ statement: JSON.stringify(evil) }))).rejects.toBeInstanceOf(RequirementError)
    await expect(createRequirement(db, asLead(), projectId, req({ statement: '{"type":"doc","content":[' }))).rejects.toBeInstanceOf(RequirementError)
    expect(await db.requirement.count({ where: { projectId } })).toBe(before)
  })
})
