import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { strFromU8, unzipSync } from 'fflate'
import mammoth from 'mammoth'
import { beforeAll, describe, expect, it } from 'vitest'
import { formatMoney } from '~/utils/money'
import { label, shortHash } from './labels'
import { columnWidths, layoutUnits, PAGE_ESTIMATE_LIMIT, readDocxStamp, renderDocx, svgSize, xmlText } from './render-docx.server'
import { SPEC_SCHEMA, type Block, type RenderStamp, type Section, type SpecDocument } from './spec-document'

const root = path.resolve(import.meta.dirname, '../..')
const fixtures = path.join(root, 'tests/fixtures/spec')
const load = (name: string): SpecDocument => JSON.parse(fs.readFileSync(path.join(fixtures, name), 'utf8')) as SpecDocument

const HASH = 'a1b2c3d4e5f6'.padEnd(64, '0')
const SIGNED_HASH = 'f'.repeat(64)
const issued: RenderStamp = { status: 'issued', versionNumber: 3, versionId: 'ver_01J9ZK', contentHash: HASH, projectSlug: 'volga-crm' }

/** The volga document with its client's line signed, so the sheet shows both kinds of line. */
function volgaSigned(): SpecDocument {
  const doc = load('volga-gost.json')
  doc.signatureSheet.lines[0] = { ...doc.signatureSheet.lines[0]!, signedAt: '2027-03-01T09:30:00Z', contentHash: SIGNED_HASH }
  return doc
}

function unzip(bytes: Buffer): Record<string, string> {
  const files = unzipSync(bytes, { filter: (f) => f.name.endsWith('.xml') || f.name.endsWith('.rels') })
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]))
}

/** The headings a reader expects, in document order, with the level each should have. */
function expectedHeadings(doc: SpecDocument): { level: number; text: string }[] {
  const walk = (s: Section, depth: number, appendix?: string): { level: number; text: string }[] => [
    { level: Math.min(depth + 1, 4), text: appendix ? `${appendix}. ${s.title}` : `${s.number} ${s.title}` },
    ...s.children.flatMap((c) => walk(c, depth + 1)),
  ]
  const lang = doc.meta.language
  return [
    ...doc.sections.flatMap((s) => walk(s, 0)),
    ...doc.appendices.flatMap((s) => walk(s, 0, label(lang, 'appendix', { number: s.number }))),
    { level: 1, text: doc.signatureSheet.title || label(lang, 'signatureSheet') },
  ]
}

function htmlHeadings(html: string): { level: number; text: string }[] {
  return [...html.matchAll(/<h(\d)>(.*?)<\/h\1>/g)].map((m) => ({
    level: Number(m[1]),
    text: m[2]!.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>'),
  }))
}

function allBlocks(sections: Section[]): Block[] {
  return sections.flatMap((s) => [...s.blocks, ...allBlocks(s.children)])
}

type TableBlock = Extract<Block, { type: 'table' }>
const isTable = (b: Block): b is TableBlock => b.type === 'table'
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/** The body after the table of contents, as Word and LibreOffice read it (an empty text element written either way). */
function bodyAfterContents(documentXml: string): string {
  return documentXml.slice(documentXml.indexOf('</w:sdt>'), documentXml.indexOf('<w:sectPr')).replace(/<w:t xml:space="preserve"><\/w:t>/g, '<w:t xml:space="preserve"/>')
}

