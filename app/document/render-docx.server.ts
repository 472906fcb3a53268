/**
 * The DOCX rendering of a specification (docs/decisions/0006): the SpecDocument IR turned into a
 * Word document with the `docx` library — title sheet, a real table of contents field, numbered
 * headings, tables with repeating header rows, process diagrams, a signature sheet, and the
 * version's stamp in the header/footer and in the file's properties (read back by
 * `readDocxStamp` when a file is uploaded for verification).
 *
 * Layout choices: A4 with GOST-style margins (30/15/20/20 mm), DejaVu Serif for everything
 * (one family keeps the embedded fonts at ~1.4 MB; a serif reads as a formal document), every
 * top-level section on a new page. Figures are embedded as SVG, which Word 2016+ draws, with a
 * PNG of the same diagram (drawn by resvg, rasterize.server.ts) as the fallback for what cannot
 * (older Word; LibreOffice 7.4 reads only the fallback). Two renders
 * of the same document and stamp give identical bytes (see `deterministic`).
 *
 * Speed (issue 6): docx builds the document's frame — styles, numbering, fonts, header and
 * footer, the title and signature sheets, the headings and the table of contents it fills in
 * from them — and everything else (paragraphs, lists, notes, tables, figures: the bulk of a
 * large specification) is written as WordprocessingML text, the same XML docx wrote from the
 * same options, spliced into word/document.xml (`RenderContext.xmlChild`). The package's parts
 * are taken from docx's compiler, fixed up as text and zipped once, the embedded fonts' parts
 * deflated once per process. A 600-requirement specification renders in ~40 ms instead of ~0.8 s.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { crc32, deflateRawSync, deflateSync } from 'node:zlib'
import {
  AlignmentType,
  BorderStyle,
  BuilderElement,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImportedXmlComponent,
  LeaderType,
  LevelFormat,
  HeightRule,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Tab,
  TabStopType,
  Table,
  TableCell,
  TableLayoutType,
  TableOfContents,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type FileChild,
  type IBorderOptions,
  type INumberingOptions,
  type PageNumberEstimator,
  type IRunOptions,
  type ParagraphChild,
} from 'docx'
import { strFromU8, unzipSync, type Unzipped } from 'fflate'
import { formatDateTime } from '~/i18n'
import { formatMoney } from '~/utils/money'
import { FONT_FAMILY_NAME, fontPaths } from './fonts.server'
import { label, shortHash } from './labels'
import type { Block, Cell, Column, RenderStamp, Run, Section, SignatureLine, SpecDocument, TitleBlock } from './spec-document'

type Lang = SpecDocument['meta']['language']
type TableBlock = Extract<Block, { type: 'table' }>

const FONT = FONT_FAMILY_NAME.serif
/**
 * For the content hash: not embedded (it is ASCII hex). Courier New is on every Word installation,
 * LibreOffice substitutes a metric-compatible one, and docx's page layout knows its widths.
 */
const MONO_FONT = 'Courier New'
const TWIPS_PER_MM = 1440 / 25.4
const mm = (value: number) => Math.round(value * TWIPS_PER_MM)

const PAGE = { width: 11906, height: 16838 } // A4 in twips
const MARGIN = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15), header: mm(10), footer: mm(10) }
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right
const TEXT_HEIGHT = PAGE.height - MARGIN.top - MARGIN.bottom
const PX_PER_TWIP = 96 / 1440

const COLOR = {
  text: '000000',
  grey: '595959',
  rule: '808080',
  headShade: 'E7E6E6',
  mutedShade: 'F2F2F2',
  totalShade: 'DDDDDD',
  danger: 'C00000',
  warningShade: 'FFF2CC',
  warningRule: 'BF8F00',
}

/** Half-points, as docx wants font sizes. */
const SIZE = { body: 24, table: 20, small: 18, hash: 16, h1: 28, h2: 26, h3: 24, title: 32 }

const LANGUAGE: Record<Lang, string> = { ru: 'ru-RU', en: 'en-US' }

export type RenderDocxOptions = {
  /**
   * Whether the table of contents is written with page numbers, laid out by docx's page
   * estimator (as Word would lay the pages out). It is synchronous and costs ~0.25 s plus ~2 ms
   * per table row or paragraph (0.8 s for the volga fixture, 2.1 s at ~1000, against 25–35 ms
   * without), so 'auto' does it for documents up to ~100 pages and otherwise leaves the numbers
   * for Word to fill in (the field is then marked dirty, and Word offers to update it on opening;
   * LibreOffice shows the entries without numbers).
   */
  tocPageNumbers?: 'auto' | 'always' | 'never'
}

/** Table rows, paragraphs and list items (a figure counts as several) up to which 'auto' lays out pages. */
export const PAGE_ESTIMATE_LIMIT = 800

/** Renders the document with its stamp into the bytes of a .docx file. */
export async function renderDocx(doc: SpecDocument, stamp: RenderStamp, options: RenderDocxOptions = {}): Promise<Buffer> {
  const fonts = await loadFonts()
  const mode = options.tocPageNumbers ?? 'auto'
  const estimate = mode === 'always' || (mode === 'auto' && layoutUnits(doc) <= PAGE_ESTIMATE_LIMIT)
  // The layout's width tables are 1.7 MB of code: loaded only for a document that is laid out.
  const pageNumbers = estimate ? (await import('docx/layout')).estimatePageNumbers : undefined
  const ctx = new RenderContext(doc.meta.language, pageNumbers !== undefined)
  // The diagrams drawn as PNG (for LibreOffice and older Word) before the synchronous build.
  ctx.rasters = await rasterizeFigures(doc)
  const files = deterministic(() => {
    const document = buildDocument(doc, stamp, fonts.faces, ctx, pageNumbers)
    const compiled = compilePackage(document)
    for (const list of document.Numbering.ConcreteNumbering) ctx.numIds.set(`${list.reference}-${list.instance}`, list.numId)
    return compiled
  })
  return zipPackage(normalisePackage(files, fonts, ctx))
}

// ---------------------------------------------------------------------------------------------
// The document

type FontFaces = { regular: Buffer; bold: Buffer; italic: Buffer; boldItalic: Buffer }
/** The faces as docx reads them (for the font table and the page layout), and each one's part as every package holds it. */
type EmbeddedFonts = { faces: FontFaces; parts: Record<FaceElement, EmbeddedFontPart> }
/** The font table's element for each face. */
type FaceElement = 'embedRegular' | 'embedBold' | 'embedItalic' | 'embedBoldItalic'
type EmbeddedFontPart = { key: string; data: CompressedData }

let fontCache: Promise<EmbeddedFonts> | undefined

function loadFonts(): Promise<EmbeddedFonts> {
  fontCache ??= (async () => {
    const paths = fontPaths('serif')
    const [regular, bold, italic, boldItalic] = await Promise.all([paths.regular, paths.bold, paths.italic, paths.boldItalic].map((p) => readFile(p)))
    const faces = { regular: regular!, bold: bold!, italic: italic!, boldItalic: boldItalic! }
    const parts = {
      embedRegular: embeddedFontPart(faces.regular),
      embedBold: embeddedFontPart(faces.bold),
      embedItalic: embeddedFontPart(faces.italic),
      embedBoldItalic: embeddedFontPart(faces.boldItalic),
    }
    return { faces, parts }
  })()
  fontCache.catch(() => (fontCache = undefined))
  return fontCache
}

/**
 * A face obfuscated as ECMA-376 part 2 §11 says (the first 32 bytes XORed with the reversed
 * bytes of its key), under a key derived from the face itself, and deflated: made once per
 * process, the same in every package (the faces are 1.4 MB; deflating them was a third of a
 * large document's time).
 */
