import { specFixture } from '../../tests/setup/spec-fixtures'
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { formatMoney } from '~/utils/money'
import { readPdfStamp, renderPdf } from './render-pdf.server'
import type { RenderStamp, Section, SpecDocument } from './spec-document'

const fixture = specFixture
const poppler = spawnSync('pdftotext', ['-v']).status === 0

const HASH = '3f2a9c0d1e4b5a6978877665544332211ffeeddccbbaa99887766554433221100'
const STAMP: RenderStamp = { status: 'signed', versionNumber: 4, versionId: 'ver_test_0001', contentHash: HASH, projectSlug: 'volga' }
const DOCX = { name: 'volga-specification-v4.docx', data: Buffer.from('PK\u0003\u0004 not really a docx'), mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }

/** Whitespace (incl. no-break spaces from money formatting) collapsed, so wrapped lines compare as one. */
const squash = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, ' ').trim()

function headings(sections: Section[], appendix = false, out: string[] = []): string[] {
  for (const s of sections) {
    out.push(appendix ? `Приложение ${s.number}. ${s.title}` : `${s.number} ${s.title}`)
    headings(s.children, false, out)
  }
  return out
}

let dir: string
let file: string
let bytes: Buffer
let pages: string[]
const volga = fixture('volga-gost')

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'render-pdf-'))
  bytes = await renderPdf(volga, STAMP, { attachments: [DOCX] })
  file = path.join(dir, 'volga.pdf')
  fs.writeFileSync(file, bytes)
  // pdftotext separates pages with a form feed.
  pages = poppler ? execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).split('\f') : []
})

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('renderPdf', () => {
  test('produces an A4 PDF with the stamp in its metadata, readable back', async () => {
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    await expect(readPdfStamp(bytes)).resolves.toEqual({ versionId: 'ver_test_0001', contentHash: HASH })
    expect(bytes.toString('latin1')).toContain('/SpecwrightContentHash')
  })

  test('readPdfStamp: null for a draft without a stamp and for bytes that are not a PDF', async () => {
    const draft = await renderPdf(fixture('northwind-short'), { status: 'draft' })
    await expect(readPdfStamp(draft)).resolves.toBeNull()
    await expect(readPdfStamp(Buffer.from('hello'))).resolves.toBeNull()
  })

  test.runIf(poppler)('pdfinfo: a sane page count, A4, title, author, keywords with version and hash, language', () => {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' })
    const count = Number(/Pages:\s+(\d+)/.exec(info)?.[1])
    expect(count).toBeGreaterThan(12)
    expect(count).toBeLessThan(40)
    expect(count).toBe(pages.filter((p) => p.trim() !== '').length)
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/)
    expect(info).toContain(`Title:           ${volga.meta.title}`)
    expect(info).toContain(`Author:          ${volga.meta.clientOrganisation}`)
    expect(info).toContain(`specwright-version:ver_test_0001`)
    expect(info).toContain(`sha256:${HASH}`)
    expect(bytes.toString('latin1')).toMatch(/\/Lang \(ru-RU\)/)
  })

  test.runIf(poppler)('prints every heading, a Cyrillic requirement, a process step and the grand total', () => {
    const all = squash(pages.join(' '))
    for (const h of [...headings(volga.sections), ...headings(volga.appendices, true)]) expect(all).toContain(squash(h))
    expect(all).toContain(volga.signatureSheet.title)
    expect(all).toContain(
      'Система должна хранить для каждой компании наименование, организационно-правовую форму, ИНН, КПП, юридический адрес, адреса доставки, банковские реквизиты, ответственного менеджера и источник обращения.',
    )
    // The process diagram is drawn with real text, not an image.
    expect(all).toContain('Приём заявки от клиента')
    expect(all).toContain(squash(`Всего 125 ${formatMoney(44250000, 'RUB', 'ru')} 21`))
  })

  test.runIf(poppler)('the title sheet has the approval blocks and no running header; other pages have header and footer', () => {
    const title = squash(pages[0]!)
    expect(title).toContain('УТВЕРЖДАЮ')
    expect(title).toContain('СОГЛАСОВАНО')
    expect(title).toContain('ТЕХНИЧЕСКОЕ ЗАДАНИЕ')
    expect(title).toContain('Самара 2027')
    expect(title).not.toContain('Страница')
    const count = pages.filter((p) => p.trim() !== '').length
    for (let i = 1; i < count; i++) {
      expect(pages[i]).toContain(`Страница ${i + 1} из ${count}`)
      expect(pages[i]).toContain(`Версия 4 · ${HASH.slice(0, 12)}`)
    }
  })

  test.runIf(poppler)('the contents print the page each heading is on', () => {
    const tocPages = pages.filter((p, i) => i > 0 && i < 5 && /\. \. \. /.test(p))
    const toc = tocPages.join('\n')
    expect(toc).toContain('Содержание')
    const entries = [...headings(volga.sections), ...headings(volga.appendices, true), volga.signatureSheet.title]
    let checked = 0
    for (const h of entries) {
      const escaped = h.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      const m = new RegExp(`^${escaped}[ .]*?(\\d+)$`, 'm').exec(toc)
      if (!m) continue // wrapped onto two lines in the contents
      const page = Number(m[1])
      expect(page, h).toBeGreaterThan(1 + tocPages.length)
      expect(squash(pages[page - 1] ?? ''), `${h} on page ${page}`).toContain(squash(h))
      checked++
    }
    expect(checked).toBeGreaterThan(entries.length * 0.8)
  })

  test.runIf(poppler)('has a nested outline (bookmarks) whose pages match the headings', () => {
    const xml = execFileSync('pdftohtml', ['-xml', '-i', '-stdout', '-q', '-f', '1', '-l', '1', file], { encoding: 'utf8' })
    const outline = xml.slice(xml.indexOf('<outline>'))
    expect(outline).toMatch(/<item page="2">Содержание<\/item>/)
    const item = (text: string) => new RegExp(`<item page="(\\d+)">${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</item>`).exec(outline)
    const sub = item('4.3.2.1 Информационный обмен со смежными системами')
    expect(sub).not.toBeNull()
    expect(squash(pages[Number(sub![1]) - 1]!)).toContain('4.3.2.1 Информационный обмен со смежными системами')
    // 4.3.2.1 sits three <outline> levels deep.
    const before = outline.slice(0, outline.indexOf('4.3.2.1 Информационный'))
    const depth = (before.match(/<outline>/g) ?? []).length - (before.match(/<\/outline>/g) ?? []).length
    expect(depth).toBe(4)
  })

  test.runIf(poppler)('a table longer than a page repeats its header row on the next page', () => {
    const deferred = volga.sections[4]!.children[2]!
    const codes = (deferred.blocks.find((b) => b.type === 'table') as Extract<SpecDocument['sections'][0]['blocks'][0], { type: 'table' }>).rows.map(
      (r) => r[0]!.runs[0]!.text,
    )
    const from = pages.findIndex((p) => squash(p).includes(`${deferred.number} ${deferred.title}`))
    const to = pages.findIndex((p) => squash(p).includes(squash(`6 ${volga.sections[5]!.title}`)) && !p.includes('. . .'))
    const spanned = pages.slice(from, to).filter((p) => codes.some((c) => p.includes(`\n${c}\n`)))
    expect(spanned.length).toBeGreaterThan(1)
    for (const p of spanned) expect(p).toContain('Критерий приёмки')
  })

  test.runIf(poppler)('embeds the DOCX as an attachment', () => {
    expect(execFileSync('pdfdetach', ['-list', file], { encoding: 'utf8' })).toContain(DOCX.name)
    const out = path.join(dir, 'out.docx')
    execFileSync('pdfdetach', ['-save', '1', '-o', out, file])
    expect(fs.readFileSync(out)).toEqual(DOCX.data)
  })

  test.runIf(poppler)('English: labels in English, a draft says so in the footer, signed lines print time and hash', async () => {
    const doc = fixture('northwind-short')
    doc.signatureSheet.lines[0] = { ...doc.signatureSheet.lines[0]!, signedAt: '2027-03-01T10:15:00Z', contentHash: HASH }
    const pdf = path.join(dir, 'northwind.pdf')
    fs.writeFileSync(pdf, await renderPdf(doc, { status: 'draft' }))
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).split('\f')
    expect(text[1]).toContain('Contents')
    expect(text[1]).toContain('Draft — not issued')
    expect(text[1]).toMatch(/Page 2 of \d+/)
    const last = squash(text.filter((p) => p.trim()).at(-1)!)
    expect(last).toContain('Signatures')
    expect(last).toContain('Emma Clarke')
    expect(last).toContain('1 Mar 2027, 10:15 UTC')
    expect(last).toContain(HASH)
    expect(last).toContain('Lucas Meyer')
    expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toContain('specwright-status:draft')
    expect(fs.readFileSync(pdf).toString('latin1')).toMatch(/\/Lang \(en-US\)/)
  })

  test.runIf(poppler)('renders after renders the same text: words and glyphs kept between renders keep their characters', async () => {
    // Fonts and shaped words are shared by every render in the process; a later document must still extract exactly.
    const text = async (doc: SpecDocument) => {
      const pdf = path.join(dir, 'again.pdf')
      fs.writeFileSync(pdf, await renderPdf(doc, { status: 'draft' }))
      return execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })
    }
    const first = await text(fixture('northwind-short'))
    await renderPdf(volga, STAMP)
    expect(await text(fixture('northwind-short'))).toBe(first)
    expect(first).toContain('Contents')
    expect(first).toContain('Parties and dates')
  })

  test.runIf(poppler)('a combining accent is drawn on its letter and extracted with it', async () => {
    const doc = fixture('northwind-short')
    doc.sections = [
      { id: 's', number: '1', title: 'Marks', mandatory: true, children: [], blocks: [{ type: 'paragraph', runs: [{ text: 'Ударение: сло\u0301во.' }] }] },
    ]
    doc.appendices = []
    const pdf = path.join(dir, 'marks.pdf')
    fs.writeFileSync(pdf, await renderPdf(doc, { status: 'draft' }))
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '')
    expect(text).toContain('Ударение:сло\u0301во.')
  })

  test.runIf(poppler)('every kind of block: a row taller than a page splits, links are safe, a page break starts a page', async () => {
    const long = Array.from({ length: 140 }, (_, i) => `Строка ${i + 1} длинного требования.`).join(' ')
    const doc: SpecDocument = {
      ...fixture('northwind-short'),
      sections: [
        {
          id: 'a',
          number: '1',
          title: 'Blocks',
          mandatory: true,
          children: [],
          blocks: [
            { type: 'paragraph', runs: [{ text: 'Safe ' }, { text: 'link', link: 'https://example.com/spec' }, { text: ' and ' }, { text: 'unsafe', link: 'javascript:alert(1)' }] },
            { type: 'list', ordered: true, items: [[{ type: 'paragraph', runs: [{ text: 'First item' }] }, { type: 'list', ordered: false, items: [[{ type: 'paragraph', runs: [{ text: 'Nested bullet' }] }]] }]] },
            { type: 'note', tone: 'warning', runs: [{ text: 'Could not show a node.' }] },
            { type: 'pageBreak' },
            { type: 'paragraph', runs: [{ text: 'After the break' }] },
            {
              type: 'table',
              columns: [
                { weight: 1, align: 'left' },
                { weight: 5, align: 'left' },
                { weight: 2, align: 'right' },
              ],
              head: [{ runs: [{ text: 'Code' }] }, { runs: [{ text: 'Text' }] }, { runs: [{ text: 'Cost' }] }],
              rows: [[{ runs: [{ text: 'R-1' }] }, { runs: [{ text: long }] }, { runs: [], money: { minor: 123456789, currency: 'EUR' } }]],
              foot: [[{ runs: [{ text: 'Total' }], colspan: 2, emphasis: 'total' }, { runs: [], money: { minor: 123456789, currency: 'EUR' }, emphasis: 'total' }]],
            },
          ],
        },
      ],
      appendices: [],
    }
    const pdf = path.join(dir, 'blocks.pdf')
    const out = await renderPdf(doc, { status: 'draft' })
    fs.writeFileSync(pdf, out)
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).split('\f').map(squash)
    const first = text.findIndex((p) => p.includes('Строка 1 длинного'))
    const last = text.findIndex((p) => p.includes('Строка 140 длинного'))
    expect(first).toBeGreaterThan(0)
    expect(last).toBeGreaterThan(first)
    expect(text[last]).toContain('Code Text Cost') // the header row again on the continuation page
    expect(text[last]).toContain('Total')
    expect(text[last]).toContain(squash(formatMoney(123456789, 'EUR', 'en')))
    expect(text.findIndex((p) => p.includes('After the break'))).toBe(text.findIndex((p) => p.includes('Could not show a node.')) + 1)
    expect(text.join(' ')).toMatch(/1\. First item – Nested bullet/)
    const raw = out.toString('latin1')
    expect(raw).toContain('/URI (https://example.com/spec)')
    expect(raw).not.toContain('javascript:')
  })
})