describe('renderDocx — GOST document (ru)', () => {
  const doc = volgaSigned()
  let bytes: Buffer
  let text: string
  let html: string
  let xml: Record<string, string>

  beforeAll(async () => {
    bytes = await renderDocx(doc, issued)
    text = (await mammoth.extractRawText({ buffer: bytes })).value
    html = (await mammoth.convertToHtml({ buffer: bytes })).value
    xml = unzip(bytes)
  }, 60_000)

  it('has every section heading, numbered, at its level, in order, after the title sheet and contents', () => {
    expect(htmlHeadings(html)).toEqual(expectedHeadings(doc))
    expect(text.indexOf('УТВЕРЖДАЮ')).toBeLessThan(text.indexOf(label('ru', 'contents')))
  })

  it('writes a TOC field with cached, hyperlinked entries and a "Contents" title of its own', () => {
    const body = xml['word/document.xml']!
    expect(body).toMatch(/<w:instrText[^>]*>TOC \\h \\o &quot;1-3&quot;<\/w:instrText>/)
    const cached = [...body.matchAll(/<w:pStyle w:val="TOC(\d)"\/>.*?<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[2])
    expect(cached).toContain('4.1.2 Требования к характеристикам взаимосвязей со смежными системами')
    expect(cached).not.toContain('4.3.2.1 Информационный обмен со смежными системами') // level 4: not in a 1-3 TOC
    expect(cached).toContain('1 Общие сведения')
    // the page numbers of the entries are laid out and written with the document
    expect(body).toMatch(/PAGEREF _Toc\d+ \\h<\/w:instrText><w:fldChar w:fldCharType="separate"\/><w:t[^>]*>\d+<\/w:t>/)
    expect(text).toContain(label('ru', 'contents'))
  })

  it('keeps a Cyrillic requirement statement intact', () => {
    expect(text).toContain('Система должна показывать в заказе признак «Обмен через ЭДО» из карточки клиента, чтобы бухгалтер печатал УПД только для клиентов без ЭДО.')
  })

  it('prints money cells formatted for the document language, and the grand total', () => {
    const improvements = allBlocks(doc.sections).find((b): b is Extract<Block, { type: 'table' }> => b.type === 'table' && (b.foot?.length ?? 0) > 0)!
    const total = improvements.foot![0]!.find((c) => c.money)!.money!
    const formatted = formatMoney(total.minor, total.currency, 'ru')
    expect(formatted).toMatch(/442\s500\s₽/)
    expect(text).toContain(formatted)
  })

  it('repeats table header rows and gives widths in twips, never percentages', () => {
    const body = xml['word/document.xml']!
    expect(body).toContain('<w:tblHeader/>')
    expect(body).not.toMatch(/w:type="pct"/)
    const textWidth = 11906 - Math.round(30 * (1440 / 25.4)) - Math.round(15 * (1440 / 25.4))
    const grids = [...body.matchAll(/<w:tblGrid>(.*?)<\/w:tblGrid>/g)].map((g) => [...g[1]!.matchAll(/w:w="(\d+)"/g)].reduce((s, m) => s + Number(m[1]), 0))
    expect(grids.length).toBeGreaterThan(10)
    expect(new Set(grids)).toEqual(new Set([textWidth]))
  })

  it('shows the signature sheet: the signed line with its time and hash, the unsigned one with blanks', () => {
    const sheet = text.slice(text.lastIndexOf(doc.signatureSheet.title))
    for (const line of doc.signatureSheet.lines) expect(sheet).toContain(line.name)
    expect(sheet).toContain(SIGNED_HASH)
    expect(sheet).toContain(label('ru', 'signed'))
    expect(sheet).toContain('1 мар. 2027')
    expect(sheet).toContain(label('ru', 'agreed'))
  })

  it('stamps header and footer: project and title, version with short hash, Page N of M fields; none on the title page', () => {
    const parts = Object.entries(xml)
    const footer = parts.filter(([n]) => /word\/footer\d+\.xml/.test(n)).map(([, x]) => x).join('')
    const header = parts.filter(([n]) => /word\/header\d+\.xml/.test(n)).map(([, x]) => x).join('')
    expect(footer).toContain(`${label('ru', 'version', { number: 3 })} · ${shortHash(HASH)}`)
    expect(footer).toMatch(/<w:instrText[^>]*>PAGE<\/w:instrText>/)
    expect(footer).toMatch(/<w:instrText[^>]*>NUMPAGES<\/w:instrText>/)
    expect(footer).toContain(doc.titleSheet.footerLine)
    expect(header).toContain(doc.meta.projectName)
    expect(xml['word/document.xml']).toContain('<w:titlePg/>')
  })

  it('writes the version into core and custom properties', () => {
    const core = xml['docProps/core.xml']!
    expect(core).toContain('<dc:creator>Specwright</dc:creator>')
    expect(core).toContain(`specwright-version:${issued.versionId}`)
    expect(core).toContain(`sha256:${HASH}`)
    expect(core).toContain(`<dc:title>${doc.meta.title}</dc:title>`)
    const custom = xml['docProps/custom.xml']!
    expect(custom).toMatch(new RegExp(`name="SpecwrightVersionId"[^>]*><vt:lpwstr>${issued.versionId}<`))
    expect(custom).toMatch(new RegExp(`name="SpecwrightContentHash"[^>]*><vt:lpwstr>${HASH}<`))
    expect(custom).toMatch(/name="SpecwrightProject"[^>]*><vt:lpwstr>volga-crm</)
  })

  it('embeds the DejaVu Serif faces and marks the text as Russian', () => {
    const files = Object.keys(unzipSync(bytes, { filter: (f) => f.name.startsWith('word/fonts/') }))
    expect(files).toHaveLength(4)
    expect(xml['word/fontTable.xml']).toContain('w:name="DejaVu Serif"')
    expect(xml['word/styles.xml']).toContain('<w:lang w:val="ru-RU"/>')
  })

  it('embeds the process diagrams as SVG with a PNG fallback', () => {
    const media = Object.keys(unzipSync(bytes, { filter: (f) => f.name.startsWith('word/media/') }))
    const figures = allBlocks(doc.sections).filter((b) => b.type === 'figure').length
    expect(media.filter((m) => m.endsWith('.svg'))).toHaveLength(figures)
    expect(media.filter((m) => m.endsWith('.png'))).toHaveLength(figures)
    expect(xml['word/document.xml']).toContain('asvg:svgBlip')
  })

  it('gives the same bytes for the same input', async () => {
    const again = await renderDocx(doc, issued)
    expect(again.equals(bytes)).toBe(true)
  }, 60_000)

  it('gives the same bytes in another process (nothing depends on what the process rendered before)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docx-determinism-'))
    try {
      const input = path.join(dir, 'input.json')
      const script = path.join(dir, 'render.mts')
      fs.writeFileSync(input, JSON.stringify({ doc, stamp: issued }))
      fs.writeFileSync(
        script,
        [
          "import { createHash } from 'node:crypto'",
          "import fs from 'node:fs'",
          "import { pathToFileURL } from 'node:url'",
          'const [modulePath, input] = process.argv.slice(2)',
          'const { renderDocx } = await import(pathToFileURL(modulePath).href)',
          "const { doc, stamp } = JSON.parse(fs.readFileSync(input, 'utf8'))",
          "process.stdout.write(createHash('sha256').update(await renderDocx(doc, stamp)).digest('hex'))",
        ].join('\n'),
      )
      const env = { ...process.env, TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.json') }
      const hash = execFileSync(process.execPath, ['--import', 'tsx', script, path.join(import.meta.dirname, 'render-docx.server.ts'), input], { cwd: root, env, encoding: 'utf8', timeout: 60_000 })
      expect(hash).toBe(sha256(bytes))
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 90_000)

  it('writes the same body whether or not its pages are laid out for the contents', async () => {
    const laidOut = unzip(await renderDocx(doc, issued, { tocPageNumbers: 'always' }))['word/document.xml']!
    const notLaidOut = unzip(await renderDocx(doc, issued, { tocPageNumbers: 'never' }))['word/document.xml']!
    expect(bodyAfterContents(notLaidOut)).toContain('<w:tblHeader/>')
    expect(bodyAfterContents(notLaidOut)).toBe(bodyAfterContents(laidOut))
  }, 60_000)

  it('round-trips the stamp through readDocxStamp', async () => {
    await expect(readDocxStamp(bytes)).resolves.toEqual({ versionId: issued.versionId, contentHash: HASH })
  })
})

/** A small English document with the blocks the fixtures lack: nested and repeated ordered lists, notes, danger cells. */
function smallDoc(): SpecDocument {
  const item = (t: string): Block[] => [{ type: 'paragraph', runs: [{ text: t }] }]
  return {
    schema: SPEC_SCHEMA,
    meta: { projectName: 'Tiny', clientOrganisation: 'Acme', templateId: 'short', title: 'Spec', language: 'en', currency: 'EUR' },
    titleSheet: { titleLines: ['Specification'], blocks: [], footerLine: 'Leeds 2027' },
    sections: [
      {
        id: 's1',
        number: '1',
        title: 'Lists',
        mandatory: true,
        blocks: [
          { type: 'list', ordered: true, items: [item('first A'), [...item('second A'), { type: 'list', ordered: false, items: [item('nested bullet')] }]] },
          { type: 'paragraph', runs: [{ text: 'between', bold: true }, { text: 'link', link: 'https://example.com' }, { text: 'bad', link: 'javascript:alert(1)' }] },
          { type: 'list', ordered: true, items: [item('first B')] },
          { type: 'note', tone: 'warning', runs: [{ text: 'Check this' }] },
          { type: 'note', tone: 'empty', runs: [{ text: 'Nothing here' }] },
          {
            type: 'table',
            columns: [{ weight: 1, align: 'left' }, { weight: 3, align: 'right' }],
            head: [{ runs: [{ text: 'Code' }] }, { runs: [{ text: 'Risk' }] }],
            rows: [[{ runs: [{ text: 'R-1' }] }, { runs: [{ text: 'late' }], emphasis: 'danger' }]],
          },
        ],
        children: [],
      },
    ],
    appendices: [],
    signatureSheet: { title: '', lines: [] },
  }
}

describe('renderDocx — blocks and stamps', () => {
  it.each(['auto', 'never'] as const)('restarts the numbering of each ordered list and nests lists one level deeper (page layout: %s)', async (tocPageNumbers) => {
    const bytes = await renderDocx(smallDoc(), { status: 'draft' }, { tocPageNumbers })
    const xml = unzip(bytes)
    const body = xml['word/document.xml']!
    const numbered = [...body.matchAll(/<w:ilvl w:val="(\d)"\/><w:numId w:val="(\d+)"\/>.*?<w:t[^>]*>([^<]*)</g)].map((m) => ({ level: Number(m[1]), numId: m[2]!, text: m[3] }))
    const byText = Object.fromEntries(numbered.map((n) => [n.text, n]))
    expect(byText['first A']!.numId).toBe(byText['second A']!.numId)
    expect(byText['first B']!.numId).not.toBe(byText['first A']!.numId)
    expect(byText['nested bullet']!.level).toBe(1)
    // every list refers to a numbering instance the numbering part defines
    const defined = [...xml['word/numbering.xml']!.matchAll(/<w:num w:numId="(\d+)"/g)].map((m) => m[1])
    for (const { numId } of numbered) expect(defined).toContain(numId)
    const { value: text } = await mammoth.extractRawText({ buffer: bytes })
    expect(text).toContain('⚠ Warning: Check this')
    expect(text).toContain('Nothing here')
    expect(text).toContain('⚠ late')
    // only web links become hyperlinks, each to its own target
    const linkId = /<w:hyperlink [^>]*r:id="([^"]+)"/.exec(body)?.[1]
    const rels = xml['word/_rels/document.xml.rels']!
    expect(rels).toMatch(new RegExp(`<Relationship Id="${linkId}"[^>]*Target="https://example.com"[^>]*TargetMode="External"`))
    expect(rels).not.toContain('javascript:')
  })

  it.each(['auto', 'never'] as const)('keeps markup characters as text and leaves out the characters XML forbids (page layout: %s)', async (tocPageNumbers) => {
    const doc = smallDoc()
    const tricky = `A & B <c> "q" 'a'\u0007\uFFFF\uD800 😀`
    const table = doc.sections[0]!.blocks.find(isTable)!
    table.rows.push([{ runs: [{ text: tricky }] }, { runs: [{ text: 'line one' }, { text: 'line two', break: true }] }])
    doc.sections[0]!.blocks.push({ type: 'paragraph', runs: [{ text: `para ${tricky}` }] })
    const bytes = await renderDocx(doc, { status: 'draft' }, { tocPageNumbers })
    const { value: text } = await mammoth.extractRawText({ buffer: bytes })
    expect(text).toContain(`A & B <c> "q" 'a' 😀`)
    expect(text).toContain(`para A & B <c> "q" 'a' 😀`)
    expect(unzip(bytes)['word/document.xml']).toContain('<w:br/><w:t xml:space="preserve">line two</w:t>')
  })

  it('prints the draft label and no version when the stamp is a draft, in English', async () => {
    const bytes = await renderDocx(smallDoc(), { status: 'draft' })
    const xml = unzip(bytes)
    const footers = Object.entries(xml).filter(([n]) => n.startsWith('word/footer')).map(([, x]) => x).join('')
    expect(footers).toContain(label('en', 'draft'))
    expect(footers).toContain('Page ')
    expect(xml['word/styles.xml']).toContain('<w:lang w:val="en-US"/>')
    await expect(readDocxStamp(bytes)).resolves.toBeNull()
  })

  it('leaves the TOC page numbers to Word when asked not to lay out pages', async () => {
    const bytes = await renderDocx(smallDoc(), { status: 'draft' }, { tocPageNumbers: 'never' })
    const body = unzip(bytes)['word/document.xml']!
    expect(body).toContain('1 Lists')
    expect(body).toMatch(/<w:fldChar w:fldCharType="begin" w:dirty="true"\/>/)
  })
})