function embeddedFontPart(face: Buffer): EmbeddedFontPart {
  const hex = createHash('sha256').update(face).digest('hex').slice(0, 32).toUpperCase()
  const key = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  const keyBytes = Buffer.from(hex, 'hex').reverse()
  const data = Buffer.from(face)
  for (let i = 0; i < 32; i++) data[i]! ^= keyBytes[i % keyBytes.length]!
  return { key, data: compress(data) }
}

/** A rough measure of a document's length: its table rows, paragraphs and list items. */
export function layoutUnits(doc: SpecDocument): number {
  const blocks = (items: Block[]): number =>
    items.reduce((n, b) => {
      if (b.type === 'table') return n + 1 + b.rows.length + (b.foot?.length ?? 0)
      if (b.type === 'list') return n + b.items.reduce((m, item) => m + blocks(item), 0)
      return n + (b.type === 'figure' ? 8 : 1)
    }, 0)
  const section = (s: Section): number => 1 + blocks(s.blocks) + s.children.reduce((n, c) => n + section(c), 0)
  return [...doc.sections, ...doc.appendices].reduce((n, s) => n + section(s), 0) + doc.signatureSheet.lines.length
}

function buildDocument(doc: SpecDocument, stamp: RenderStamp, fonts: FontFaces, ctx: RenderContext, pageNumbers: PageNumberEstimator | undefined): Document {
  const lang = ctx.lang
  const estimatePages = pageNumbers !== undefined
  const children: FileChild[] = [
    ...titleSheet(doc, ctx),
    ...contents(lang, estimatePages),
    ...bodyChildren(
      [
        ...doc.sections.flatMap((s) => sectionParts(s, 0, ctx)),
        ...doc.appendices.flatMap((s) => sectionParts(s, 0, ctx, label(lang, 'appendix', { number: s.number }))),
      ],
      ctx,
    ),
    ...signatureSheet(doc, ctx),
  ]
  const document = new Document({
    ...coreProperties(doc, stamp),
    customProperties: customProperties(doc, stamp),
    fonts: [{ name: FONT, data: fonts.regular, bold: fonts.bold, italic: fonts.italic, boldItalic: fonts.boldItalic }],
    styles: styles(lang),
    numbering: NUMBERING,
    pageNumbers,
    sections: [
      {
        properties: {
          titlePage: true,
          page: { size: PAGE, margin: MARGIN },
        },
        headers: { first: new Header({ children: [new Paragraph('')] }), default: pageHeader(doc) },
        footers: { first: titleFooter(doc), default: pageFooter(doc, stamp) },
        children,
      },
    ],
  })
  // The lists written as text: docx makes the numbering instances of the paragraphs it writes only.
  for (const { reference, instance } of ctx.numberedLists.values()) document.Numbering.createConcreteNumberingInstance(reference, instance)
  return document
}

/**
 * What the rendering of blocks shares: the document's language; a counter of ordered lists,
 * each of which gets its own numbering instance so it counts from 1; the parts written as
 * WordprocessingML text (see `xmlChild`) and the targets of the hyperlinks in them.
 */
class RenderContext {
  private lists = 0
  /** The XML written as text, by the number of its placeholder in the docx tree. */
  readonly spliced: string[] = []
  /** The relationships the XML written as text refers to (hyperlinks, images). */
  readonly relationships: { id: string; type: 'hyperlink' | 'image'; target: string }[] = []
  /** The images of that XML, by path in the package. */
  readonly media = new Map<string, Uint8Array>()
  private readonly images = new Map<string, string>()
  private drawings = 0
  /** The lists of that XML by docx's key of their numbering instance ("ordered-3"), and the numIds docx gave them. */
  readonly numberedLists = new Map<string, { reference: string; instance: number }>()
  readonly numIds = new Map<string, number>()
  /** Each figure's SVG drawn as PNG (rasterizeFigures); a figure without one gets a framed placeholder. */
  rasters = new Map<string, Buffer>()
  /** Whether docx lays the pages out (then it must see every part of the body). */
  constructor(
    readonly lang: Lang,
    readonly layoutPages: boolean,
  ) {}
  nextListInstance(): number {
    return ++this.lists
  }
  /**
   * A child of the document's body written as XML text. docx gets a placeholder element that
   * the package's document.xml has replaced by the text, so the bulk of a large document never
   * becomes docx objects. When docx lays out the pages, it gets the XML parsed instead: the
   * layout must see it, and a document small enough to lay out is quick to parse.
   */
  xmlChild(xml: string): FileChild {
    if (this.layoutPages) return ImportedXmlComponent.fromXmlString(xml) as unknown as FileChild
    this.spliced.push(xml)
    return new BuilderElement({ name: SPLICE_ELEMENT, attributes: { n: { key: 'n', value: this.spliced.length - 1 } } }) as unknown as FileChild
  }
  /**
   * What a list paragraph written as text gives as its numId: docx's placeholder for the
   * numbering instance, which docx replaces when it writes the XML itself (pages laid out) and
   * `splice` does otherwise.
   */
  listNumbering(reference: 'ordered' | 'bullets', instance: number): string {
    const key = `${reference}-${instance}`
    this.numberedLists.set(key, { reference, instance })
    return `{${key}}`
  }
  /** The relationship id for a hyperlink to `target` from the XML written as text. */
  linkId(target: string): string {
    return this.relationship('hyperlink', target)
  }
  /** The relationship id of an image (the same `key`, the same image: its data is made once). */
  image(key: string, extension: 'svg' | 'png', data: () => Uint8Array): string {
    let id = this.images.get(key)
    if (id === undefined) {
      const name = `media/figure${this.images.size + 1}.${extension}`
      this.media.set(`word/${name}`, data())
      id = this.relationship('image', name)
      this.images.set(key, id)
    }
    return id
  }
  /** A drawing id (wp:docPr, pic:cNvPr), unique in the document: docx draws none of its own. */
  nextDrawingId(): number {
    return ++this.drawings
  }
  private relationship(type: 'hyperlink' | 'image', target: string): string {
    const id = `rIdSw${this.relationships.length + 1}`
    this.relationships.push({ id, type, target })
    return id
  }
}

/** The placeholder's element: a namespace prefix no WordprocessingML uses, so no content can look like it. */
const SPLICE_ELEMENT = 'specwright:splice'


// ---------------------------------------------------------------------------------------------
// Metadata

function coreProperties(doc: SpecDocument, stamp: RenderStamp) {
  const keywords = ['specwright', `template:${doc.meta.templateId}`]
  if (stamp.versionId) keywords.push(`specwright-version:${stamp.versionId}`)
  if (stamp.contentHash) keywords.push(`sha256:${stamp.contentHash}`)
  return {
    title: doc.meta.title,
    subject: doc.meta.projectName,
    creator: 'Specwright',
    lastModifiedBy: 'Specwright',
    description: doc.meta.clientOrganisation,
    keywords: keywords.join(' '),
    revision: stamp.versionNumber,
  }
}

const CUSTOM = { versionId: 'SpecwrightVersionId', contentHash: 'SpecwrightContentHash', project: 'SpecwrightProject', status: 'SpecwrightStatus' }

function customProperties(doc: SpecDocument, stamp: RenderStamp) {
  const props = [
    { name: CUSTOM.project, value: stamp.projectSlug ?? doc.meta.projectName },
    { name: CUSTOM.status, value: stamp.status },
  ]
  if (stamp.versionId) props.push({ name: CUSTOM.versionId, value: stamp.versionId })
  if (stamp.contentHash) props.push({ name: CUSTOM.contentHash, value: stamp.contentHash })
  return props
}

