import { specFixture } from '../../tests/setup/spec-fixtures'
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { formatMoney } from '~/utils/money'
import { renderMarkdown } from './render-markdown'
import { text, type Block, type RenderStamp, type SpecDocument } from './spec-document'

const fixture = specFixture
const stamp: RenderStamp = { status: 'issued', versionNumber: 3, versionId: 'ver-0193', contentHash: 'f'.repeat(64), projectSlug: 'volga' }

/** The fixture with one section replaced by blocks a test controls. */
function withBlocks(blocks: Block[]): SpecDocument {
  const doc = fixture('northwind-short')
  doc.sections = [{ id: 'edge', number: '1', title: 'Edge <cases> | #1', mandatory: true, blocks, children: [] }]
  doc.appendices = []
  return doc
}

/** Body lines of the pipe table that follows `headerLine`. */
function tableAfter(md: string, headerLine: string): string[] {
  const lines = md.split('\n')
  const start = lines.indexOf(headerLine)
  expect(start, `table header ${headerLine}`).toBeGreaterThanOrEqual(0)
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('|'))
  return lines.slice(start, end)
}

/** Cells of a pipe-table row, splitting only at unescaped pipes. */
function cells(row: string): string[] {
  return row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim())
}

describe('renderMarkdown (Russian GOST fixture)', () => {
  const doc = fixture('volga-gost')
  const md = renderMarkdown(doc, stamp)

  it('starts with YAML front matter carrying the version id and content hash', () => {
    const front = md.split('\n---\n')[0]!
    expect(md.startsWith('---\n')).toBe(true)
    expect(front).toContain('specwright_version_id: "ver-0193"')
    expect(front).toContain(`content_hash: "${'f'.repeat(64)}"`)
    expect(front).toContain('status: issued')
    expect(front).toContain('version: 3')
    expect(front).toContain('title: "Техническое задание на создание автоматизированной системы (ГОСТ 34.602-2020)"')
  })

  it('prints the title sheet: approval blocks, title lines, the version and short hash', () => {
    expect(md).toContain('| УТВЕРЖДАЮ | СОГЛАСОВАНО |')
    expect(md).toContain('| ООО «Волга-Логистик» | ООО «ПроКлиент» |')
    expect(md).toContain('\n**CRM-система «ПроКлиент»**\n')
    expect(md).toContain('\nТЕХНИЧЕСКОЕ ЗАДАНИЕ\n')
    expect(md).toContain('Версия 3 · Выпущено, ожидает подписей · Хеш содержимого: `ffffffffffff`')
  })

  it('numbers headings by depth, with anchors the contents links to', () => {
    expect(md).toContain('\n# <a id="sec-1"></a>1 Общие сведения\n')
    expect(md).toContain('\n## <a id="sec-5.2"></a>5.2 Доработки выбранной системы\n')
    expect(md).toContain('\n### <a id="sec-4.1.1"></a>4.1.1 Требования к структуре и функционированию системы\n')
    expect(md).toContain('\n#### <a id="sec-4.3.2.1"></a>4.3.2.1 Информационный обмен со смежными системами\n')
    expect(md).toContain('\n# <a id="sec-A"></a>Приложение A. Таблица трассируемости требований\n')
    expect(md).toContain('\n- [1 Общие сведения](#sec-1)\n  - [1.1 Полное наименование системы и её условное обозначение](#sec-1.1)\n')
    const links = [...md.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!)
    expect(links.length).toBeGreaterThan(60)
    for (const id of links) expect(md, id).toContain(`<a id="${id}"></a>`)
  })

  it('right-aligns the money columns of the improvements table and formats amounts', () => {
    const table = tableAfter(md, '| Код | Наименование | Часы | Стоимость | Срок, дней |')
    expect(table[1]).toBe('| --- | --- | ---: | ---: | ---: |')
    expect(table).toContain(`| IMP-005 | Уведомление о сбое обмена | 60 | ${formatMoney(15000000, 'RUB', 'ru')} | 15 |`)
    // A stage row spans the table: its text in the first cell, the others empty.
    expect(table).toContain('| *Этап 1* |  |  |  |  |')
    expect(table).toContain(`| **Всего** |  | **125** | **${formatMoney(44250000, 'RUB', 'ru')}** | **21** |`)
    for (const row of table) expect(cells(row)).toHaveLength(5)
  })

  it('shows figures as a note instead of inline SVG, and notes as quotes', () => {
    expect(md).not.toContain('<svg')
    expect(md).toContain('> **Схема**: От заказа до оплаты *(см. PDF или DOCX)*')
    expect(md).toContain('> *Требования к данному разделу не предъявляются.*')
  })

  it('ends with the signature sheet as a table with blanks to sign on paper', () => {
    const table = tableAfter(md, '| ФИО | Должность | Сторона | Значение подписи | Время подписания | Хеш содержимого | Подпись |')
    expect(md).toContain('# <a id="signature-sheet"></a>Лист согласования')
    expect(table[2]).toMatch(/^\| А\. В\. Соколова \| Генеральный директор \| Заказчик \| Утверждено \| (\\_)+ \|/)
  })

  it('is deterministic', () => {
    expect(renderMarkdown(structuredClone(doc), { ...stamp })).toBe(md)
  })
})

