import { specFixture } from '../../tests/setup/spec-fixtures'
import { describe, expect, it } from 'vitest'
import { formatMoney } from '~/utils/money'
import { diffAsSection, diffLines, diffSpecVersions, lineOps, type SpecVersion } from './diff'
import { renderMarkdown } from './render-markdown'
import type { Section, SpecDocument, SpecSnapshotData } from './spec-document'

const fixture = specFixture

type Requirement = SpecSnapshotData['requirements'][number]
type Improvement = SpecSnapshotData['improvements'][number]

function requirement(n: number, extra: Partial<Requirement> = {}): Requirement {
  const code = `FR-${String(n).padStart(3, '0')}`
  return {
    code,
    title: `Requirement ${n}`,
    statement: `The system shall do thing ${n}.`,
    type: 'functional',
    priority: 'should',
    acceptanceCriterion: `Thing ${n} is done.`,
    status: 'approved',
    stage: '1',
    department: n % 2 === 0 ? 'Sales' : null,
    ...extra,
  }
}

function improvement(n: number, costMinor: number): Improvement {
  return { code: `IMP-${String(n).padStart(3, '0')}`, title: `Improvement ${n}`, hoursCenti: costMinor / 250, costMinor, durationDays: 5, stage: '1' }
}

/** Snapshot data a version could have been built from. */
function snapshotData(requirements: number, currency = 'RUB'): SpecSnapshotData {
  const improvements = [improvement(1, 15000000), improvement(2, 6500000), improvement(3, 13000000)]
  return {
    currency,
    requirements: Array.from({ length: requirements }, (_, i) => requirement(i + 1)),
    improvements,
    totalCostMinor: improvements.reduce((sum, i) => sum + i.costMinor, 0),
  }
}

function findSection(sections: Section[], id: string): Section | undefined {
  for (const s of sections) {
    if (s.id === id) return s
    const inner = findSection(s.children, id)
    if (inner) return inner
  }
  return undefined
}

function sectionCount(doc: SpecDocument): number {
  const count = (list: Section[]): number => list.reduce((n, s) => n + 1 + count(s.children), 0)
  return count(doc.sections) + count(doc.appendices)
}

const EDITED_OLD = 'ПроКлиент CRM закрывает основные задачи'
const EDITED_NEW = 'ПроКлиент CRM закрывает все основные задачи'

/** Version 1 from the fixture, and version 2: a copy with one edit of each kind. */
function twoVersions(): { a: SpecVersion; b: SpecVersion } {
  const a: SpecVersion = { number: 1, document: fixture('volga-gost'), data: snapshotData(10) }
  const b: SpecVersion = structuredClone(a)
  b.number = 2
  const reqs = b.data.requirements
  reqs[1] = { ...reqs[1]!, priority: 'must' } // FR-002 changed
  reqs.splice(2, 1) // FR-003 removed
  reqs.push(requirement(11, { title: 'Новое требование' })) // FR-011 added
  b.data.improvements[1] = { ...b.data.improvements[1]!, costMinor: 8000000 } // IMP-002 +15 000 ₽
  b.data.totalCostMinor += 1500000
  const section = findSection(b.document.sections, '2.4')!
  const paragraph = section.blocks[2]!
  if (paragraph.type !== 'paragraph') throw new Error('fixture changed: 2.4 has no second paragraph')
  paragraph.runs[0]!.text = paragraph.runs[0]!.text.replace(EDITED_OLD, EDITED_NEW)
  return { a, b }
}