// ---------------------------------------------------------------------------------------------
// Styles and numbering

function styles(lang: Lang) {
  const heading = (size: number, before: number, extra: { pageBreakBefore?: boolean; italics?: boolean } = {}) => ({
    run: { font: FONT, size, bold: true, italics: extra.italics, color: COLOR.text },
    paragraph: { spacing: { before, after: 120 }, keepNext: true, keepLines: true, pageBreakBefore: extra.pageBreakBefore },
  })
  return {
    default: {
      document: {
        run: { font: FONT, size: SIZE.body, language: { value: LANGUAGE[lang] } },
        paragraph: { spacing: { after: 120, line: 264, lineRule: LineRuleType.AUTO } },
      },
      heading1: heading(SIZE.h1, 0, { pageBreakBefore: true }),
      heading2: heading(SIZE.h2, 240),
      heading3: heading(SIZE.h3, 200),
      heading4: heading(SIZE.body, 160, { italics: true }),
      caption: { run: { italics: true, size: SIZE.table, color: COLOR.grey }, paragraph: { spacing: { before: 60, after: 200 } } },
      hyperlink: { run: { color: '1F4E79', underline: {} } },
    },
    paragraphStyles: [
      { id: 'ContentsTitle', name: 'Contents Title', basedOn: 'Normal', run: { bold: true, size: SIZE.h1 }, paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 240 } } },
      ...[1, 2, 3].map((level) => ({
        id: `TOC${level}`,
        name: `toc ${level}`,
        basedOn: 'Normal',
        next: 'Normal',
        run: { bold: level === 1 },
        // Hanging, so a wrapped entry's second line starts under its title, not under its number.
        paragraph: { indent: { left: (level - 1) * mm(6) + mm(10 + 2 * level), hanging: mm(10 + 2 * level) }, spacing: { before: level === 1 ? 80 : 0, after: 40 } },
      })),
      { id: 'TableText', name: 'Table Text', basedOn: 'Normal', run: { size: SIZE.table }, paragraph: { spacing: { after: 0, line: 240 } } },
      { id: 'NoteEmpty', name: 'Note Empty', basedOn: 'Normal', run: { italics: true, color: COLOR.grey } },
      { id: 'SignatureText', name: 'Signature Text', basedOn: 'TableText', run: { size: SIZE.small } },
    ],
  }
}

const BULLETS = ['•', '–', '▪']

/** One bullet and one ordered definition; every ordered list is a new `instance` of the latter. */
const NUMBERING: INumberingOptions = numberingDefinitions()

function numberingDefinitions(): INumberingOptions {
  const indent = (level: number) => ({ left: mm(8) * (level + 1), hanging: mm(6) })
  const bulletLevels = Array.from({ length: 6 }, (_, level) => ({
    level,
    format: LevelFormat.BULLET,
    text: BULLETS[level % BULLETS.length]!,
    alignment: AlignmentType.LEFT,
    style: { paragraph: { indent: indent(level) } },
  }))
  const orderedLevels = Array.from({ length: 6 }, (_, level) => ({
    level,
    format: LevelFormat.DECIMAL,
    text: level === 0 ? '%1.' : `%${level + 1})`,
    alignment: AlignmentType.LEFT,
    style: { paragraph: { indent: indent(level) } },
  }))
  return {
    config: [
      { reference: 'bullets', levels: bulletLevels },
      { reference: 'ordered', levels: orderedLevels },
    ],
  }
}

// ---------------------------------------------------------------------------------------------
// Title sheet, contents, header and footer

const NO_BORDER: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }
const NO_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER }

function titleSheet(doc: SpecDocument, ctx: RenderContext): FileChild[] {
  const { titleSheet: sheet, meta } = doc
  const out: FileChild[] = []
  if (sheet.blocks.length > 0) out.push(titleBlocksTable(sheet.blocks))
  sheet.titleLines.forEach((line, i) => {
    out.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: i === 0 ? mm(sheet.blocks.length > 0 ? 45 : 80) : 120, after: 120 },
        children: [new TextRun({ text: line, bold: i === 0 || isUpperCase(line), size: i === 0 ? SIZE.title : SIZE.h2 })],
      }),
    )
  })
  if (meta.versionNumber !== undefined) {
    out.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: 480 },
        children: [new TextRun({ text: label(ctx.lang, 'version', { number: meta.versionNumber }), color: COLOR.grey })],
      }),
    )
  }
  return out
}

function isUpperCase(line: string): boolean {
  return line.length > 3 && line === line.toLocaleUpperCase() && line !== line.toLocaleLowerCase()
}

/** The approval blocks (УТВЕРЖДАЮ / СОГЛАСОВАНО) side by side, in a borderless table. */
function titleBlocksTable(blocks: TitleBlock[]): Table {
  const columns = 2
  const widths = columnWidths(Array.from({ length: columns }, () => ({ weight: 1, align: 'left' as const })))
  const rows: TableRow[] = []
  for (let i = 0; i < blocks.length; i += columns) {
    const pair = Array.from({ length: columns }, (_, k) => blocks[i + k])
    rows.push(
      new TableRow({
        children: pair.map(
          (block, k) =>
            new TableCell({
              width: { size: widths[k]!, type: WidthType.DXA },
              margins: { left: k === 0 ? 0 : mm(10), right: k === 0 ? mm(10) : 0 },
              children: block ? titleBlockParagraphs(block) : [new Paragraph('')],
            }),
        ),
      }),
    )
  }
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows,
  })
}

function titleBlockParagraphs(block: TitleBlock): Paragraph[] {
  return [
    new Paragraph({ spacing: { after: 120 }, children: [new TextRun({ text: block.heading, bold: true })] }),
    ...block.lines.map(
      (line) =>
        new Paragraph({
          spacing: { after: 60 },
          children: [line.label ? new TextRun({ text: `${line.label}: `, color: COLOR.grey }) : null, new TextRun(line.value)].filter(
            (r): r is TextRun => r !== null,
          ),
        }),
    ),
  ]
}

/**
 * The "Contents" title (the TOC field's own title is not printed) and the TOC field, filled in by
 * docx from the headings with hyperlinked entries, so it shows before Word updates its fields and
 * in LibreOffice, which does not update them on load.
 */
function contents(lang: Lang, withPageNumbers: boolean): FileChild[] {
  return [
    new Paragraph({ style: 'ContentsTitle', pageBreakBefore: true, children: [new TextRun(label(lang, 'contents'))] }),
    // Without page numbers, dot leaders would lead to nothing until Word updates the field.
    new TableOfContents(label(lang, 'contents'), { hyperlink: true, headingStyleRange: '1-3', tabLeader: withPageNumbers ? LeaderType.DOT : LeaderType.NONE }),
  ]
}

function pageHeader(doc: SpecDocument): Header {
  return new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: COLOR.rule, space: 2 } },
        children: [new TextRun({ text: truncate(`${doc.meta.projectName} · ${doc.meta.title}`, HEADER_CHARS), size: SIZE.small, color: COLOR.grey })],
      }),
    ],
  })
}