describe('renderMarkdown (English short fixture)', () => {
  const md = renderMarkdown(fixture('northwind-short'), { status: 'draft' })

  it('renders English headings, labels and lists without version metadata', () => {
    expect(md).toContain('\n# <a id="sec-purpose"></a>2 Purpose\n')
    expect(md).toContain('\n## <a id="sec-chosen-system"></a>2.1 Chosen system and why\n')
    expect(md).toContain('\n**Contents**\n')
    expect(md).toContain('\nDraft — not issued\n')
    expect(md).toContain('| Name | Position | Party | Meaning | Signed at | Content hash | Signature |')
    expect(md).not.toContain('specwright_version_id')
    expect(md).not.toContain('content_hash')
    expect(md).toMatch(/\n- \S/)
  })
})

describe('renderMarkdown escaping and inline styles', () => {
  const md = renderMarkdown(
    withBlocks([
      {
        type: 'paragraph',
        runs: [
          { text: 'a|b *star* _under_ snake_case <script>alert(1)</script> [x](javascript:alert(1)) &amp; ~~no~~ ' },
          { text: 'bold', bold: true },
          { text: ' and ' },
          { text: 'gone', strike: true },
          { text: ' ' },
          { text: 'under', underline: true },
          { text: ' ' },
          { text: 'site', link: 'https://example.com/a b' },
          { text: ' ' },
          { text: 'evil', link: 'javascript:alert(1)' },
          { text: '- not a list', break: true },
          { text: '# not a heading', break: true },
        ],
      },
      {
        type: 'table',
        columns: [
          { weight: 1, align: 'left' },
          { weight: 1, align: 'left' },
        ],
        head: [{ runs: text('A|B') }, { runs: text('Sum') }],
        rows: [[{ runs: [{ text: 'line one' }, { text: 'two | <b>', break: true }] }, { runs: [], money: { minor: 123456, currency: 'EUR' } }]],
      },
      {
        type: 'list',
        ordered: true,
        items: [[{ type: 'paragraph', runs: text('first') }, { type: 'list', ordered: false, items: [[{ type: 'paragraph', runs: text('nested') }]] }], [{ type: 'paragraph', runs: text('second') }]],
      },
      { type: 'note', tone: 'warning', runs: text('Check this') },
    ]),
    { status: 'draft' },
  )
  const body = md.slice(md.indexOf('# <a id="sec-edge">'))

  it('escapes Markdown and HTML in user text so it renders inert', () => {
    expect(body).not.toContain('<script')
    expect(body).toContain('a\\|b \\*star\\* \\_under\\_ snake_case &lt;script&gt;alert(1)&lt;/script&gt; \\[x\\](javascript:alert(1)) &amp;amp; \\~\\~no\\~\\~')
    expect(body).toContain('# <a id="sec-edge"></a>1 Edge &lt;cases&gt; \\| \\#1\n')
    expect(body).toContain('\\\n\\- not a list\\\n\\# not a heading\n')
  })

  it('renders styles, safe links only, and hard breaks', () => {
    expect(body).toContain('**bold** and ~~gone~~ <u>under</u> [site](https://example.com/a%20b) evil\\\n')
    expect(body).not.toMatch(/[^\\]\]\(javascript/)
  })

  it('keeps a table cell with a pipe and a line break in one cell, money right-aligned', () => {
    const table = tableAfter(body, '| A\\|B | Sum |')
    expect(table[1]).toBe('| --- | ---: |')
    expect(table[2]).toBe(`| line one<br>two \\| &lt;b&gt; | ${formatMoney(123456, 'EUR', 'en')} |`)
    for (const row of table) expect(cells(row)).toHaveLength(2)
  })

  it('nests lists and quotes warnings', () => {
    expect(body).toContain('1. first\n   - nested\n2. second')
    expect(body).toContain('> **⚠ Warning:** Check this')
  })

  // pandoc reads GFM the way GitHub does; where it is installed, check the HTML it makes.
  const pandoc = (() => {
    try {
      execFileSync('pandoc', ['--version'])
      return true
    } catch {
      return false
    }
  })()
  it.skipIf(!pandoc)('reads back as the intended HTML (pandoc, GFM)', () => {
    const html = execFileSync('pandoc', ['-f', 'gfm', '-t', 'html', '--wrap=none'], { input: body }).toString()
    expect(html).not.toContain('<script')
    expect(html).toContain('<strong>bold</strong> and <del>gone</del> <u>under</u> <a href="https://example.com/a%20b">site</a>')
    expect(html).toContain('a|b *star* _under_ snake_case &lt;script&gt;')
    expect(html).toMatch(/<td>line one<br>two \| &lt;b&gt;<\/td>\s*<td style="text-align: right;">/)
    expect(html).toMatch(/<ol[^>]*>\s*<li>first\s*<ul>\s*<li>nested<\/li>/)
    expect(html).not.toMatch(/<h\d[^>]*>not a heading/)
    expect(html.match(/<table>/g)).toHaveLength(2)
  })
})