describe('diffSpecVersions', () => {
  const { a, b } = twoVersions()
  const diff = diffSpecVersions(a, b)

  it('reports each requirement change once, with the changed fields only', () => {
    expect(diff.requirements).toEqual([
      { code: 'FR-002', title: 'Requirement 2', change: 'changed', fields: [{ field: 'priority', from: 'should', to: 'must' }] },
      { code: 'FR-003', title: 'Requirement 3', change: 'removed', fields: [] },
      { code: 'FR-011', title: 'Новое требование', change: 'added', fields: [] },
    ])
    expect(diff.counts.requirements).toEqual({ added: 1, changed: 1, removed: 1 })
  })

  it('reports the improvement cost change with its delta and the new total', () => {
    expect(diff.improvements).toEqual([
      {
        code: 'IMP-002',
        title: 'Improvement 2',
        change: 'changed',
        fields: [{ field: 'costMinor', from: 6500000, to: 8000000 }],
        costFromMinor: 6500000,
        costToMinor: 8000000,
        costDeltaMinor: 1500000,
      },
    ])
    expect(diff.cost).toEqual({ fromMinor: 34500000, toMinor: 36000000, deltaMinor: 1500000 })
  })

  it('reports the edited section with a line diff; every other section counts as unchanged', () => {
    expect(diff.sections).toHaveLength(1)
    const [change] = diff.sections
    expect(change).toMatchObject({ id: '2.4', number: '2.4', change: 'changed', appendix: false })
    expect(change!.fromTitle).toBeUndefined()
    const edits = change!.lines.filter((l) => l.op !== 'same' && l.op !== 'gap')
    expect(edits).toHaveLength(2)
    expect(edits[0]).toMatchObject({ op: 'del' })
    expect(edits[0]!.text).toContain(EDITED_OLD)
    expect(edits[1]).toMatchObject({ op: 'add' })
    expect(edits[1]!.text).toContain(EDITED_NEW)
    expect(diff.unchangedSections).toBe(sectionCount(a.document) - 1)
    expect(diff.titleSheet).toEqual([])
    expect(diff.isEmpty).toBe(false)
  })

  it('finds nothing between a version and itself', () => {
    const same = diffSpecVersions(a, structuredClone(a))
    expect(same.isEmpty).toBe(true)
    expect(same.requirements).toEqual([])
    expect(same.improvements).toEqual([])
    expect(same.sections).toEqual([])
    expect(same.cost.deltaMinor).toBe(0)
    expect(same.unchangedSections).toBe(sectionCount(a.document))
  })

  it('pairs sections by id: added, removed, retitled, and a moved subsection is not a change', () => {
    const c = structuredClone(a)
    const purpose = findSection(c.document.sections, '2')!
    const removed = purpose.children.splice(0, 1)[0]! // 2.1 removed
    purpose.children.push({ ...removed, id: 'new-one', title: 'Новый раздел' }) // added
    findSection(c.document.sections, '2.2')!.title = 'Цели'
    // 10 moves under 9 (renumbered, same text): not a change.
    const moved = c.document.sections.splice(9, 1)[0]!
    c.document.sections[8]!.children.push({ ...moved, number: '9.1' })
    const d = diffSpecVersions(a, c)
    expect(d.sections.map((s) => [s.id, s.change])).toEqual([
      ['2.2', 'changed'],
      ['new-one', 'added'],
      ['2.1', 'removed'],
    ])
    expect(d.sections[0]).toMatchObject({ title: 'Цели', fromTitle: 'Цели создания системы', lines: [] })
    expect(d.counts.sections).toEqual({ added: 1, changed: 1, removed: 1 })
  })

  it('compares the title sheet as text', () => {
    const c = structuredClone(a)
    c.document.titleSheet.footerLine = 'Казань 2027'
    const d = diffSpecVersions(a, c)
    expect(d.titleSheet.filter((l) => l.op === 'del' || l.op === 'add')).toEqual([
      { op: 'del', text: 'Самара 2027' },
      { op: 'add', text: 'Казань 2027' },
    ])
    expect(d.isEmpty).toBe(false)
  })

  it('reports every requirement field that changed, and an empty department equals a missing one', () => {
    const c = structuredClone(a)
    c.data.requirements[0] = { ...c.data.requirements[0]!, statement: 'Changed.', stage: 'later', department: '' }
    c.data.requirements[3] = { ...c.data.requirements[3]!, department: 'Warehouse' }
    const d = diffSpecVersions(a, c)
    expect(d.requirements.map((r) => [r.code, r.fields.map((f) => f.field)])).toEqual([
      ['FR-001', ['statement', 'stage']],
      ['FR-004', ['department']],
    ])
  })
})