/** About what one header line holds at 9 pt over the text width. */
const HEADER_CHARS = 80

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`
}

function titleFooter(doc: SpecDocument): Footer {
  return new Footer({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun(doc.titleSheet.footerLine)] })],
  })
}

/** "Version N · short hash" (or the draft label) on the left, "Page N of M" on the right. */
function pageFooter(doc: SpecDocument, stamp: RenderStamp): Footer {
  const lang = doc.meta.language
  const run = (options: IRunOptions) => new TextRun({ size: SIZE.small, color: COLOR.grey, ...options })
  return new Footer({
    children: [
      new Paragraph({
        border: { top: { style: BorderStyle.SINGLE, size: 4, color: COLOR.rule, space: 2 } },
        tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
        children: [run({ text: stampLine(lang, stamp) }), run({ children: [new Tab()] }), ...pageOfPages(lang).map((part) => run({ children: [part] }))],
      }),
    ],
  })
}

function stampLine(lang: Lang, stamp: RenderStamp): string {
  if (stamp.status === 'draft' || stamp.versionNumber === undefined) return label(lang, 'draft')
  const parts = [label(lang, 'version', { number: stamp.versionNumber })]
  if (stamp.contentHash) parts.push(shortHash(stamp.contentHash))
  if (stamp.status !== 'issued') parts.push(label(lang, stamp.status))
  return parts.join(' · ')
}

/** The "Page {page} of {pages}" label with PAGE and NUMPAGES fields in place of the placeholders. */
function pageOfPages(lang: Lang): (string | (typeof PageNumber)[keyof typeof PageNumber])[] {
  const template = label(lang, 'page', { page: '\u0000page\u0000', pages: '\u0000pages\u0000' })
  return template
    .split('\u0000')
    .filter((part) => part !== '')
    .map((part) => (part === 'page' ? PageNumber.CURRENT : part === 'pages' ? PageNumber.TOTAL_PAGES : part))
}

// ---------------------------------------------------------------------------------------------
// Sections and blocks

const HEADING_LEVELS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4] as const

/**
 * What goes into the body for a section: a docx paragraph for its heading (docx bookmarks the
 * headings and fills the table of contents from them) and, for its blocks, WordprocessingML
 * text (see `RenderContext.xmlChild`) — as docx objects, the blocks of a large specification
 * were most of its time and memory.
 */
type BodyPart = FileChild | string

function sectionParts(section: Section, depth: number, ctx: RenderContext, appendixLabel?: string): BodyPart[] {
  const text = appendixLabel ? `${appendixLabel}. ${section.title}` : `${section.number} ${section.title}`
  return [
    new Paragraph({ heading: HEADING_LEVELS[Math.min(depth, HEADING_LEVELS.length - 1)], children: [new TextRun(text)] }),
    ...section.blocks.map((block) => blockXml(block, ctx)),
    ...section.children.flatMap((child) => sectionParts(child, depth + 1, ctx)),
  ]
}

/** The body's children, each run of XML texts one child. */
function bodyChildren(parts: BodyPart[], ctx: RenderContext): FileChild[] {
  const out: FileChild[] = []
  let xml: string[] = []
  const flush = () => {
    if (xml.length > 0) out.push(ctx.xmlChild(xml.join('')))
    xml = []
  }
  for (const part of parts) {
    if (typeof part === 'string') {
      xml.push(part)
    } else {
      flush()
      out.push(part)
    }
  }
  flush()
  return out
}

/** A block as docx wrote it from the options this renderer gave it. */
function blockXml(block: Block, ctx: RenderContext): string {
  switch (block.type) {
    case 'paragraph':
      return paragraphXml('', runsXml(block.runs, {}, ctx))
    case 'list':
      return listXml(block, 0, ctx)
    case 'table':
      return tableBlockXml(block, ctx)
    case 'figure':
      return figureXml(block, ctx)
    case 'note':
      return noteXml(block, ctx)
    case 'pageBreak':
      return paragraphXml('<w:pageBreakBefore/>', '')
  }
}

function paragraphXml(properties: string, content: string): string {
  if (properties === '' && content === '') return '<w:p/>'
  return `<w:p>${properties && `<w:pPr>${properties}</w:pPr>`}${content}</w:p>`
}

/** A link's target when it is a web or mail address: only those become hyperlinks (no javascript: and the like). */
function webLink(link: string): string | undefined {
  const target = link.trim()
  return /^(https?:|mailto:)/i.test(target) ? target : undefined
}

/**
 * A list: the first paragraph of an item carries the bullet or number, the item's further
 * paragraphs are indented under it, nested lists go one level deeper. Each ordered list is a new
 * numbering instance so it starts at 1.
 */
function listXml(list: Extract<Block, { type: 'list' }>, level: number, ctx: RenderContext, closing = true): string {
  const reference = list.ordered ? 'ordered' : 'bullets'
  const instance = list.ordered ? ctx.nextListInstance() : 0
  const numbering = () => `<w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="${ctx.listNumbering(reference, instance)}"/></w:numPr>`
  const indent = `<w:ind w:left="${mm(8) * (level + 1)}"/>`
  let xml = ''
  list.items.forEach((item, i) => {
    let numbered = false
    item.forEach((block, j) => {
      // The list's very last paragraph gets a paragraph's space after it, the others less.
      const last = closing && i === list.items.length - 1 && j === item.length - 1
      if (block.type === 'list') {
        xml += listXml(block, Math.min(level + 1, 5), ctx, last)
      } else if (block.type === 'paragraph' || block.type === 'note') {
        const content = runsXml(block.runs, block.type === 'note' ? { italics: true, color: COLOR.grey } : {}, ctx)
        const spacing = `<w:spacing w:after="${last ? 160 : 60}"/>`
        xml += paragraphXml(numbered ? spacing + indent : numbering() + spacing, content)
        numbered = true
      } else {
        xml += blockXml(block, ctx)
      }
    })
  })
  return xml
}

const WARNING_NOTE_XML = `<w:pBdr><w:left w:val="single" w:color="${COLOR.warningRule}" w:sz="18" w:space="6"/></w:pBdr><w:shd w:fill="${COLOR.warningShade}" w:color="auto" w:val="clear"/><w:ind w:left="${mm(2)}"/>`

function noteXml(note: Extract<Block, { type: 'note' }>, ctx: RenderContext): string {
  if (note.tone === 'empty') return paragraphXml('<w:pStyle w:val="NoteEmpty"/>', runsXml(note.runs, {}, ctx))
  return paragraphXml(WARNING_NOTE_XML, runXml(`⚠ ${label(ctx.lang, 'warning')}: `, { bold: true }) + runsXml(note.runs, {}, ctx))
}

// ---------------------------------------------------------------------------------------------
// Tables

const CELL_MARGINS = { top: 40, bottom: 40, left: 80, right: 80 }
const THIN = { style: BorderStyle.SINGLE, size: 4, color: COLOR.rule }
const TABLE_BORDERS = { top: THIN, bottom: THIN, left: THIN, right: THIN, insideHorizontal: THIN, insideVertical: THIN }

/** Column widths in twips from the relative weights, over the width of the text. */
export function columnWidths(columns: Column[], total = TEXT_WIDTH): number[] {
  const sum = columns.reduce((s, c) => s + (c.weight > 0 ? c.weight : 0), 0)
  if (columns.length === 0) return []
  if (sum === 0) return columns.map(() => Math.floor(total / columns.length))
  const widths = columns.map((c) => Math.floor((total * Math.max(c.weight, 0)) / sum))
  widths[widths.length - 1]! += total - widths.reduce((s, w) => s + w, 0)
  return widths
}

/** A table block: its caption, the table, and a spacer. */
function tableBlockXml(block: TableBlock, ctx: RenderContext): string {
  const caption = block.caption ? paragraphXml('<w:pStyle w:val="Caption"/><w:keepNext/>', runXml(block.caption, {})) : ''
  return caption + tableXml(block, ctx) + SPACER_XML
}

/** Word joins two tables that touch; a small empty paragraph keeps them apart and gives air below. */
const SPACER_XML = paragraphXml('<w:spacing w:after="120" w:before="0" w:line="240" w:lineRule="auto"/><w:rPr><w:sz w:val="12"/><w:szCs w:val="12"/></w:rPr>', '')

const THIN_XML = `w:val="single" w:color="${COLOR.rule}" w:sz="4"`
const TABLE_BORDERS_XML = `<w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((side) => `<w:${side} ${THIN_XML}/>`).join('')}</w:tblBorders>`
/** Every cell's margins, given once for the table (what docx wrote into each cell). */
const CELL_MARGINS_XML = `<w:tblCellMar><w:top w:type="dxa" w:w="${CELL_MARGINS.top}"/><w:left w:type="dxa" w:w="${CELL_MARGINS.left}"/><w:bottom w:type="dxa" w:w="${CELL_MARGINS.bottom}"/><w:right w:type="dxa" w:w="${CELL_MARGINS.right}"/></w:tblCellMar>`
/** A grand-total row's rule above it. */
const TOTAL_BORDER_XML = `<w:tcBorders><w:top w:val="double" w:color="${COLOR.text}" w:sz="6"/></w:tcBorders>`
const ROW_PROPERTIES_XML = { head: '<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>', other: '<w:trPr><w:cantSplit/></w:trPr>' }

/**
 * The table with fixed column widths in twips, thin grey rules, and its head row repeated on
 * every page. What is the same for every cell is said once (the margins in the table's
 * properties, the text size in the TableText style, top alignment by default), which keeps a
 * large document's XML — and the time to write and deflate it — to about half.
 */
function tableXml(block: TableBlock, ctx: RenderContext): string {
  const widths = columnWidths(block.columns)
  const total = widths.reduce((s, w) => s + w, 0)
  const parts = [
    `<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="${total}"/>${TABLE_BORDERS_XML}<w:tblLayout w:type="fixed"/>${CELL_MARGINS_XML}</w:tblPr>`,
    `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>`,
  ]
  if (block.head.length > 0) parts.push(tableRowXml(block.head, block, widths, ctx, 'head'))
  for (const row of block.rows) parts.push(tableRowXml(row, block, widths, ctx, 'body'))
  for (const row of block.foot ?? []) parts.push(tableRowXml(row, block, widths, ctx, 'foot'))
  parts.push('</w:tbl>')
  return parts.join('')
}

function tableRowXml(cells: Cell[], block: TableBlock, widths: number[], ctx: RenderContext, part: 'head' | 'body' | 'foot'): string {
  // A grand-total row (every cell 'total') is ruled off and shaded; a lone 'total' cell is only bold.
  const totalRow = cells.length > 0 && cells.every((c) => c.emphasis === 'total')
  let column = 0
  let xml = `<w:tr>${part === 'head' ? ROW_PROPERTIES_XML.head : ROW_PROPERTIES_XML.other}`
  for (const cell of cells) {
    const span = Math.max(1, Math.min(cell.colspan ?? 1, widths.length - column))
    let width = 0
    for (let k = column; k < column + span; k++) width += widths[k] ?? 0
    const align = block.columns[column]?.align ?? 'left'
    column += span
    xml += tableCellXml(cell, { span, width, align, part, totalRow }, ctx)
  }
  return `${xml}</w:tr>`
}

type CellPlacement = { span: number; width: number; align: Column['align']; part: 'head' | 'body' | 'foot'; totalRow: boolean }

/** A cell: bold in the head and for totals, shaded head/muted/grand total, money formatted and right-aligned. */
function tableCellXml(cell: Cell, o: CellPlacement, ctx: RenderContext): string {
  const emphasis = cell.emphasis
  const bold = o.part === 'head' || emphasis === 'total' || emphasis === 'subtotal' ? true : undefined
  const color = emphasis === 'danger' ? COLOR.danger : emphasis === 'muted' ? COLOR.grey : undefined
  const fill = o.part === 'head' ? COLOR.headShade : emphasis === 'muted' ? COLOR.mutedShade : o.totalRow ? COLOR.totalShade : undefined
  // The size is TableText's (SIZE.table).
  let content = emphasis === 'danger' ? runXml('⚠ ', { color }) : ''
  if (cell.money) content += runXml(formatMoney(cell.money.minor, cell.money.currency, ctx.lang), { bold, color })
  else content += runsXml(cell.runs, { bold, color }, ctx)
  const properties =
    `<w:tcW w:type="dxa" w:w="${o.width}"/>` +
    (o.span > 1 ? `<w:gridSpan w:val="${o.span}"/>` : '') +
    (o.totalRow ? TOTAL_BORDER_XML : '') +
    (fill ? `<w:shd w:fill="${fill}" w:color="auto" w:val="clear"/>` : '') +
    (o.part === 'head' ? '<w:vAlign w:val="center"/>' : '')
  const jc = cell.money ? 'right' : o.align
  return `<w:tc><w:tcPr>${properties}</w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/><w:jc w:val="${jc}"/></w:pPr>${content}</w:p></w:tc>`
}

// ---------------------------------------------------------------------------------------------
// WordprocessingML written as text

/** How a run looks: what `runs` gives docx as a TextRun's options, as `runXml` writes them. */
type RunFormat = { style?: string; bold?: boolean; italics?: boolean; strike?: boolean; color?: string; size?: number; underline?: boolean; lineBreak?: boolean }

/** The document's runs written as XML: the same runs `runs` makes docx objects of. */
function runsXml(items: Run[], base: RunFormat, ctx: RenderContext): string {
  let xml = ''
  for (const r of items) {
    const format: RunFormat = {
      style: base.style,
      bold: r.bold ?? base.bold,
      italics: r.italic ?? base.italics,
      strike: r.strike,
      color: base.color,
      size: base.size,
      underline: r.underline || base.underline,
      lineBreak: r.break,
    }
    const link = r.link ? webLink(r.link) : undefined
    if (link === undefined) {
      xml += runXml(r.text, format)
    } else {
      format.style = 'Hyperlink'
      xml += `<w:hyperlink w:history="1" r:id="${ctx.linkId(link)}">${runXml(r.text, format)}</w:hyperlink>`
    }
  }
  return xml
}

/** A run as docx writes one (its properties in the schema's order). */
function runXml(text: string, f: RunFormat): string {
  let properties = f.style ? `<w:rStyle w:val="${f.style}"/>` : ''
  if (f.bold !== undefined) properties += f.bold ? '<w:b/><w:bCs/>' : '<w:b w:val="false"/><w:bCs w:val="false"/>'
  if (f.italics !== undefined) properties += f.italics ? '<w:i/><w:iCs/>' : '<w:i w:val="false"/><w:iCs w:val="false"/>'
  if (f.strike !== undefined) properties += f.strike ? '<w:strike/>' : '<w:strike w:val="false"/>'
  if (f.color) properties += `<w:color w:val="${f.color}"/>`
  if (f.size) properties += `<w:sz w:val="${f.size}"/><w:szCs w:val="${f.size}"/>`
  if (f.underline) properties += '<w:u w:val="single"/>'
  const open = properties === '' ? '<w:r>' : `<w:r><w:rPr>${properties}</w:rPr>`
  return `${open}${f.lineBreak ? '<w:br/>' : ''}<w:t xml:space="preserve">${xmlText(text)}</w:t></w:r>`
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }
/** Whatever `xmlText` changes: markup characters, and code units that may be outside XML 1.0's characters. */
const XML_SPECIAL = /[^\t\n\r\u0020\u0021\u0023-\u0025\u0028-\u003B\u003D\u003F-\uD7FF\uE000-\uFFFD]/

/**
 * Text for XML content or an attribute value: markup characters escaped (as docx escapes them),
 * and the characters XML 1.0 does not allow — control characters, lone surrogates, U+FFFE/FFFF —
 * left out, since one of them would make Word refuse the whole file.
 */
export function xmlText(text: string): string {
  if (!XML_SPECIAL.test(text)) return text
  return text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!)
}

// ---------------------------------------------------------------------------------------------
// Figures

/**
 * An SVG figure scaled to the text width (and at most 60 % of the page height), captioned below,
 * written as XML text like the tables: as docx images, the figures of a large document cost more
 * than its paragraphs (docx hashes every image's bytes in JavaScript).
 */
function figureXml(figure: Extract<Block, { type: 'figure' }>, ctx: RenderContext): string {
  const size = svgSize(figure.svg)
  const maxWidth = TEXT_WIDTH * PX_PER_TWIP
  const maxHeight = TEXT_HEIGHT * PX_PER_TWIP * 0.6
  const scale = Math.min(1, maxWidth / size.width, maxHeight / size.height)
  const width = Math.round(size.width * scale)
  const height = Math.round(size.height * scale)
  const svg = ctx.image(`svg:${figure.svg}`, 'svg', () => Buffer.from(figure.svg, 'utf8'))
  const raster = ctx.rasters.get(figure.svg)
  const png = raster ? ctx.image(`raster:${figure.svg}`, 'png', () => raster) : ctx.image(`png:${width}x${height}`, 'png', () => placeholderPng(width, height))
  const caption = figure.caption ?? ''
  const [frameId, pictureId] = [ctx.nextDrawingId(), ctx.nextDrawingId()]
  const cx = width * EMU_PER_PX
  const cy = height * EMU_PER_PX
  const drawing =
    `<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="${cx}" cy="${cy}"/><wp:effectExtent t="0" r="0" b="0" l="0"/>` +
    `<wp:docPr id="${frameId}" name="${xmlText(caption || 'figure')}"${caption ? ` descr="${xmlText(caption)}" title="${xmlText(caption)}"` : ''}/>` +
    `<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="${NS.a}" noChangeAspect="1"/></wp:cNvGraphicFramePr>` +
    `<a:graphic xmlns:a="${NS.a}"><a:graphicData uri="${NS.pic}"><pic:pic xmlns:pic="${NS.pic}">` +
    `<pic:nvPicPr><pic:cNvPr id="${pictureId}" name="" descr=""/><pic:cNvPicPr><a:picLocks noChangeAspect="1" noChangeArrowheads="1"/></pic:cNvPicPr></pic:nvPicPr>` +
    // The PNG is what applications that cannot draw SVG show; Word 2016+ draws the SVG of the extension.
    `<pic:blipFill><a:blip r:embed="${png}" cstate="none"><a:extLst><a:ext uri="{96DAC541-7B7A-43D3-8B79-37D633B846F1}"><asvg:svgBlip xmlns:asvg="${NS.asvg}" r:embed="${svg}"/></a:ext></a:extLst></a:blip>` +
    `<a:srcRect/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
    `<pic:spPr bwMode="auto"><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>` +
    `</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>`
  const picture = paragraphXml(`${figure.caption ? '<w:keepNext/>' : '<w:keepNext w:val="false"/>'}<w:spacing w:after="60" w:before="120"/><w:jc w:val="center"/>`, `<w:r>${drawing}</w:r>`)
  return figure.caption ? picture + paragraphXml('<w:pStyle w:val="Caption"/><w:jc w:val="center"/>', runXml(figure.caption, {})) : picture
}

