import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '~/utils/db.server'
import { closeDbs, freshDemoDb } from '../../tests/setup/test-db'
import { buildSpecDocument } from './build.server'
import { specContentHash } from './hash'
import { flattenSections, type Block, type Section } from './spec-document'

let db: Db
let projectId: string

const titleFields = {
  systemName: 'CRM of Volga',
  systemCode: 'CRM',
  customer: 'Volga LLC',
  developer: 'Vendor LLC',
  startDate: '2027-01-10',
  endDate: '2027-06-30',
  'approverClient.position': 'Director',
  'approverClient.name': 'I. Ivanov',
  'approverVendor.position': 'CEO',
  'approverVendor.name': 'P. Petrov',
  city: 'Samara',
  year: '2027',
}

beforeAll(async () => {
  ;({ db } = await freshDemoDb())
  projectId = (await db.project.findUniqueOrThrow({ where: { slug: 'volga-crm' } })).id
}, 90_000)
afterAll(closeDbs)

function find(sections: Section[], id: string): Section {
  const s = flattenSections(sections).find((x) => x.id === id)
  if (!s) throw new Error(`no section ${id}`)
  return s
}

describe('buildSpecDocument', () => {
  it('builds the GOST template with ten numbered sections and the title sheet', async () => {
    const { document } = await buildSpecDocument(db, projectId, { templateId: 'gost-34-602-2020', titleFields, freeText: {} })
    expect(document.sections.map((s) => s.number)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'])
    expect(find(document.sections, '4.2').number).toBe('4.2')
    expect(document.titleSheet.blocks).toHaveLength(2)
    expect(document.titleSheet.footerLine).toContain('Samara')
    expect(document.signatureSheet.lines.map((l) => l.party)).toEqual(['client', 'vendor'])
  }, 60_000)

  it('numbers the short template sequentially', async () => {
    const { document } = await buildSpecDocument(db, projectId, { templateId: 'short', titleFields, freeText: {} })
    document.sections.forEach((s, i) => expect(s.number).toBe(String(i + 1)))
    const withChildren = document.sections.find((s) => s.children.length > 0)!
    expect(withChildren.children[0]!.number).toBe(`${withChildren.number}.1`)
  }, 60_000)

  it('totals the improvements from their lines', async () => {
    const { document } = await buildSpecDocument(db, projectId, { templateId: 'gost-34-602-2020', titleFields, freeText: {} })
    const table = find(document.sections, '5.2').blocks.find((b): b is Extract<Block, { type: 'table' }> => b.type === 'table')
    expect(table).toBeDefined()
    const lines = table!.rows.filter((r) => r.some((c) => c.money) && !r.some((c) => c.emphasis === 'subtotal'))
    expect(lines.length).toBeGreaterThan(0)
    const sum = lines.reduce((n, r) => n + r.find((c) => c.money)!.money!.minor, 0)
    const subtotals = table!.rows.filter((r) => r.some((c) => c.emphasis === 'subtotal')).reduce((n, r) => n + r.find((c) => c.money)!.money!.minor, 0)
    const total = table!.foot![0]!.find((c) => c.money)!.money!.minor
    expect(total).toBe(sum)
    expect(subtotals).toBe(sum)
  }, 60_000)

  it('never names a rejected candidate', async () => {
    const decision = await db.decision.findUniqueOrThrow({ where: { projectId } })
    const others = await db.candidate.findMany({ where: { projectId, id: { not: decision.chosenCandidateId! } } })
    expect(others.length).toBeGreaterThan(0)
    for (const templateId of ['gost-34-602-2020', 'short']) {
      const { document } = await buildSpecDocument(db, projectId, { templateId, titleFields, freeText: {} })
      const json = JSON.stringify(document)
      for (const c of others) expect(json).not.toContain(c.product)
    }
  }, 60_000)

  it('withholds a rival’s brand where the rationale names it without its full name, and keeps ordinary words', async () => {
    const nw = (await db.project.findUniqueOrThrow({ where: { slug: 'northwind-helpdesk' } })).id
    const { document, problems } = await buildSpecDocument(db, nw, { templateId: 'short', titleFields: {}, freeText: {} })
    const json = JSON.stringify(document)
    // The demo rationale says "below ServiceFlow" (product "ServiceFlow On-Prem", vendor "Flowworks BV").
    expect(json).not.toMatch(/ServiceFlow|Ticketeer|Flowworks/)
    expect(json).toContain('[candidate withheld]')
    expect(json).toContain('HelpHub')
    expect(problems.join(' ')).toMatch(/rejected candidate/)
    // Volga's rivals include «Сделка.Онлайн» and «Гамма Интеграция»: the words themselves stay.
    const { document: ru } = await buildSpecDocument(db, projectId, { templateId: 'gost-34-602-2020', titleFields, freeText: {} })
    const text = JSON.stringify(ru)
    expect(text).not.toMatch(/Бета Системс|Гамма Интеграция|Сделка\.Онлайн|ТерраCRM/)
    expect(text).toMatch(/сделк/)
  }, 60_000)

  it('is deterministic', async () => {
    const draft = { templateId: 'gost-34-602-2020', titleFields, freeText: { '2.1': { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Aim' }] }] } } }
    const a = await buildSpecDocument(db, projectId, draft)
    const b = await buildSpecDocument(db, projectId, draft)
    expect(specContentHash(a.document)).toBe(specContentHash(b.document))
  }, 60_000)

  it('shows an unknown rich-text node as a warning and reports it', async () => {
    const { document, problems } = await buildSpecDocument(db, projectId, { templateId: 'gost-34-602-2020', titleFields, freeText: { '2.1': { type: 'doc', content: [{ type: 'iframe' }] } } })
    expect(find(document.sections, '2.1').blocks).toContainEqual(expect.objectContaining({ type: 'note', tone: 'warning' }))
    expect(problems.some((p) => p.includes('iframe'))).toBe(true)
  }, 60_000)

  it('gives a mandatory empty section its emptyText', async () => {
    const { document } = await buildSpecDocument(db, projectId, { templateId: 'gost-34-602-2020', titleFields, freeText: {} }, { locale: 'en' })
    const s = find(document.sections, '6.1')
    expect(s.blocks).toEqual([{ type: 'note', tone: 'empty', runs: [{ text: 'No requirements are set for this section.' }] }])
    expect(flattenSections(document.sections).some((x) => x.id === '3.3')).toBe(false)
  }, 60_000)
})
