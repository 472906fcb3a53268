import { specFixture } from '../../tests/setup/spec-fixtures'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { formatMoney } from '~/utils/money'
import { diffSpecVersions, type SpecVersion } from './diff'
import { SpecDiffView } from './render-diff-html'
import type { SpecSnapshotData } from './spec-document'

const doc = specFixture

function data(): SpecSnapshotData {
  const req = (code: string, title: string) => ({
    code,
    title,
    statement: `${title}.`,
    type: 'functional',
    priority: 'should',
    acceptanceCriterion: 'Done.',
    status: 'approved',
    stage: '1',
    department: null,
  })
  return {
    currency: 'EUR',
    requirements: [req('FR-001', 'Ticket queue'), req('FR-002', 'SLA timers'), req('FR-003', 'Customer portal <b>')],
    improvements: [{ code: 'IMP-001', title: 'Sage link', hoursCenti: 4000, costMinor: 400000, durationDays: 10, stage: '1' }],
    totalCostMinor: 400000,
  }
}

/** Version 1 of the English fixture, and version 2 with one change of each kind. */
function versions(): { a: SpecVersion; b: SpecVersion } {
  const a: SpecVersion = { number: 1, document: doc('northwind-short'), data: data() }
  const b = structuredClone(a)
  b.number = 2
  b.data.requirements[1]!.priority = 'must'
  b.data.requirements.splice(2, 1)
  b.data.requirements.push({ ...b.data.requirements[0]!, code: 'FR-004', title: 'Phone tickets' })
  b.data.improvements[0]!.costMinor = 550000
  b.data.totalCostMinor = 550000
  const purpose = b.document.sections.find((s) => s.id === 'purpose')!
  const paragraph = purpose.blocks[0]!
  if (paragraph.type !== 'paragraph') throw new Error('fixture changed: purpose starts without a paragraph')
  paragraph.runs = [{ text: 'A 70-person wholesaler.' }]
  return { a, b }
}

describe('SpecDiffView', () => {
  const { a, b } = versions()
  const html = renderToStaticMarkup(<SpecDiffView diff={diffSpecVersions(a, b)} lang="en" />)
  const eur = (minor: number) => formatMoney(minor, 'EUR', 'en')

  it('opens with a heading and the summary counts and cost change', () => {
    expect(html).toMatch(/<h2[^>]*>Changes from version 1 to version 2<\/h2>/)
    expect(html).toContain('<li>Requirements: added 1, changed 1, removed 1</li>')
    expect(html).toContain('<li>Improvements: added 0, changed 1, removed 0</li>')
    expect(html).toContain(`<li>Total cost: ${eur(400000)} → ${eur(550000)} (+${eur(150000)})</li>`)
    expect(html).toMatch(/<h3[^>]*>Requirements<\/h3>.*<h3[^>]*>Improvements<\/h3>.*<h3[^>]*>Sections<\/h3>/)
  })

  it('shows a changed field as the old value deleted and the new one inserted', () => {
    expect(html).toMatch(
      /FR-002<\/span><span[^>]*>changed<\/span><span[^>]*>SLA timers<\/span><\/div><dl[^>]*><div class="contents"><dt[^>]*>Priority<\/dt><dd><del class="[^"]*line-through[^"]*"><span class="sr-only">removed: <\/span>Should<\/del>.*?<ins class="[^"]*"><span class="sr-only">added: <\/span>Must<\/ins><\/dd>/,
    )
    // A removed requirement is named, struck through, and its text is escaped.
    expect(html).toMatch(/FR-003<\/span><span[^>]*>removed<\/span><span class="[^"]*line-through">Customer portal &lt;b&gt;<\/span>/)
    expect(html).toMatch(/FR-004<\/span><span[^>]*>added<\/span>/)
    expect(html).not.toContain('FR-001')
  })

  it('lists improvement costs before, after and the difference, with the total', () => {
    expect(html).toMatch(new RegExp(`IMP-001.*<td[^>]*tabular-nums[^>]*>${eur(400000)}</td><td[^>]*>${eur(550000)}</td><td[^>]*text-red-700[^>]*>\\+${eur(150000)}</td>`))
    expect(html).toMatch(new RegExp(`<tfoot.*Total.*\\+${eur(150000)}</td></tr></tfoot>`))
  })

  it('shows the section line diff with + and − marks', () => {
    expect(html).toMatch(/<h4[^>]*><span>2<\/span><span[^>]*>Purpose<\/span><span[^>]*>changed<\/span><\/h4>/)
    expect(html).toMatch(/<del class="block[^"]*"><span aria-hidden="true">− <\/span><span class="sr-only">removed: <\/span>A 60-person wholesaler/)
    expect(html).toMatch(/<ins class="block[^"]*"><span aria-hidden="true">\+ <\/span><span class="sr-only">added: <\/span>A 70-person wholesaler\.<\/ins>/)
    expect(html).not.toContain('Chosen system and why')
  })

  it('says so when nothing changed, in the document language', () => {
    const same = renderToStaticMarkup(<SpecDiffView diff={diffSpecVersions(a, structuredClone(a))} lang="ru" />)
    expect(same).toContain('Изменения версии 1 относительно версии 1')
    expect(same).toContain('Содержание версий совпадает.')
    expect(same).toContain('Требования: добавлено 0, изменено 0, удалено 0')
    expect(same).not.toContain('<h3')
  })
})