/** PNG width of a diagram: about 130 dpi across the text width, sharp enough in print, light in memory. */
const RASTER_WIDTH = 800

function figureSvgs(sections: Section[], out: Set<string>): Set<string> {
  for (const s of sections) {
    for (const b of s.blocks) if (b.type === 'figure') out.add(b.svg)
    figureSvgs(s.children, out)
  }
  return out
}

/** Every figure of the document as PNG; one that cannot be drawn keeps the placeholder. */
async function rasterizeFigures(doc: SpecDocument): Promise<Map<string, Buffer>> {
  const svgs = figureSvgs([...doc.sections, ...doc.appendices], new Set())
  const out = new Map<string, Buffer>()
  if (svgs.size === 0) return out
  const { svgToPng } = await import('./rasterize.server')
  for (const svg of svgs) {
    try {
      out.set(svg, await svgToPng(svg, RASTER_WIDTH))
    } catch {
      // An SVG resvg cannot parse: the framed placeholder stands in for it.
    }
  }
  return out
}

const EMU_PER_PX = 9525
const NS = {
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  pic: 'http://schemas.openxmlformats.org/drawingml/2006/picture',
  asvg: 'http://schemas.microsoft.com/office/drawing/2016/SVG/main',
}

/** The SVG's size in CSS pixels, from its width/height attributes or its viewBox. */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/i.exec(svg)?.[0] ?? ''
  const attr = (name: string) => new RegExp(`\\s${name}="([\\d.]+)(?:px)?"`).exec(root)?.[1]
  const width = Number(attr('width'))
  const height = Number(attr('height'))
  if (width > 0 && height > 0) return { width, height }
  const box = /\sviewBox="[\d.-]+[\s,]+[\d.-]+[\s,]+([\d.]+)[\s,]+([\d.]+)"/.exec(root)
  if (box && Number(box[1]) > 0 && Number(box[2]) > 0) return { width: Number(box[1]), height: Number(box[2]) }
  return { width: 600, height: 400 }
}

