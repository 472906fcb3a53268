import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { builderInput, getDraft } from '~/models/spec-draft.server'
import type { Db } from '~/utils/db.server'
import { closeDbs, freshDemoDb } from '../../tests/setup/test-db'
import { buildSpecDocument } from './build.server'
import { blockingItems, checkCompleteness } from './completeness.server'
import { getSpecTemplate } from './templates.server'

let db: Db
let projectId: string

beforeAll(async () => {
  ;({ db } = await freshDemoDb())
  projectId = (await db.project.findUniqueOrThrow({ where: { slug: 'volga-crm' } })).id
}, 60_000)
afterAll(closeDbs)

async function check(titleOverrides: Record<string, string> = {}) {
  const draft = await getDraft(db, projectId)
  const input = { ...builderInput(draft), titleFields: { ...draft.titleFields, ...titleOverrides } }
  const built = await buildSpecDocument(db, projectId, input)
  const items = checkCompleteness(getSpecTemplate(input.templateId)!, built)
  return Object.fromEntries(items.map((i) => [i.id, i]))
}

describe('the GOST completeness check', () => {
  it('passes on the demo draft that was issued and signed', async () => {
    const items = await check()
    expect(blockingItems(Object.values(items))).toEqual([])
    expect(items['sections-present']!.ok).toBe(true)
  })

  it('names the empty section-1 fields by their labels, in the document language', async () => {
    const items = await check({ contractNumber: '', financing: '' })
    expect(items['general-info-filled']).toMatchObject({ ok: false, severity: 'error' })
    expect(items['general-info-filled']!.missing).toEqual(['Номер договора (контракта)', 'Источники и порядок финансирования'])
  })

  it('lists an approved must requirement without an acceptance criterion, and an integration missing one direction’s data', async () => {
    const must = await db.requirement.findFirstOrThrow({ where: { projectId, priority: 'must', status: 'approved', type: { not: 'integration' } }, orderBy: { code: 'asc' } })
    const integration = await db.requirement.findFirstOrThrow({ where: { projectId, type: 'integration', status: 'approved' }, orderBy: { code: 'asc' } })
    await db.requirement.update({ where: { id: must.id }, data: { acceptanceCriterion: '  ' } })
    await db.requirement.update({ where: { id: integration.id }, data: { integrationDirection: 'both', integrationDataOut: '[]' } })
    const items = await check()
    expect(items['must-acceptance']!.missing).toEqual([must.code])
    expect(items['integration-directions']!.missing).toEqual([integration.code])
    expect(blockingItems(Object.values(items)).map((i) => i.id)).toEqual(['must-acceptance', 'integration-directions'])
  })

  it('asks for estimates only of improvements the lead took up for the chosen system', async () => {
    const decision = await db.decision.findUniqueOrThrow({ where: { projectId } })
    const base = { projectId, candidateId: decision.chosenCandidateId!, stage: '1', description: '', feasibility: 'feasible' }
    await db.improvement.create({ data: { ...base, code: 'IMP-901', title: 'Taken up, not estimated', status: 'sent' } })
    await db.improvement.create({ data: { ...base, code: 'IMP-902', title: 'Only suggested', status: 'suggested' } })
    await db.improvement.create({ data: { ...base, code: 'IMP-903', title: 'Dismissed', status: 'dismissed' } })
    const items = await check()
    expect(items['improvements-estimated']!.missing).toEqual(['IMP-901'])
  })
})
