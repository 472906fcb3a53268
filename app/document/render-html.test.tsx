import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { SpecPreview } from './render-html'
import { SPEC_SCHEMA, text, type SpecDocument } from './spec-document'

const fixture: SpecDocument = {
  schema: SPEC_SCHEMA,
  meta: {
    projectName: 'Волга',
    clientOrganisation: 'ООО «Волга»',
    templateId: 'gost-34-602-2020',
    title: 'Техническое задание',
    language: 'ru',
    currency: 'RUB',
  },
  titleSheet: {
    titleLines: ['Техническое задание', 'на внедрение CRM'],
    blocks: [
      {
        heading: 'СОГЛАСОВАНО',
        lines: [{ label: 'Исполнитель', value: 'ООО «Поставщик»' }],
      },
      {
        heading: 'УТВЕРЖДАЮ',
        lines: [{ label: 'Заказчик', value: 'ООО «Волга»' }],
      },
    ],
    footerLine: 'Самара, 2026',
  },
  sections: [
    {
      id: 'general',
      number: '1',
      title: 'Общие сведения',
      mandatory: true,
      blocks: [
        {
          type: 'paragraph',
          runs: [{ text: 'Жирный', bold: true }, { text: ' <script>alert(1)</script>' }, { text: 'ссылка', link: 'https://example.ru' }, { text: 'новая строка', break: true }],
        },
        {
          type: 'list',
          ordered: true,
          items: [
            [{ type: 'paragraph', runs: text('Пункт один') }],
            [
              {
                type: 'list',
                ordered: false,
                items: [[{ type: 'paragraph', runs: text('Вложенный') }]],
              },
            ],
          ],
        },
        { type: 'pageBreak' },
      ],
      children: [
        {
          id: 'costs',
          number: '1.1',
          title: 'Стоимость',
          mandatory: false,
          blocks: [
            {
              type: 'table',
              columns: [
                { weight: 3, align: 'left' },
                { weight: 1, align: 'right' },
              ],
              head: [{ runs: text('Этап') }, { runs: text('Сумма') }],
              rows: [
                [{ runs: text('Внедрение') }, { runs: [], money: { minor: 12345600, currency: 'RUB' } }],
                [
                  { runs: text('Риск превышения'), emphasis: 'danger' },
                  { runs: [], money: { minor: 100, currency: 'RUB' } },
                ],
              ],
              foot: [
                [
                  { runs: text('Итого'), emphasis: 'total' },
                  {
                    runs: [],
                    money: { minor: 12345700, currency: 'RUB' },
                    emphasis: 'total',
                  },
                ],
              ],
              caption: 'Таблица 1',
            },
            {
              type: 'figure',
              svg: '<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>',
              caption: 'Рисунок 1',
            },
            {
              type: 'note',
              tone: 'empty',
              runs: text('Требования к разделу не заданы'),
            },
            {
              type: 'note',
              tone: 'warning',
              runs: text('Узел не поддерживается'),
            },
          ],
          children: [],
        },
      ],
    },
  ],
  appendices: [
    {
      id: 'glossary',
      number: 'А',
      title: 'Глоссарий',
      mandatory: false,
      blocks: [{ type: 'paragraph', runs: text('Термины') }],
      children: [],
    },
  ],
  signatureSheet: {
    title: 'Лист подписей',
    lines: [
      {
        party: 'client',
        role: 'owner',
        name: 'Соколова А. В.',
        position: 'Директор',
        meaning: 'approved',
      },
      {
        party: 'vendor',
        role: 'vendor',
        name: 'Иванов И. И.',
        position: 'Руководитель проекта',
        meaning: 'agreed',
        signedAt: '2026-11-27T10:00:00Z',
        contentHash: 'abc123',
      },
    ],
  },
}

describe('SpecPreview', () => {
  const html = renderToStaticMarkup(<SpecPreview document={fixture} />)

  it('renders numbered headings by depth and a linked table of contents', () => {
    expect(html).toContain('<h2 class="mb-3 mt-10 text-lg font-semibold">1 Общие сведения</h2>')
    expect(html).toMatch(/<h3[^>]*>1\.1 Стоимость<\/h3>/)
    expect(html).toContain('id="sec-general"')
    expect(html).toContain('href="#sec-general"')
    expect(html).toContain('href="#sec-costs"')
    expect(html).toContain('Содержание')
    expect(html).toContain('Приложение А. Глоссарий')
    expect(html).toContain('СОГЛАСОВАНО')
    expect(html).toContain('УТВЕРЖДАЮ')
  })

  it('formats money in the document currency and locale, right-aligned', () => {
    const amount = new Intl.NumberFormat('ru-RU', {
      style: 'currency',
      currency: 'RUB',
      minimumFractionDigits: 0,
      maximumFractionDigits: 2,
    }).format(123456)
    expect(html).toContain(amount)
    expect(html).toMatch(new RegExp(`<td[^>]*class="[^"]*spec-money text-right[^"]*"[^>]*>${amount}</td>`))
    expect(html).toContain('<tfoot>')
    expect(html).toMatch(/<th scope="col"[^>]*>Этап<\/th>/)
  })

  it('marks danger cells so they read without colour', () => {
    expect(html).toMatch(/<td[^>]*text-red-700[^>]*><span class="spec-danger-marker">⚠ <\/span>Риск превышения<\/td>/)
  })

  it('escapes text and keeps links safe', () => {
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('<strong>Жирный</strong>')
    expect(html).toContain('rel="noopener noreferrer"')
    expect(html).toContain('<br/>новая строка')
    expect(html).toMatch(/<ol[^>]*>.*<ul[^>]*>.*Вложенный/)
  })

  it('renders the figure, notes and page breaks', () => {
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>')
    expect(html).toContain('Рисунок 1')
    expect(html).toMatch(/<p class="spec-note-empty[^"]*">Требования к разделу не заданы<\/p>/)
    expect(html).toMatch(/spec-note-warning[^>]*>.*⚠.*Узел не поддерживается/)
    expect(html).toContain('spec-page-break')
  })

  it('renders the signature sheet with empty lines for unsigned parties', () => {
    expect(html).toContain('id="signature-sheet"')
    expect(html).toContain('Лист подписей')
    expect(html).toContain('Заказчик')
    expect(html).toContain('Утверждено')
    expect(html).toContain('abc123')
    // The unsigned client has blanks for time, hash and signature; the signed vendor has none.
    expect(html.match(/spec-sign-blank/g)).toHaveLength(3)
  })
})