const placeholderCache = new Map<string, Buffer>()

/**
 * The PNG shown instead of a figure's SVG by an application that cannot draw SVG, when the
 * figure could not be rasterised: a white picture with a grey frame of its proportions.
 */
function placeholderPng(width: number, height: number): Buffer {
  const w = Math.max(8, Math.round(width / 4))
  const h = Math.max(8, Math.round(height / 4))
  const key = `${w}x${h}`
  const cached = placeholderCache.get(key)
  if (cached) return cached
  const raw = Buffer.alloc((w + 1) * h, 255)
  for (let y = 0; y < h; y++) {
    raw[y * (w + 1)] = 0 // filter: none
    for (let x = 0; x < w; x++) {
      if (x === 0 || y === 0 || x === w - 1 || y === h - 1) raw[y * (w + 1) + 1 + x] = 160
    }
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(w, 0)
  header.writeUInt32BE(h, 4)
  header.set([8, 0, 0, 0, 0], 8) // 8-bit greyscale
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
  placeholderCache.set(key, png)
  return png
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

// ---------------------------------------------------------------------------------------------
// Signature sheet

const SIGNATURE_WEIGHTS = [2.6, 3.8, 3.0, 2.8]

/**
 * Every signature line: who (party and meaning of the signature, name, position), then either
 * "signed" with the time and, on a row of its own, the content hash it signed, or a blank line to
 * sign on paper and one for the date.
 */
function signatureSheet(doc: SpecDocument, ctx: RenderContext): FileChild[] {
  const lang = ctx.lang
  const { signatureSheet: sheet } = doc
  const widths = columnWidths(SIGNATURE_WEIGHTS.map((weight) => ({ weight, align: 'left' as const })))
  const headLabels = [`${label(lang, 'party')} / ${label(lang, 'meaning').toLocaleLowerCase()}`, `${label(lang, 'name')}, ${label(lang, 'position').toLocaleLowerCase()}`, label(lang, 'signature'), label(lang, 'time')]
  const head = new TableRow({
    tableHeader: true,
    children: headLabels.map((text, i) => signatureCell([new Paragraph({ style: 'SignatureText', children: [new TextRun({ text, bold: true })] })], widths[i]!, { fill: COLOR.headShade })),
  })
  return [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(sheet.title || label(lang, 'signatureSheet'))] }),
    new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      borders: TABLE_BORDERS,
      rows: [head, ...sheet.lines.flatMap((line) => signatureRows(line, widths, lang))],
    }),
    ctx.xmlChild(SPACER_XML),
  ]
}