describe('line diff', () => {
  /** LCS length by dynamic programming, to check the diff is minimal. */
  function lcs(a: string[], b: string[]): number {
    const row = new Array<number>(b.length + 1).fill(0)
    for (const x of a) {
      let diag = 0
      for (let j = 1; j <= b.length; j++) {
        const up = row[j]!
        row[j] = x === b[j - 1] ? diag + 1 : Math.max(row[j]!, row[j - 1]!)
        diag = up
      }
    }
    return row[b.length]!
  }

  it('aligns random texts minimally and reproduces both sides', () => {
    let seed = 7
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    for (let round = 0; round < 300; round++) {
      const a = Array.from({ length: rnd(25) }, () => 'abcde'[rnd(5)]!)
      const b = Array.from({ length: rnd(25) }, () => 'abcde'[rnd(5)]!)
      const ops = lineOps(a, b)
      expect(ops.filter((o) => o.op !== 'add').map((o) => o.text)).toEqual(a)
      expect(ops.filter((o) => o.op !== 'del').map((o) => o.text)).toEqual(b)
      expect(ops.filter((o) => o.op === 'same')).toHaveLength(lcs(a, b))
    }
  })

  it('keeps two lines of context around a change and marks the skipped lines', () => {
    const a = Array.from({ length: 20 }, (_, i) => `line ${i}`)
    const b = a.map((l, i) => (i === 10 ? 'line ten' : l))
    expect(diffLines(a, b)).toEqual([
      { op: 'gap', text: '…' },
      { op: 'same', text: 'line 8' },
      { op: 'same', text: 'line 9' },
      { op: 'del', text: 'line 10' },
      { op: 'add', text: 'line ten' },
      { op: 'same', text: 'line 11' },
      { op: 'same', text: 'line 12' },
      { op: 'gap', text: '…' },
    ])
    expect(diffLines(a, [...a])).toEqual([])
  })

  it('stays fast on long, completely different texts', () => {
    const a = Array.from({ length: 20000 }, (_, i) => `old ${i}`)
    const b = Array.from({ length: 20000 }, (_, i) => `new ${i}`)
    const started = performance.now()
    const ops = lineOps(a, b)
    expect(performance.now() - started).toBeLessThan(2000)
    expect(ops.filter((o) => o.op === 'del')).toHaveLength(20000)
    expect(ops.filter((o) => o.op === 'add')).toHaveLength(20000)
  })
})

describe('diffAsSection', () => {
  const { a, b } = twoVersions()
  const section = diffAsSection(diffSpecVersions(a, b), 'ru')

  it('is a section every renderer prints: here, through the Markdown renderer', () => {
    expect(section.title).toBe('Изменения версии 2 относительно версии 1')
    const doc = structuredClone(b.document)
    doc.appendices.push({ ...section, number: 'В' })
    const md = renderMarkdown(doc, { status: 'draft' })
    expect(md).toContain('# <a id="sec-changes"></a>Приложение В. Изменения версии 2 относительно версии 1')
    expect(md).toContain('- Требования: добавлено 1, изменено 1, удалено 1')
    expect(md).toContain(`- Общая стоимость: ${formatMoney(34500000, 'RUB', 'ru')} → ${formatMoney(36000000, 'RUB', 'ru')} (+${formatMoney(1500000, 'RUB', 'ru')})`)
    expect(md).toContain('| FR-002 | изменено | **Requirement 2**<br>*Приоритет:* ~~Желательно~~ → Обязательно |')
    expect(md).toContain('| FR-003 | удалено | **Requirement 3** |')
    expect(md).toContain('| Код | Что изменилось | Стоимость до | Стоимость после | Разница |\n| --- | --- | ---: | ---: | ---: |')
    const rub = (minor: number) => formatMoney(minor, 'RUB', 'ru')
    expect(md).toContain(`| IMP-002 | **Improvement 2**<br>изменено<br>*Стоимость:* ~~${rub(6500000)}~~ → ${rub(8000000)} | ${rub(6500000)} | ${rub(8000000)} | ${rub(1500000)} |`)
    expect(md).toContain(`| **Итого** |  | **${rub(34500000)}** | **${rub(36000000)}** | **${rub(1500000)}** |`)
    expect(md).toContain(`| 2.4 | Решение рабочей группы о выборе системы | изменено<br>`)
    expect(md).toContain(`− ${EDITED_OLD}`)
    expect(md).toContain(`**+ ${EDITED_NEW}`)
    const alone = renderMarkdown({ ...b.document, sections: [section], appendices: [], signatureSheet: { title: '', lines: [] } }, { status: 'draft' })
    expect(alone).toContain('\n# <a id="sec-changes"></a>Изменения версии 2 относительно версии 1\n')
    expect(alone).toContain('- [Изменения версии 2 относительно версии 1](#sec-changes)')
    expect(alone).not.toContain('signature-sheet')
  })

  it('says so when nothing changed', () => {
    const empty = diffAsSection(diffSpecVersions(a, structuredClone(a)), 'en')
    expect(empty.title).toBe('Changes from version 1 to version 1')
    expect(empty.blocks).toContainEqual({ type: 'note', tone: 'empty', runs: [{ text: 'The two versions have the same content.' }] })
    expect(empty.blocks.filter((b) => b.type === 'table')).toHaveLength(0)
  })
})