/** The volga document with its requirement tables' rows repeated until it is too long to lay its pages out. */
function largeDoc(): SpecDocument {
  const doc = volgaSigned()
  for (const table of allBlocks([...doc.sections, ...doc.appendices]).filter(isTable)) {
    if (table.rows.length >= 4) table.rows = Array.from({ length: 25 }, () => table.rows).flat()
  }
  return doc
}

describe('renderDocx — a document too long to lay out', () => {
  const doc = largeDoc()
  let bytes: Buffer
  let body: string

  beforeAll(async () => {
    bytes = await renderDocx(doc, issued)
    body = unzip(bytes)['word/document.xml']!
  }, 60_000)

  it('is longer than the page layout is done for', () => {
    expect(layoutUnits(doc)).toBeGreaterThan(PAGE_ESTIMATE_LIMIT)
  })

  it('writes every row of every table, with header rows that repeat', async () => {
    const tables = allBlocks([...doc.sections, ...doc.appendices]).filter(isTable)
    const contentRows = tables.reduce((n, t) => n + (t.head.length > 0 ? 1 : 0) + t.rows.length + (t.foot?.length ?? 0), 0)
    const titleRows = Math.ceil(doc.titleSheet.blocks.length / 2)
    const signatureRows = 1 + doc.signatureSheet.lines.length + doc.signatureSheet.lines.filter((l) => l.signedAt).length
    expect([...body.matchAll(/<w:tr>/g)]).toHaveLength(contentRows + titleRows + signatureRows)
    expect([...body.matchAll(/<w:tblHeader\/>/g)]).toHaveLength(tables.filter((t) => t.head.length > 0).length + 1)
    const html = (await mammoth.convertToHtml({ buffer: bytes })).value
    const longest = tables.reduce((a, b) => (b.rows.length > a.rows.length ? b : a))
    const lastCell = longest.rows.at(-1)![0]!.runs.map((r) => r.text).join('')
    expect(html.split(lastCell).length - 1).toBeGreaterThanOrEqual(25)
  })

  it('lists the headings in the contents and leaves their page numbers for Word to fill in', () => {
    expect(body).toContain('1 Общие сведения')
    expect(body).toMatch(/<w:fldChar w:fldCharType="begin" w:dirty="true"\/>/)
    expect(body).not.toMatch(/PAGEREF _Toc\d+ \\h<\/w:instrText><w:fldChar w:fldCharType="separate"\/><w:t/)
  })

  it('embeds the fonts and the diagrams once each', () => {
    const parts = Object.keys(unzipSync(bytes, { filter: (f) => f.name.startsWith('word/fonts/') || f.name.startsWith('word/media/') }))
    const figures = allBlocks(doc.sections).filter((b) => b.type === 'figure').length
    expect(parts.filter((p) => p.startsWith('word/fonts/'))).toHaveLength(4)
    expect(parts.filter((p) => p.endsWith('.svg'))).toHaveLength(figures)
  })
})