function signatureRows(line: SignatureLine, widths: number[], lang: Lang): TableRow[] {
  const signed = line.signedAt !== undefined
  const para = (children: ParagraphChild[], options: { blankLine?: boolean } = {}) =>
    new Paragraph({
      style: 'SignatureText',
      border: options.blankLine ? { bottom: { style: BorderStyle.SINGLE, size: 6, color: COLOR.text, space: 1 } } : undefined,
      children,
    })
  const party = para([new TextRun({ text: label(lang, line.party), bold: true }), new TextRun({ text: label(lang, line.meaning), break: 1 })])
  const who = [new TextRun({ text: line.name, bold: true }), new TextRun({ text: line.position || line.role, break: line.name ? 1 : undefined })]
  if (line.role && line.position) who.push(new TextRun({ text: line.role, break: 1, color: COLOR.grey }))
  const cells = signed
    ? [party, para(who), para([new TextRun(label(lang, 'signed'))]), para([new TextRun(formatDateTime(line.signedAt!, lang))])]
    : [party, para(who), para([], { blankLine: true }), para([], { blankLine: true })]
  const rows = [
    new TableRow({
      cantSplit: true,
      height: signed ? undefined : { value: mm(16), rule: HeightRule.ATLEAST },
      children: cells.map((p, i) => signatureCell([p], widths[i]!, { bottom: !signed && i >= 2 })),
    }),
  ]
  if (signed) {
    const hash = new Paragraph({
      style: 'SignatureText',
      children: [new TextRun({ text: `${label(lang, 'hash')}: `, color: COLOR.grey }), new TextRun({ text: line.contentHash ?? '—', font: MONO_FONT, size: SIZE.hash })],
    })
    rows.push(new TableRow({ cantSplit: true, children: [signatureCell([hash], TEXT_WIDTH, { span: widths.length })] }))
  }
  return rows
}

function signatureCell(children: Paragraph[], width: number, o: { fill?: string; span?: number; bottom?: boolean } = {}): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    columnSpan: o.span,
    margins: { ...CELL_MARGINS, bottom: o.bottom ? 160 : CELL_MARGINS.bottom },
    verticalAlign: o.bottom ? VerticalAlignTable.BOTTOM : VerticalAlignTable.TOP,
    shading: o.fill ? { type: ShadingType.CLEAR, fill: o.fill, color: 'auto' } : undefined,
    children,
  })
}

// ---------------------------------------------------------------------------------------------
// Determinism

/**
 * docx draws relationship ids and the embedded fonts' obfuscation keys from Math.random. While
 * the document is built and packed — synchronously, so no other code runs meanwhile — it gets a
 * seeded generator instead, so the same input gives the same bytes.
 */
function deterministic<T>(build: () => T): T {
  const original = Math.random
  let seed = 0x5eed
  Math.random = () => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0
    let t = seed
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  try {
    return build()
  } finally {
    Math.random = original
  }
}

// ---------------------------------------------------------------------------------------------
// The package

/** A part of the package as docx's compiler gives it: XML text, or bytes (media, fonts). */
type PartData = string | Uint8Array | ArrayBuffer
type PackageFiles = Map<string, PartData>
type PackageCompiler = { compile(file: Document): PackageFiles }

/**
 * The package's parts by path, from the compiler `Packer` zips them with (private in docx 9.15;
 * the tests fail if it moves). Taking the parts instead of the zip lets the package be fixed up
 * as text and zipped once.
 */
function compilePackage(document: Document): PackageFiles {
  const compiler = (Packer as unknown as { compiler?: PackageCompiler }).compiler
  if (typeof compiler?.compile !== 'function') throw new Error('docx Packer.compiler.compile is missing: this renderer expects docx 9.15')
  return compiler.compile(document)
}

const FIXED_W3CDTF = '2000-01-01T00:00:00Z'

/**
 * The package's zip entries, depending on its input only: fixed creation/modification times in
 * docProps/core.xml, the counter docx shares across documents in one process (bookmark ids)
 * renumbered from the start of each document, and the embedded fonts' parts — and their keys in
 * word/fontTable.xml — the ones made once per process. The XML written as text is spliced into
 * document.xml, its relationships and images added. [Content_Types].xml comes first, as Word
 * writes it; the rest keep docx's order, the figures' images last.
 */
function normalisePackage(files: PackageFiles, fonts: EmbeddedFonts, ctx: RenderContext): ZipEntry[] {
  const text = (name: string) => {
    const data = files.get(name)
    return typeof data === 'string' ? data : data === undefined ? undefined : strFromU8(bytesOf(data))
  }
  const fixed = new Map<string, PartData>()
  const core = text('docProps/core.xml')
  if (core !== undefined) fixed.set('docProps/core.xml', core.replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:)/g, `$1${FIXED_W3CDTF}$2`))
  const document = text('word/document.xml')
  if (document !== undefined) fixed.set('word/document.xml', splice(renumberIds(document), ctx))
  const rels = text('word/_rels/document.xml.rels')
  if (rels !== undefined && ctx.relationships.length > 0) fixed.set('word/_rels/document.xml.rels', withRelationships(rels, ctx.relationships))
  const types = text('[Content_Types].xml')
  if (types !== undefined && ctx.media.size > 0) fixed.set('[Content_Types].xml', withImageTypes(types))
  const fontParts = new Map<string, CompressedData>()
  const fontTable = text('word/fontTable.xml')
  if (fontTable !== undefined) fixed.set('word/fontTable.xml', withFontKeys(fontTable, text('word/_rels/fontTable.xml.rels') ?? '', fonts, fontParts))
  const names = [...files.keys()].sort((a, b) => Number(b === '[Content_Types].xml') - Number(a === '[Content_Types].xml'))
  return [
    ...names.map((name) => ({ name, ...(fontParts.get(name) ?? compress(bytesOf(fixed.get(name) ?? files.get(name)!))) })),
    ...[...ctx.media].map(([name, data]) => ({ name, ...compressedMedia(data) })),
  ]
}

/**
 * document.xml with each placeholder of `RenderContext.xmlChild` replaced by its XML (which has
 * no ids to renumber), its lists' numbering placeholders replaced by their numIds.
 */
function splice(document: string, ctx: RenderContext): string {
  if (ctx.spliced.length === 0) return document
  const numId = (key: string) => {
    const id = ctx.numIds.get(key)
    if (id === undefined) throw new Error(`docx made no numbering instance for the list ${key}`)
    return String(id)
  }
  let found = 0
  const out = document.replace(new RegExp(`<${SPLICE_ELEMENT} n="(\\d+)"/>`, 'g'), (_m, n: string) => {
    found++
    return ctx.spliced[Number(n)]!.replace(/(<w:numId w:val=")\{([^}]+)\}"/g, (_l, head: string, key: string) => `${head}${numId(key)}"`)
  })
  if (found !== ctx.spliced.length) throw new Error(`document.xml has ${found} of ${ctx.spliced.length} placeholders: docx wrote them differently`)
  return out
}

/** The document's relationships with those of the XML written as text. */
function withRelationships(rels: string, relationships: RenderContext['relationships']): string {
  const added = relationships
    .map(({ id, type, target }) =>
      type === 'hyperlink'
        ? `<Relationship Id="${id}" Type="${RELATIONSHIP_TYPE}/hyperlink" Target="${xmlText(target)}" TargetMode="External"/>`
        : `<Relationship Id="${id}" Type="${RELATIONSHIP_TYPE}/image" Target="${xmlText(target)}"/>`,
    )
    .join('')
  return rels.replace('</Relationships>', `${added}</Relationships>`)
}

const RELATIONSHIP_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'

/** The content types with the figures' SVG and PNG (docx declares both already; this keeps it so should it stop). */
function withImageTypes(types: string): string {
  const missing = [
    ['svg', 'image/svg+xml'],
    ['png', 'image/png'],
  ].filter(([extension]) => !new RegExp(`<Default [^>]*Extension="${extension}"`).test(types))
  return missing.reduce((xml, [extension, type]) => xml.replace(/(<Types\b[^>]*>)/, `$1<Default ContentType="${type}" Extension="${extension}"/>`), types)
}

/**
 * The font table with each embedded face's key replaced by the key of the part made for that
 * face; `parts` gets that part under the path the font table's relationships give it.
 */
function withFontKeys(fontTable: string, rels: string, fonts: EmbeddedFonts, parts: Map<string, CompressedData>): string {
  const targets = new Map([...rels.matchAll(/<Relationship\b[^>]*?\sId="([^"]+)"[^>]*?\sTarget="([^"]+)"/g)].map((m) => [m[1]!, `word/${m[2]!}`]))
  return fontTable.replace(/(<w:(embed(?:Regular|Bold|Italic|BoldItalic)) r:id="([^"]+)" w:fontKey=")\{[^}]*\}"/g, (_m, head: string, element: FaceElement, id: string) => {
    const part = fonts.parts[element]
    const target = targets.get(id)
    if (!target) throw new Error(`the font table's ${element} (${id}) has no relationship`)
    parts.set(target, part.data)
    return `${head}{${part.key}}"`
  })
}

function bytesOf(data: PartData): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data, 'utf8')
  return data instanceof Uint8Array ? data : new Uint8Array(data)
}

/** A file's data as a zip holds it: deflated, with the CRC and size of what was deflated. */
type CompressedData = { crc: number; size: number; data: Uint8Array }
type ZipEntry = { name: string } & CompressedData

/**
 * Deflates with Node's zlib, several times faster than a JavaScript deflate; its output is
 * fixed for a given Node build, so the same input gives the same bytes.
 */
function compress(data: Uint8Array): CompressedData {
  return { crc: crc32(data), size: data.length, data: deflateRawSync(data, { level: 6 }) }
}

/**
 * An image's zip entry, made once per image per process: the diagrams' PNGs come from
 * rasterize.server's cache as the same buffers render after render, and deflating megabytes
 * of already-compressed PNG again every time would cost more than the rest of the package.
 */
const mediaEntries = new WeakMap<Uint8Array, CompressedData>()
function compressedMedia(data: Uint8Array): CompressedData {
  let entry = mediaEntries.get(data)
  if (!entry) {
    entry = { crc: crc32(data), size: data.length, data: deflateRawSync(data, { level: 1 }) }
    mediaEntries.set(data, entry)
  }
  return entry
}

/** Every entry's time: 2000-01-01 00:00 in MS-DOS form (date: years since 1980, month, day). */
const DOS_TIME = 0
const DOS_DATE = ((2000 - 1980) << 9) | (1 << 5) | 1

/** A plain zip (every entry deflated; no zip64, data descriptors or extra fields) of the entries in their order. */
function zipPackage(entries: ZipEntry[]): Buffer {
  const chunks: Uint8Array[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8')
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    writeEntryFields(local, 4, entry, name.length)
    const record = Buffer.alloc(46)
    record.writeUInt32LE(0x02014b50, 0)
    record.writeUInt16LE(20, 4) // made by: version 2.0
    writeEntryFields(record, 6, entry, name.length)
    record.writeUInt32LE(offset, 42)
    central.push(record, name)
    chunks.push(local, name, entry.data)
    offset += local.length + name.length + entry.data.length
  }
  const directory = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...chunks, directory, end])
}

/** The fields a local header and a central record share, from "version needed" to the name's length. */
function writeEntryFields(buffer: Buffer, at: number, entry: ZipEntry, nameLength: number): void {
  buffer.writeUInt16LE(20, at) // version needed: 2.0 (deflate)
  buffer.writeUInt16LE(/^[\x20-\x7e]*$/.test(entry.name) ? 0 : 0x0800, at + 2) // bit 11: the name is UTF-8
  buffer.writeUInt16LE(8, at + 4) // deflate
  buffer.writeUInt16LE(DOS_TIME, at + 6)
  buffer.writeUInt16LE(DOS_DATE, at + 8)
  buffer.writeUInt32LE(entry.crc, at + 10)
  buffer.writeUInt32LE(entry.data.length, at + 14)
  buffer.writeUInt32LE(entry.size, at + 18)
  buffer.writeUInt16LE(nameLength, at + 22)
}

function renumberIds(xml: string): string {
  const bookmarks = new Map<string, number>()
  const tocNames = new Map<string, number>()
  const next = (map: Map<string, number>, id: string) => {
    let value = map.get(id)
    if (value === undefined) map.set(id, (value = map.size + 1))
    return value
  }
  return xml
    .replace(/(<w:bookmark(?:Start|End)\b[^>]*?\sw:id=")(\d+)"/g, (_m, head: string, id: string) => `${head}${next(bookmarks, id)}"`)
    .replace(/(w:anchor="|w:name="|PAGEREF )_Toc(\d+)\b/g, (_m, head: string, id: string) => `${head}_Toc${next(tocNames, id)}`)
}

// ---------------------------------------------------------------------------------------------
// Reading the stamp back

/**
 * The version id and content hash a DOCX produced by Specwright carries in its custom
 * properties (falling back to the core keywords), or null when the bytes are not a readable
 * DOCX or carry no stamp.
 */
export async function readDocxStamp(bytes: Buffer): Promise<{ versionId?: string; contentHash?: string } | null> {
  let files: Unzipped
  try {
    files = unzipSync(bytes, { filter: (f) => f.name === 'docProps/custom.xml' || f.name === 'docProps/core.xml' })
  } catch {
    return null
  }
  const stamp: { versionId?: string; contentHash?: string } = {}
  const custom = files['docProps/custom.xml']
  if (custom) {
    const xml = strFromU8(custom)
    const versionId = customProperty(xml, CUSTOM.versionId)
    const contentHash = customProperty(xml, CUSTOM.contentHash)
    if (versionId) stamp.versionId = versionId
    if (contentHash) stamp.contentHash = contentHash
  }
  const core = files['docProps/core.xml']
  if (core) {
    const keywords = /<cp:keywords>([^<]*)<\/cp:keywords>/.exec(strFromU8(core))?.[1] ?? ''
    stamp.versionId ??= /(?:^|\s)specwright-version:(\S+)/.exec(keywords)?.[1]
    stamp.contentHash ??= /(?:^|\s)sha256:([0-9a-f]{64})/i.exec(keywords)?.[1]
    if (stamp.versionId === undefined) delete stamp.versionId
    if (stamp.contentHash === undefined) delete stamp.contentHash
  }
  return stamp.versionId || stamp.contentHash ? stamp : null
}

function customProperty(xml: string, name: string): string | undefined {
  const match = new RegExp(`<property\\b[^>]*\\sname="${name}"[^>]*>\\s*<vt:lpwstr>([^<]*)</vt:lpwstr>`).exec(xml)
  return match ? decodeXml(match[1]!) : undefined
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_m, entity: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[entity]!)
}