describe('readDocxStamp', () => {
  it('returns null for bytes that are not a DOCX', async () => {
    await expect(readDocxStamp(Buffer.from('%PDF-1.7 not a zip'))).resolves.toBeNull()
  })
})

describe('layout helpers', () => {
  it('splits the text width by column weight, in whole twips that add up', () => {
    const widths = columnWidths([{ weight: 1, align: 'left' }, { weight: 4, align: 'left' }, { weight: 1.5, align: 'right' }], 9355)
    expect(widths.reduce((s, w) => s + w, 0)).toBe(9355)
    expect(widths[1]! / widths[0]!).toBeCloseTo(4, 1)
  })

  it('escapes text for XML and leaves out what XML 1.0 forbids', () => {
    expect(xmlText(`a&b<c>"d"'e'`)).toBe('a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;')
    expect(xmlText('bell\u0007 nul\u0000 lone\uD800 \uFFFE\uFFFF end')).toBe('bell nul lone  end')
    expect(xmlText('tab\tnew\nline 😀 Ё')).toBe('tab\tnew\nline 😀 Ё')
  })

  it('reads an SVG size from its attributes or its viewBox', () => {
    expect(svgSize('<svg width="964" height="539">')).toEqual({ width: 964, height: 539 })
    expect(svgSize('<svg viewBox="0 0 300 150">')).toEqual({ width: 300, height: 150 })
  })
})

const hasSoffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0 && spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).status === 0

describe.runIf(hasSoffice)('LibreOffice opens the DOCX', () => {
  it('converts it to a PDF with the headings and a filled-in table of contents', async () => {
    const doc = load('northwind-short.json')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docx-lo-'))
    try {
      const file = path.join(dir, 'spec.docx')
      fs.writeFileSync(file, await renderDocx(doc, issued))
      execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, file], { stdio: 'ignore', timeout: 60_000 })
      const pdfText = execFileSync('pdftotext', ['-layout', path.join(dir, 'spec.pdf'), '-'], { encoding: 'utf8' })
      for (const section of doc.sections) expect(pdfText).toContain(`${section.number} ${section.title}`)
      // a TOC entry: the heading, dot leaders, a page number
      expect(pdfText).toMatch(/4 Requirements\.{5,}\s*\d+/)
      expect(pdfText).toContain(doc.titleSheet.footerLine)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 90_000)
})
